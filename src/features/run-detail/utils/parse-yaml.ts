// A small YAML reader for artifact previews (MLmodel, conda.yaml, configs): block mappings and
// sequences, flow [..] / {..} collections, quoted and plain scalars, | and > block scalars,
// comments and `---`. Anchors, aliases and tags are refused (YamlError) and the caller falls back
// to showing the text. Not a full YAML 1.2 implementation.

export type YamlValue = null | boolean | number | string | YamlValue[] | { [key: string]: YamlValue };

export class YamlError extends Error {
  constructor(message: string, line?: number) {
    super(line === undefined ? message : `${message} (line ${line + 1})`);
    this.name = 'YamlError';
  }
}

interface Line {
  indent: number;
  text: string;
  number: number;
}

/** Removes a trailing comment (`# ...` after whitespace) outside quotes. */
function stripComment(text: string): string {
  let quote: string | null = null;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (quote) {
      if (ch === quote) {
        if (quote === "'" && text[i + 1] === "'") i += 1;
        else quote = null;
      } else if (ch === '\\' && quote === '"') i += 1;
    } else if (ch === '"' || ch === "'") {
      if (i === 0 || /[\s:[{,-]/.test(text[i - 1] ?? '')) quote = ch;
    } else if (ch === '#' && (i === 0 || /\s/.test(text[i - 1] ?? ''))) {
      return text.slice(0, i).trimEnd();
    }
  }
  return text.trimEnd();
}

function resolvePlain(raw: string): YamlValue {
  const text = raw.trim();
  if (text === '' || text === '~' || /^(null|Null|NULL)$/.test(text)) return null;
  if (/^(true|True|TRUE)$/.test(text)) return true;
  if (/^(false|False|FALSE)$/.test(text)) return false;
  if (/^[-+]?\d+$/.test(text)) {
    const number = Number(text);
    return Number.isSafeInteger(number) && String(number) === text.replace(/^\+/, '') ? number : text;
  }
  if (/^[-+]?(\d+\.\d*|\.\d+|\d+)([eE][-+]?\d+)?$/.test(text)) {
    const number = Number(text);
    // Keep version-like text ("3.10") as written.
    return String(number) === text.replace(/^\+/, '') ? number : text;
  }
  if (/^[-+]?\.(inf|Inf|INF)$/.test(text)) return text.startsWith('-') ? -Infinity : Infinity;
  if (/^\.(nan|NaN|NAN)$/.test(text)) return NaN;
  if (/^[&*!]/.test(text)) throw new YamlError(`Anchors, aliases and tags are not supported: ${text.slice(0, 20)}`);
  return text;
}

function unescapeDouble(body: string): string {
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/g, (_match, code: string) => {
    switch (code[0]) {
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case 'r':
        return '\r';
      case '0':
        return '\0';
      case 'x':
      case 'u':
      case 'U':
        return String.fromCodePoint(parseInt(code.slice(1), 16));
      default:
        return code;
    }
  });
}

/** Parses a quoted scalar starting at text[start]; returns the value and the index after it. */
function readQuoted(text: string, start: number): [string, number] {
  const quote = text[start];
  let i = start + 1;
  let body = '';
  while (i < text.length) {
    const ch = text[i] as string;
    if (quote === "'" && ch === "'") {
      if (text[i + 1] === "'") {
        body += "'";
        i += 2;
        continue;
      }
      return [body, i + 1];
    }
    if (quote === '"' && ch === '\\') {
      body += ch + (text[i + 1] ?? '');
      i += 2;
      continue;
    }
    if (quote === '"' && ch === '"') return [unescapeDouble(body), i + 1];
    body += ch;
    i += 1;
  }
  throw new YamlError('Unterminated quoted string');
}

