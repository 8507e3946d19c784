// A small YAML reader for the subset MLflow writes in `MLmodel` files (PyYAML `safe_dump`, block
// style): nested block mappings and sequences, plain / single-quoted / double-quoted scalars
// (including PyYAML's wrapping of long scalars over several lines), literal and folded block
// scalars, flow collections (`{}`, `[a, b]`, `{k: v}`), comments and a leading `---`.
// Anchors, aliases, tags, complex keys and multiple documents are not supported.

export type YamlValue = string | number | boolean | null | YamlValue[] | { [key: string]: YamlValue };

export class YamlParseError extends Error {
  /** 1-based line of the problem. */
  readonly line: number;

  constructor(message: string, line: number) {
    super(`${message} (line ${line})`);
    this.name = 'YamlParseError';
    this.line = line;
  }
}

interface Line {
  /** 1-based line number. */
  number: number;
  indent: number;
  /** Text after the indentation (trailing spaces removed). */
  text: string;
  raw: string;
}

const isBlankOrComment = (line: Line): boolean => line.text === '' || line.text.startsWith('#');

/** Parses one YAML document; an empty document is `null`. */
export function parseYaml(source: string): YamlValue {
  const lines: Line[] = source
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\r|\n/)
    .map((raw, index) => {
      if (raw.includes('\t') && /^\s*\t/.test(raw)) throw new YamlParseError('Tabs are not allowed for indentation', index + 1);
      const indent = raw.length - raw.trimStart().length;
      return { number: index + 1, indent, text: raw.trim() === '' ? '' : raw.slice(indent).trimEnd(), raw };
    });
  const parser = new BlockParser(lines);
  return parser.document();
}

class BlockParser {
  private index = 0;

  constructor(private readonly lines: Line[]) {}

  document(): YamlValue {
    this.skipInsignificant();
    const first = this.peek();
    if (first && (first.text === '---' || first.text.startsWith('--- '))) {
      const rest = first.text.slice(3).trim();
      if (rest && !rest.startsWith('#')) {
        // `--- value` on the marker line.
        this.lines[this.index] = { ...first, indent: first.indent + 4, text: rest };
      } else {
        this.index += 1;
      }
    }
    this.skipInsignificant();
    const start = this.peek();
    if (!start) return null;
    const value = this.block(start.indent, -1);
    this.skipInsignificant();
    const next = this.peek();
    if (next && next.text !== '...' && next.text !== '---') throw new YamlParseError(`Unexpected content '${next.text}'`, next.number);
    return value;
  }

  private peek(): Line | undefined {
    return this.lines[this.index];
  }

  private skipInsignificant(): void {
    while (this.index < this.lines.length) {
      const line = this.lines[this.index];
      if (!line || !isBlankOrComment(line)) return;
      this.index += 1;
    }
  }

  /** A node starting at the next significant line, which is indented by exactly `indent`. */
  private block(indent: number, parentIndent: number): YamlValue {
    this.skipInsignificant();
    const line = this.peek();
    if (!line) return null;
    if (isSequenceItem(line.text)) return this.sequence(line.indent);
    if (findMappingColon(line.text) !== -1) return this.mapping(line.indent);
    // A bare scalar spanning one or more lines.
    this.index += 1;
    return this.inlineValue(line.text, line, Math.min(indent, parentIndent + 1) - 1);
  }

  private mapping(indent: number): { [key: string]: YamlValue } {
    const result: { [key: string]: YamlValue } = {};
    for (;;) {
      this.skipInsignificant();
      const line = this.peek();
      if (!line || line.indent < indent) return result;
      if (line.indent > indent) throw new YamlParseError('Unexpected indentation', line.number);
      if (isSequenceItem(line.text)) return result;
      const colon = findMappingColon(line.text);
      if (colon === -1) throw new YamlParseError(`Expected 'key: value', found '${line.text}'`, line.number);
      const key = readKey(line.text.slice(0, colon), line.number);
      const rest = line.text.slice(colon + 1).trim();
      this.index += 1;
      result[key] = this.valueAfterIndicator(rest, line, indent);
    }
  }

