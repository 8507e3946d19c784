// Autocomplete for the filter box: the word at the caret is matched against identifiers built
// from the keys of the loaded runs (metrics., params., tags.) and MLflow's run attributes; after
// a complete condition, the keywords that may follow it (AND, OR). After
// `params.<key> =` (or a tag, with != / LIKE / ILIKE) the values seen in the experiment's loaded
// runs are offered instead.
import { quoteFilterString } from './filter-translation';

export interface FilterKeySets {
  metrics: readonly string[];
  params: readonly string[];
  tags: readonly string[];
}

export interface FilterSuggestion {
  /** Text inserted in place of the word at the caret. */
  insert: string;
  kind: 'metric' | 'param' | 'tag' | 'attribute' | 'dataset' | 'keyword' | 'value';
  key: string;
}

export interface SuggestionResult {
  /** Range of the typed text the chosen suggestion replaces. */
  from: number;
  to: number;
  suggestions: FilterSuggestion[];
}

export const RUN_ATTRIBUTE_KEYS: readonly string[] = ['run_name', 'status', 'start_time', 'end_time', 'user_id', 'run_id', 'artifact_uri'];
const DATASET_KEYS: readonly string[] = ['name', 'digest', 'context'];

const KIND_PREFIXES: Readonly<Record<Exclude<FilterSuggestion['kind'], 'keyword' | 'value'>, { canonical: string; aliases: readonly string[] }>> = {
  metric: { canonical: 'metrics', aliases: ['metric', 'metrics'] },
  param: { canonical: 'params', aliases: ['param', 'params', 'parameter', 'parameters'] },
  tag: { canonical: 'tags', aliases: ['tag', 'tags'] },
  attribute: { canonical: 'attributes', aliases: ['attribute', 'attributes', 'attr', 'run'] },
  dataset: { canonical: 'datasets', aliases: ['dataset', 'datasets'] },
};

const SIMPLE_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `prefix.key`, with the key in backticks unless it is a plain word. */
export function formatIdentifier(prefix: string, key: string): string {
  return SIMPLE_KEY.test(key) ? `${prefix}.${key}` : `${prefix}.\`${key}\``;
}

const WORD_BREAK = /[\s=<>!~(),]/;

/** True when the caret sits inside a quoted string value (not a quoted key). */
function insideString(text: string, position: number): boolean {
  let quote: string | null = null;
  let openedAt = -1;
  for (let index = 0; index < position; index += 1) {
    const ch = text.charAt(index);
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"' || ch === '`') {
      quote = ch;
      openedAt = index;
    }
  }
  if (quote === "'") return true;
  if (quote === '"') return text.charAt(openedAt - 1) !== '.';
  return false;
}