/** Flow collections and scalars inside them. */
function parseFlow(text: string): YamlValue {
  let pos = 0;
  const skip = () => {
    while (pos < text.length && /\s/.test(text[pos] ?? '')) pos += 1;
  };
  const value = (terminators: string): YamlValue => {
    skip();
    const ch = text[pos];
    if (ch === '[') {
      pos += 1;
      const items: YamlValue[] = [];
      skip();
      if (text[pos] === ']') {
        pos += 1;
        return items;
      }
      for (;;) {
        items.push(value(',]'));
        skip();
        if (text[pos] === ',') {
          pos += 1;
          skip();
          if (text[pos] === ']') {
            pos += 1;
            return items;
          }
          continue;
        }
        if (text[pos] === ']') {
          pos += 1;
          return items;
        }
        throw new YamlError('Bad flow sequence');
      }
    }
    if (ch === '{') {
      pos += 1;
      const map: Record<string, YamlValue> = {};
      skip();
      if (text[pos] === '}') {
        pos += 1;
        return map;
      }
      for (;;) {
        const key = value(':,}');
        skip();
        let item: YamlValue = null;
        if (text[pos] === ':') {
          pos += 1;
          item = value(',}');
          skip();
        }
        map[typeof key === 'string' ? key : JSON.stringify(key)] = item;
        if (text[pos] === ',') {
          pos += 1;
          skip();
          if (text[pos] === '}') {
            pos += 1;
            return map;
          }
          continue;
        }
        if (text[pos] === '}') {
          pos += 1;
          return map;
        }
        throw new YamlError('Bad flow mapping');
      }
    }
    if (ch === '"' || ch === "'") {
      const [result, next] = readQuoted(text, pos);
      pos = next;
      return result;
    }
    const start = pos;
    while (pos < text.length) {
      const current = text[pos] as string;
      if (terminators.includes(current)) {
        // In plain scalars a colon only ends the key when followed by a space or a terminator.
        if (current !== ':' || /[\s,}\]]/.test(text[pos + 1] ?? ' ')) break;
      }
      pos += 1;
    }
    return resolvePlain(text.slice(start, pos));
  };
  const result = value('');
  skip();
  if (pos < text.length) throw new YamlError(`Unexpected text after value: ${text.slice(pos, pos + 20)}`);
  return result;
}

function parseInlineValue(text: string): YamlValue {
  const trimmed = text.trim();
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) return parseFlow(trimmed);
  if (trimmed.startsWith('"') || trimmed.startsWith("'")) {
    const [result, next] = readQuoted(trimmed, 0);
    if (trimmed.slice(next).trim() !== '') throw new YamlError('Unexpected text after a quoted string');
    return result;
  }
  return resolvePlain(trimmed);
}

/** Position of the `:` that ends a mapping key, or -1. */
function findKeyColon(text: string): number {
  let i = 0;
  if (text[0] === '"' || text[0] === "'") {
    try {
      i = readQuoted(text, 0)[1];
    } catch {
      return -1;
    }
    const rest = text.slice(i);
    const match = /^\s*:(\s|$)/.exec(rest);
    return match ? i + rest.indexOf(':') : -1;
  }
  if (text[0] === '[' || text[0] === '{') return -1;
  for (; i < text.length; i += 1) {
    if (text[i] === ':' && (i + 1 === text.length || /\s/.test(text[i + 1] ?? ''))) return i;
  }
  return -1;
}

function parseKey(raw: string): string {
  const text = raw.trim();
  if (text.startsWith('"') || text.startsWith("'")) return readQuoted(text, 0)[0];
  return text;
}

function isSequenceItem(text: string): boolean {
  return text === '-' || text.startsWith('- ');
}