  private sequence(indent: number): YamlValue[] {
    const result: YamlValue[] = [];
    for (;;) {
      this.skipInsignificant();
      const line = this.peek();
      if (!line || line.indent < indent) return result;
      if (line.indent > indent) throw new YamlParseError('Unexpected indentation', line.number);
      if (!isSequenceItem(line.text)) return result;
      const rest = line.text.slice(1).trimStart();
      const offset = line.text.length - rest.length;
      if (rest === '' || rest.startsWith('#')) {
        this.index += 1;
        result.push(this.nestedOrNull(indent, true));
      } else if (isSequenceItem(rest) || findMappingColon(rest) !== -1) {
        // `- key: value` or `- - item`: the item is a block node indented where its text starts.
        this.lines[this.index] = { ...line, indent: indent + offset, text: rest };
        result.push(this.block(indent + offset, indent));
      } else {
        this.index += 1;
        result.push(this.valueAfterIndicator(rest, line, indent));
      }
    }
  }

  /** The value after `key:` or `- `; `rest` may be empty (then the value is the nested block). */
  private valueAfterIndicator(rest: string, line: Line, indent: number): YamlValue {
    if (rest === '' || rest.startsWith('#')) return this.nestedOrNull(indent, false);
    if (/^[|>]/.test(rest)) return this.blockScalar(rest, line, indent);
    return this.inlineValue(rest, line, indent);
  }

  /** What follows a key with no inline value: a deeper block, a same-indent sequence, or null. */
  private nestedOrNull(indent: number, inSequence: boolean): YamlValue {
    this.skipInsignificant();
    const next = this.peek();
    if (!next) return null;
    if (next.indent > indent) return this.block(next.indent, indent);
    // PyYAML writes a mapping's sequence value at the key's own indentation.
    if (!inSequence && next.indent === indent && isSequenceItem(next.text)) return this.sequence(indent);
    return null;
  }

  /**
   * A scalar or flow collection starting with `text` on `line`; continuation lines are those
   * indented deeper than `parentIndent` (blank lines inside fold to newlines).
   */
  private inlineValue(text: string, line: Line, parentIndent: number): YamlValue {
    const first = text[0];
    if (first === "'" || first === '"') {
      const { value, rest } = this.quoted(text, line);
      const tail = rest.trim();
      if (tail && !tail.startsWith('#')) throw new YamlParseError(`Unexpected text after a quoted value: '${tail}'`, line.number);
      return value;
    }
    if (first === '[' || first === '{') {
      const collected = this.collectFlow(text, line, parentIndent);
      return parseFlow(collected, line.number);
    }
    if (first === '&' || first === '*') throw new YamlParseError('Anchors and aliases are not supported', line.number);
    let plain = stripComment(text);
    // Plain multi-line scalar: deeper-indented, non-blank lines continue it.
    let pendingNewlines = 0;
    while (this.index < this.lines.length) {
      const next = this.lines[this.index];
      if (!next) break;
      if (next.text === '') {
        pendingNewlines += 1;
        this.index += 1;
        continue;
      }
      if (next.indent <= parentIndent || next.text.startsWith('#')) break;
      if (findMappingColon(next.text) !== -1) throw new YamlParseError('Mapping values are not allowed here', next.number);
      plain += pendingNewlines > 0 ? '\n'.repeat(pendingNewlines) : ' ';
      plain += stripComment(next.text);
      pendingNewlines = 0;
      this.index += 1;
    }
    // Blank lines that did not continue the scalar belong to whatever comes next.
    if (pendingNewlines > 0) this.index -= pendingNewlines;
    return resolvePlain(plain);
  }

  private quoted(text: string, line: Line): { value: string; rest: string } {
    const quote = text[0] as "'" | '"';
    let buffer = text.slice(1);
    let lineNumber = line.number;
    let value = '';
    for (;;) {
      const end = quote === "'" ? scanSingle(buffer) : scanDouble(buffer, lineNumber);
      if (end.closed) return { value: value + end.value, rest: buffer.slice(end.consumed) };
      // The scalar continues on the next lines: fold the line break.
      const chunk = end.value;
      if (quote === '"' && chunk.endsWith('\\\u0000')) {
        // An escaped line break joins the lines without a space.
        value += chunk.slice(0, -2);
        buffer = this.nextContinuation(lineNumber, quote, (count) => {
          value += '\n'.repeat(count);
        });
      } else {
        value += chunk.replace(/[ \t]+$/, '');
        let newlines = 0;
        buffer = this.nextContinuation(lineNumber, quote, (count) => {
          newlines = count;
        });
        value += newlines > 0 ? '\n'.repeat(newlines) : ' ';
      }
      lineNumber = this.lines[this.index - 1]?.number ?? lineNumber;
    }
  }