/** Is the word starting at `start` in a place where an identifier is expected? */
function atIdentifierPosition(text: string, start: number): boolean {
  const before = text.slice(0, start).trimEnd();
  if (before === '') return true;
  // After AND / OR, or after a '(' that opens a group (not an IN list).
  return /(^|\s)(and|or)$/i.test(before) || (before.endsWith('(') && !/\bin\s*\($/i.test(before));
}

// A condition's value just ended: a quoted string, a number after an operator, or an IN list.
const VALUE_END = /(?:'[^']*'|"[^"]*"|(?:^|[\s=<>!])-?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?|\))$/i;
const JOINING_KEYWORDS = ['AND', 'OR'] as const;

/** AND / OR when the word at the caret follows a complete condition (and a space). */
function keywordSuggestions(text: string, start: number, word: string, allowOr: boolean): FilterSuggestion[] {
  const before = text.slice(0, start);
  if (before.trim() === '' || !/\s$/.test(before) || !VALUE_END.test(before.trimEnd())) return [];
  return JOINING_KEYWORDS.filter((keyword) => (allowOr || keyword === 'AND') && keyword.startsWith(word.toUpperCase()) && keyword !== word.toUpperCase()).map(
    (keyword) => ({ insert: keyword, kind: 'keyword', key: keyword }),
  );
}

/** `allowOr`: offer OR after a condition (the server accepts it). */
export function suggestFilterKeys(text: string, caret: number, keys: FilterKeySets, limit = 12, allowOr = true): SuggestionResult | null {
  if (insideString(text, caret)) return null;
  let start = caret;
  let quote = false;
  while (start > 0) {
    const ch = text.charAt(start - 1);
    if (ch === '`' || ch === '"') quote = !quote;
    if (!quote && WORD_BREAK.test(ch)) break;
    start -= 1;
  }
  let end = caret;
  while (end < text.length && !WORD_BREAK.test(text.charAt(end))) end += 1;
  if (!atIdentifierPosition(text, start)) {
    const keywords = keywordSuggestions(text, start, text.slice(start, caret), allowOr);
    return keywords.length > 0 ? { from: start, to: end, suggestions: keywords } : null;
  }
  const word = text.slice(start, caret).replaceAll('`', '').replaceAll('"', '');
  const dot = word.indexOf('.');
  const typedPrefix = dot >= 0 ? word.slice(0, dot).toLowerCase() : null;
  const needle = (dot >= 0 ? word.slice(dot + 1) : word).toLowerCase();

  const candidates: { kind: Exclude<FilterSuggestion['kind'], 'keyword' | 'value'>; keys: readonly string[] }[] = [
    { kind: 'metric', keys: keys.metrics },
    { kind: 'param', keys: keys.params },
    { kind: 'tag', keys: keys.tags },
    { kind: 'attribute', keys: RUN_ATTRIBUTE_KEYS },
    { kind: 'dataset', keys: DATASET_KEYS },
  ];
  const starts: FilterSuggestion[] = [];
  const contains: FilterSuggestion[] = [];
  for (const { kind, keys: kindKeys } of candidates) {
    const prefixInfo = KIND_PREFIXES[kind];
    let prefix = prefixInfo.canonical;
    if (typedPrefix !== null) {
      const alias = prefixInfo.aliases.find((name) => name === typedPrefix);
      if (!alias) continue;
      prefix = alias;
    }
    for (const key of kindKeys) {
      const lower = key.toLowerCase();
      const suggestion: FilterSuggestion = { insert: formatIdentifier(prefix, key), kind, key };
      if (typedPrefix === null && !needle) {
        starts.push(suggestion);
      } else if (lower.startsWith(needle) || (typedPrefix === null && `${prefix}.${lower}`.startsWith(word.toLowerCase()))) {
        starts.push(suggestion);
      } else if (lower.includes(needle)) {
        contains.push(suggestion);
      }
    }
  }
  const suggestions = [...starts, ...contains].filter((suggestion) => suggestion.insert !== text.slice(start, end)).slice(0, limit);
  if (suggestions.length === 0) return null;
  return { from: start, to: end, suggestions };
}

/** Applies a suggestion; returns the new text and caret. */
export function applySuggestion(text: string, result: SuggestionResult, suggestion: FilterSuggestion): { text: string; caret: number } {
  const after = text.slice(result.to);
  const spacer = after.startsWith(' ') ? '' : ' ';
  const next = `${text.slice(0, result.from)}${suggestion.insert}${spacer}${after}`;
  return { text: next, caret: result.from + suggestion.insert.length + 1 };
}

/** Distinct values of one param or tag among the loaded runs. */
export type FilterValueLookup = (kind: 'params' | 'tags', key: string) => readonly string[];

// `params.lr = '0.0`, `tag."team" != `, `params.\`a b\` LIKE "x`: an identifier, a comparison and
// an optional opening quote with what was typed after it, ending at the caret.
const VALUE_CONTEXT = /(?:^|[\s(])(params?|parameters?|tags?)\.(`[^`]*`|"[^"]*"|[A-Za-z_][\w.-]*)\s*(?:=|!=|i?like)\s*(?:(['"])([^'"]*))?$/i;

export function suggestFilterValues(text: string, caret: number, lookup: FilterValueLookup, limit = 12): SuggestionResult | null {
  const match = VALUE_CONTEXT.exec(text.slice(0, caret));
  if (!match) return null;
  const [, kindWord = '', rawKey = '', quote, typed = ''] = match;
  const kind = kindWord.toLowerCase().startsWith('tag') ? 'tags' : 'params';
  const key = rawKey.replace(/^[`"]|[`"]$/g, '');
  const needle = typed.toLowerCase();
  const from = quote ? caret - typed.length - 1 : caret;
  let to = caret;
  if (quote) {
    // Replace the rest of the quoted value too, closing quote included.
    const close = text.indexOf(quote, caret);
    to = close >= 0 ? close + 1 : text.length;
  }
  const starts: FilterSuggestion[] = [];
  const contains: FilterSuggestion[] = [];
  for (const value of lookup(kind, key)) {
    const lower = value.toLowerCase();
    const suggestion: FilterSuggestion = { insert: quoteFilterString(value), kind: 'value', key: value };
    if (lower.startsWith(needle)) starts.push(suggestion);
    else if (lower.includes(needle)) contains.push(suggestion);
  }
  const suggestions = [...starts, ...contains].filter((suggestion) => suggestion.insert !== text.slice(from, to)).slice(0, limit);
  if (suggestions.length === 0) return null;
  return { from, to, suggestions };
}

const valueCollator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** The distinct values of one param or tag in some runs, sorted naturally, at most `limit`. */
export function distinctValues(runs: Iterable<{ params: Readonly<Record<string, string>>; tags: Readonly<Record<string, string>> }>, kind: 'params' | 'tags', key: string, limit = 500): string[] {
  const values = new Set<string>();
  for (const run of runs) {
    const record = run[kind];
    if (!Object.prototype.hasOwnProperty.call(record, key)) continue;
    const value = record[key];
    if (value !== undefined && value !== '') values.add(value);
    if (values.size >= limit) break;
  }
  return [...values].sort(valueCollator.compare);
}
