// Turns what the user typed plus the quick filters into one MLflow runs filter string.
// Every piece is joined with AND; typed text with a top-level OR (Runboard's extension) is
// wrapped in parentheses first, since AND binds tighter than OR.
import { FilterSyntaxError } from '../../../lib/mlflow/filter/filter-syntax-error';
import { isJunction, parseFilter } from '../../../lib/mlflow/filter/parse-filter';
import { tokenize } from '../../../lib/mlflow/filter/tokenizer';
import { RUN_STATUSES, type RunStatus } from '../../../lib/mlflow/wire-types';
import { orderByForColumn } from './column-ids';
import type { CreatedRange, RunsSort, RunsViewState } from '../runs-url-state';

export interface FilterProblem {
  message: string;
  /** 0-based offset into the typed text */
  position: number;
  /** 0 when something is missing at `position` */
  length: number;
}

export type FilterTextResult =
  | { kind: 'empty' }
  | { kind: 'mlflow'; filter: string; /** OR or parentheses: needs Runboard's server. */ usesOr: boolean }
  | { kind: 'plain'; filter: string }
  | { kind: 'error'; problem: FilterProblem };

const OPERATOR_HINT = /[=<>!~]|\b(?:i?like|in)\s*['"(]/i;
const PREFIX_HINT = /^\s*(?:metrics?|params?|parameters?|tags?|attributes?|attr|run|datasets?)\.\S/i;

/** True when the text reads like an MLflow filter expression rather than a run name fragment. */
export function looksLikeFilterExpression(text: string): boolean {
  return OPERATOR_HINT.test(text) || PREFIX_HINT.test(text);
}

/**
 * Quotes a string value for a filter. MLflow strips the outer quotes without unescaping, so a
 * value with both quote kinds cannot be written exactly: single quotes then become `_`
 * (LIKE's any-one-character), which still matches the original text.
 */
export function quoteFilterString(value: string, forLike = false): string {
  if (!value.includes("'")) return `'${value}'`;
  if (!value.includes('"')) return `"${value}"`;
  return `'${forLike ? value.replaceAll("'", '_') : value.replaceAll("'", '')}'`;
}

export function plainTextFilter(text: string): string {
  return `attributes.run_name ILIKE ${quoteFilterString(`%${text.trim()}%`, true)}`;
}

/** Validates the typed text with the shared MLflow filter parser, before any request is sent. */
export function translateFilterText(text: string): FilterTextResult {
  if (!text.trim()) return { kind: 'empty' };
  try {
    const { expression } = parseFilter(text, 'runs', { allowOr: true });
    const topLevelOr = expression !== null && isJunction(expression) && expression.junction === 'OR';
    const usesOr = topLevelOr || usesOrKeyword(text);
    return { kind: 'mlflow', filter: topLevelOr ? `(${text.trim()})` : text.trim(), usesOr };
  } catch (error) {
    if (!(error instanceof FilterSyntaxError)) throw error;
    if (!looksLikeFilterExpression(text)) return { kind: 'plain', filter: plainTextFilter(text) };
    return { kind: 'error', problem: { message: error.message, position: error.position, length: error.length } };
  }
}

/** True when the text joins conditions with OR or groups them with parentheses (not IN lists). */
function usesOrKeyword(text: string): boolean {
  const tokens = tokenize(text);
  return tokens.some((token, index) => {
    if (token.kind === 'word' && token.text.toUpperCase() === 'OR') return true;
    if (token.kind !== 'lparen') return false;
    const before = tokens[index - 1];
    return !(before?.kind === 'word' && before.text.toUpperCase() === 'IN');
  });
}

const HOUR = 3_600_000;
const WITHIN_MS: Readonly<Record<Exclude<CreatedRange['within'], 'custom'>, number>> = {
  '1h': HOUR,
  '24h': 24 * HOUR,
  '7d': 7 * 24 * HOUR,
  '30d': 30 * 24 * HOUR,
};

export function createdClauses(range: CreatedRange | null, now: number): string[] {
  if (!range) return [];
  if (range.within === 'custom') {
    const clauses: string[] = [];
    if (range.from !== undefined) clauses.push(`attributes.start_time >= ${range.from}`);
    if (range.to !== undefined) clauses.push(`attributes.start_time <= ${range.to}`);
    return clauses;
  }
  return [`attributes.start_time >= ${now - WITHIN_MS[range.within]}`];
}

/**
 * MLflow has neither OR nor IN for status, so a set of statuses is written as "not any of
 * the others".
 */
export function statusClauses(statuses: readonly RunStatus[]): string[] {
  const wanted = new Set(statuses);
  if (wanted.size === 0 || wanted.size >= RUN_STATUSES.length) return [];
  if (wanted.size === 1) return [`attributes.status = '${[...wanted][0] ?? ''}'`];
  return RUN_STATUSES.filter((status) => !wanted.has(status)).map((status) => `attributes.status != '${status}'`);
}

export function joinClauses(clauses: readonly string[]): string {
  return clauses.filter((clause) => clause.trim()).join(' AND ');
}

export type SearchFilterResult = { ok: true; filter: string } | { ok: false; problem: FilterProblem };

/** The filter string sent to runs/search for the current view. */
export function buildSearchFilter(state: Pick<RunsViewState, 'filter' | 'statuses' | 'created'>, now: number): SearchFilterResult {
  const typed = translateFilterText(state.filter);
  if (typed.kind === 'error') return { ok: false, problem: typed.problem };
  const clauses = [typed.kind === 'empty' ? '' : typed.filter, ...statusClauses(state.statuses), ...createdClauses(state.created, now)];
  return { ok: true, filter: joinClauses(clauses) };
}

export function buildOrderBy(sort: RunsSort | null): string[] {
  if (!sort) return [];
  const orderBy = orderByForColumn(sort.columnId, sort.descending);
  return orderBy ? [orderBy] : [];
}