  /** Advances to the next non-blank line of a multi-line quoted scalar and returns its text. */
  private nextContinuation(lineNumber: number, quote: string, onBlankLines: (count: number) => void): string {
    let blanks = 0;
    for (;;) {
      const next = this.lines[this.index];
      if (!next) throw new YamlParseError(`Unterminated ${quote === "'" ? 'single' : 'double'}-quoted value`, lineNumber);
      this.index += 1;
      if (next.raw.trim() === '') {
        blanks += 1;
        continue;
      }
      onBlankLines(blanks);
      return next.raw.trimStart();
    }
  }

  private collectFlow(text: string, line: Line, parentIndent: number): string {
    let collected = text;
    let lineNumber = line.number;
    while (!flowBalanced(collected)) {
      const next = this.lines[this.index];
      if (!next) throw new YamlParseError('Unterminated flow collection', lineNumber);
      this.index += 1;
      if (next.text === '') continue;
      if (next.indent <= parentIndent) throw new YamlParseError('Unterminated flow collection', lineNumber);
      collected += ` ${next.text}`;
      lineNumber = next.number;
    }
    return collected;
  }

  private blockScalar(header: string, line: Line, parentIndent: number): string {
    const match = /^([|>])([+-]?)(\d?)([+-]?)\s*(#.*)?$/.exec(header);
    if (!match) throw new YamlParseError(`Invalid block scalar header '${header}'`, line.number);
    const literal = match[1] === '|';
    const chomping = match[2] || match[4] || '';
    const explicit = match[3] ? Number(match[3]) : undefined;
    const contentLines: string[] = [];
    let contentIndent = explicit !== undefined ? parentIndent + explicit : undefined;
    while (this.index < this.lines.length) {
      const next = this.lines[this.index];
      if (!next) break;
      if (next.raw.trim() === '') {
        contentLines.push('');
        this.index += 1;
        continue;
      }
      if (contentIndent === undefined) {
        if (next.indent <= parentIndent) break;
        contentIndent = next.indent;
      }
      if (next.indent < contentIndent) break;
      contentLines.push(next.raw.slice(contentIndent).trimEnd());
      this.index += 1;
    }
    // Trailing blank lines are subject to chomping; give back those that end the scalar.
    let trailing = 0;
    while (contentLines.length > 0 && contentLines[contentLines.length - 1] === '') {
      contentLines.pop();
      trailing += 1;
    }
    let body: string;
    if (literal) {
      body = contentLines.join('\n');
    } else {
      body = '';
      contentLines.forEach((text, position) => {
        if (position === 0) {
          body = text;
          return;
        }
        const previous = contentLines[position - 1] ?? '';
        const moreIndented = /^\s/.test(text) || /^\s/.test(previous);
        if (text === '') body += '\n';
        else if (previous === '' || moreIndented) body += (previous === '' ? '' : '\n') + text;
        else body += ` ${text}`;
      });
    }
    if (contentLines.length === 0) return chomping === '+' ? '\n'.repeat(trailing) : '';
    if (chomping === '-') return body;
    if (chomping === '+') return `${body}\n${'\n'.repeat(trailing)}`;
    return `${body}\n`;
  }
}

function isSequenceItem(text: string): boolean {
  return text === '-' || text.startsWith('- ');
}

/** Index of the `:` that ends a mapping key on this line, or -1 (quoted keys and flow values aware). */
function findMappingColon(text: string): number {
  if (text.startsWith('[') || text.startsWith('{')) return -1;
  let position = 0;
  if (text.startsWith("'") || text.startsWith('"')) {
    const quote = text[0];
    position = 1;
    while (position < text.length) {
      if (text[position] === quote) {
        if (quote === "'" && text[position + 1] === "'") {
          position += 2;
          continue;
        }
        break;
      }
      if (quote === '"' && text[position] === '\\') position += 1;
      position += 1;
    }
    position += 1;
    const after = text.slice(position).trimStart();
    if (!after.startsWith(':')) return -1;
    const colon = text.indexOf(':', position);
    const next = text[colon + 1];
    return next === undefined || next === ' ' ? colon : -1;
  }
  for (; position < text.length; position += 1) {
    const char = text[position];
    if (char === '#' && position > 0 && text[position - 1] === ' ') return -1;
    if (char === ':') {
      const next = text[position + 1];
      if (next === undefined || next === ' ') return position;
    }
  }
  return -1;
}

function readKey(raw: string, lineNumber: number): string {
  const key = raw.trim();
  if (key.startsWith("'") || key.startsWith('"')) {
    return scalarKey(parseFlow(key, lineNumber), lineNumber);
  }
  if (key === '') throw new YamlParseError('Empty mapping key', lineNumber);
  if (key.startsWith('? ')) throw new YamlParseError('Complex mapping keys are not supported', lineNumber);
  return key;
}

/** A mapping key as text; collections as keys are not supported. */
function scalarKey(key: YamlValue, lineNumber: number): string {
  if (typeof key === 'object' && key !== null) throw new YamlParseError('Complex mapping keys are not supported', lineNumber);
  return String(key);
}

function stripComment(text: string): string {
  const match = /(^|\s)#/.exec(text);
  return (match ? text.slice(0, match.index) : text).trim();
}

/** Single-quoted content up to the closing quote ('' is an escaped quote). */
function scanSingle(buffer: string): { value: string; closed: boolean; consumed: number } {
  let value = '';
  for (let position = 0; position < buffer.length; position += 1) {
    const char = buffer[position];
    if (char === "'") {
      if (buffer[position + 1] === "'") {
        value += "'";
        position += 1;
        continue;
      }
      return { value, closed: true, consumed: position + 1 };
    }
    value += char;
  }
  return { value, closed: false, consumed: buffer.length };
}

const DOUBLE_ESCAPES: Readonly<Record<string, string>> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  '\t': '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
};