export function parseYaml(source: string): YamlValue {
  const rawLines = source.replace(/\r\n?/g, '\n').split('\n');
  const lines: (Line & { raw: string })[] = [];
  rawLines.forEach((raw, number) => {
    if (/^\s*(---|\.\.\.)\s*$/.test(raw) || /^%/.test(raw)) return;
    if (/\t/.test(raw.match(/^\s*/)?.[0] ?? '')) throw new YamlError('Tabs are not allowed for indentation', number);
    const indent = raw.length - raw.trimStart().length;
    lines.push({ indent, text: stripComment(raw.trimStart()), number, raw });
  });
  let index = 0;

  const nextContent = (from: number): number => {
    let i = from;
    while (i < lines.length && (lines[i]?.text ?? '') === '') i += 1;
    return i;
  };

  const blockScalar = (header: string, parentIndent: number): string => {
    const folded = header.startsWith('>');
    const keep = header.includes('+');
    const strip = header.includes('-');
    const body: string[] = [];
    let blockIndent = -1;
    while (index < lines.length) {
      const line = lines[index] as Line & { raw: string };
      if (line.raw.trim() === '') {
        body.push('');
        index += 1;
        continue;
      }
      if (line.indent <= parentIndent) break;
      if (blockIndent === -1) blockIndent = line.indent;
      if (line.indent < blockIndent) break;
      body.push(line.raw.slice(blockIndent));
      index += 1;
    }
    let trailing = 0;
    while (body.length > 0 && body[body.length - 1] === '') {
      body.pop();
      trailing += 1;
    }
    let text = folded ? body.reduce((acc, line, i) => (i === 0 ? line : line === '' || acc.endsWith('\n') ? `${acc}\n${line}` : `${acc} ${line}`), '') : body.join('\n');
    if (!strip) text += '\n';
    if (keep) text += '\n'.repeat(trailing);
    return text;
  };

  const parseValueAfterIndicator = (rest: string, ownIndent: number): YamlValue => {
    const trimmed = rest.trim();
    if (trimmed === '') {
      const next = nextContent(index);
      const line = lines[next];
      if (line && (line.indent > ownIndent || (line.indent === ownIndent && isSequenceItem(line.text)))) {
        index = next;
        return parseBlock(line.indent);
      }
      return null;
    }
    if (/^[|>][-+0-9]*$/.test(trimmed)) return blockScalar(trimmed, ownIndent);
    // Quoted or plain scalars may continue on more-indented lines.
    let text = trimmed;
    for (;;) {
      const next = lines[index];
      if (!next || next.text === '' || next.indent <= ownIndent) break;
      const unclosed = (text.startsWith('"') || text.startsWith("'")) && !isClosedQuote(text);
      const plainContinues = !/^["'[{]/.test(text) && findKeyColon(next.text) === -1 && !isSequenceItem(next.text);
      if (!unclosed && !plainContinues) break;
      text += ` ${next.text}`;
      index += 1;
    }
    return parseInlineValue(text);
  };

  const parseMapping = (indent: number): Record<string, YamlValue> => {
    const map: Record<string, YamlValue> = {};
    for (;;) {
      index = nextContent(index);
      const line = lines[index];
      if (!line || line.indent < indent) break;
      if (line.indent > indent) throw new YamlError('Unexpected indentation', line.number);
      if (isSequenceItem(line.text)) break;
      const colon = findKeyColon(line.text);
      if (colon === -1) throw new YamlError(`Expected "key: value"`, line.number);
      const key = parseKey(line.text.slice(0, colon));
      index += 1;
      map[key] = parseValueAfterIndicator(line.text.slice(colon + 1), indent);
    }
    return map;
  };

  const parseSequence = (indent: number): YamlValue[] => {
    const items: YamlValue[] = [];
    for (;;) {
      index = nextContent(index);
      const line = lines[index];
      if (!line || line.indent !== indent || !isSequenceItem(line.text)) break;
      const rest = line.text.slice(1);
      const offset = rest.length - rest.trimStart().length + 1;
      const content = rest.trim();
      if (content !== '' && (findKeyColon(content) !== -1 || isSequenceItem(content))) {
        // "- key: value" starts a mapping (or "- - x" a sequence) indented at the content.
        lines[index] = { ...line, indent: indent + offset, text: content };
        items.push(parseBlock(indent + offset));
      } else {
        index += 1;
        items.push(parseValueAfterIndicator(content, indent));
      }
    }
    return items;
  };

  const parseBlock = (indent: number): YamlValue => {
    index = nextContent(index);
    const line = lines[index];
    if (!line) return null;
    if (isSequenceItem(line.text)) return parseSequence(indent);
    if (findKeyColon(line.text) !== -1) return parseMapping(indent);
    index += 1;
    return parseValueAfterIndicator(line.text, indent - 1);
  };

  const first = nextContent(0);
  if (first >= lines.length) return null;
  index = first;
  const result = parseBlock(lines[first]?.indent ?? 0);
  const rest = nextContent(index);
  if (rest < lines.length) throw new YamlError('Unexpected content', lines[rest]?.number);
  return result;
}

function isClosedQuote(text: string): boolean {
  try {
    readQuoted(text, 0);
    return true;
  } catch {
    return false;
  }
}