/** Double-quoted content up to the closing quote; a trailing backslash marks an escaped line break (`\\\0`). */
function scanDouble(buffer: string, lineNumber: number): { value: string; closed: boolean; consumed: number } {
  let value = '';
  for (let position = 0; position < buffer.length; position += 1) {
    const char = buffer[position] ?? '';
    if (char === '"') return { value, closed: true, consumed: position + 1 };
    if (char === '\\') {
      const next = buffer[position + 1];
      if (next === undefined) return { value: `${value}\\\u0000`, closed: false, consumed: buffer.length };
      const hexLength = next === 'x' ? 2 : next === 'u' ? 4 : next === 'U' ? 8 : 0;
      if (hexLength > 0) {
        const hex = buffer.slice(position + 2, position + 2 + hexLength);
        if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== hexLength) throw new YamlParseError(`Invalid escape '\\${next}${hex}'`, lineNumber);
        value += String.fromCodePoint(parseInt(hex, 16));
        position += 1 + hexLength;
        continue;
      }
      const escaped = DOUBLE_ESCAPES[next];
      if (escaped === undefined) throw new YamlParseError(`Invalid escape '\\${next}'`, lineNumber);
      value += escaped;
      position += 1;
      continue;
    }
    value += char;
  }
  return { value, closed: false, consumed: buffer.length };
}

/** Whether brackets of a flow collection are closed (quotes respected). */
function flowBalanced(text: string): boolean {
  let depth = 0;
  let quote: string | null = null;
  for (let position = 0; position < text.length; position += 1) {
    const char = text[position];
    if (quote) {
      if (quote === '"' && char === '\\') position += 1;
      else if (char === quote) {
        if (quote === "'" && text[position + 1] === "'") position += 1;
        else quote = null;
      }
      continue;
    }
    if (char === "'" || char === '"') quote = char;
    else if (char === '[' || char === '{') depth += 1;
    else if (char === ']' || char === '}') depth -= 1;
  }
  return depth <= 0 && quote === null;
}

/** Parses a flow node (`[..]`, `{..}` or a scalar) that makes up the whole of `text`. */
function parseFlow(text: string, lineNumber: number): YamlValue {
  const reader = new FlowReader(text, lineNumber);
  const value = reader.node(false);
  reader.skipSpace();
  if (!reader.atEnd()) {
    const tail = reader.rest().trim();
    if (!tail.startsWith('#')) throw new YamlParseError(`Unexpected text '${tail}'`, lineNumber);
  }
  return value;
}

class FlowReader {
  private position = 0;

  constructor(
    private readonly text: string,
    private readonly lineNumber: number,
  ) {}

  atEnd(): boolean {
    return this.position >= this.text.length;
  }

  rest(): string {
    return this.text.slice(this.position);
  }

  skipSpace(): void {
    while (this.position < this.text.length && /\s/.test(this.text[this.position] ?? '')) this.position += 1;
  }

  private fail(message: string): never {
    throw new YamlParseError(message, this.lineNumber);
  }

  node(inCollection: boolean, isKey = false): YamlValue {
    this.skipSpace();
    const char = this.text[this.position];
    if (char === '[') return this.sequence();
    if (char === '{') return this.mapping();
    if (char === "'") {
      const scanned = scanSingle(this.text.slice(this.position + 1));
      if (!scanned.closed) this.fail('Unterminated single-quoted value');
      this.position += 1 + scanned.consumed;
      return scanned.value;
    }
    if (char === '"') {
      const scanned = scanDouble(this.text.slice(this.position + 1), this.lineNumber);
      if (!scanned.closed) this.fail('Unterminated double-quoted value');
      this.position += 1 + scanned.consumed;
      return scanned.value;
    }
    const start = this.position;
    while (this.position < this.text.length) {
      const current = this.text[this.position] ?? '';
      if (inCollection && (current === ',' || current === ']' || current === '}')) break;
      if (isKey && current === ':' && /[\s,\]}]|^$/.test(this.text[this.position + 1] ?? '')) break;
      if (current === '#' && this.position > start && /\s/.test(this.text[this.position - 1] ?? '')) break;
      this.position += 1;
    }
    return resolvePlain(this.text.slice(start, this.position).trim());
  }

  private sequence(): YamlValue[] {
    this.position += 1;
    const items: YamlValue[] = [];
    for (;;) {
      this.skipSpace();
      if (this.text[this.position] === ']') {
        this.position += 1;
        return items;
      }
      if (this.atEnd()) this.fail('Unterminated flow sequence');
      items.push(this.node(true));
      this.skipSpace();
      const separator = this.text[this.position];
      if (separator === ',') this.position += 1;
      else if (separator !== ']') this.fail(`Expected ',' or ']' in a flow sequence`);
    }
  }

  private mapping(): { [key: string]: YamlValue } {
    this.position += 1;
    const result: { [key: string]: YamlValue } = {};
    for (;;) {
      this.skipSpace();
      if (this.text[this.position] === '}') {
        this.position += 1;
        return result;
      }
      if (this.atEnd()) this.fail('Unterminated flow mapping');
      const key = this.node(true, true);
      this.skipSpace();
      let value: YamlValue = null;
      if (this.text[this.position] === ':') {
        this.position += 1;
        this.skipSpace();
        const next = this.text[this.position];
        value = next === ',' || next === '}' ? null : this.node(true);
      }
      result[scalarKey(key, this.lineNumber)] = value;
      this.skipSpace();
      const separator = this.text[this.position];
      if (separator === ',') this.position += 1;
      else if (separator !== '}') this.fail(`Expected ',' or '}' in a flow mapping`);
    }
  }
}

/** YAML 1.1 / PyYAML core schema resolution of a plain scalar. */
export function resolvePlain(text: string): YamlValue {
  if (text === '' || text === '~' || /^(null|Null|NULL)$/.test(text)) return null;
  if (/^(true|True|TRUE|yes|Yes|YES|on|On|ON)$/.test(text)) return true;
  if (/^(false|False|FALSE|no|No|NO|off|Off|OFF)$/.test(text)) return false;
  if (/^[-+]?(0|[1-9][0-9_]*)$/.test(text)) return Number(text.replaceAll('_', ''));
  if (/^0x[0-9a-fA-F_]+$/.test(text)) return parseInt(text.slice(2).replaceAll('_', ''), 16);
  if (/^0o[0-7_]+$/.test(text)) return parseInt(text.slice(2).replaceAll('_', ''), 8);
  if (/^[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?$/.test(text)) return Number(text.replaceAll('_', ''));
  if (/^[-+]?\.(inf|Inf|INF)$/.test(text)) return text.startsWith('-') ? -Infinity : Infinity;
  if (/^\.(nan|NaN|NAN)$/.test(text)) return NaN;
  return text;
}
