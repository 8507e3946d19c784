// Tokenizer shared by the filter and order_by parsers.
//
// MLflow parses these strings with sqlparse; this tokenizer accepts the same lexical forms
// that matter for MLflow searches: bare words, `backtick` and "double" quoted names,
// 'single' / "double" quoted strings, numbers, comparison operators and ( , ) punctuation.
// Whitespace is skipped but every token keeps its source span, which the parsers use both
// for error positions and to require that `type.key` identifiers are written without spaces.

import { FilterSyntaxError } from './filter-syntax-error.js';

export type TokenKind =
  'word' | 'backtick' | 'dquote' | 'squote' | 'number' | 'op' | 'lparen' | 'rparen' | 'comma' | 'dot' | 'eof';

export interface Token {
  kind: TokenKind;
  /** Exact source text of the token, quotes included. */
  text: string;
  /** Unquoted, unescaped content for quoted tokens; equal to `text` otherwise. */
  value: string;
  start: number;
  end: number;
}

const WORD_CHAR = /[\p{L}\p{N}\p{M}_]/u;
const WORD_RUN = /[\p{L}\p{N}\p{M}_]+/uy;
// sqlparse-compatible numbers plus an optional sign in the exponent (JS prints 1e+21).
const NUMBER = /-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y;
const OPERATOR_RUN = /[<>=!~]+/y;
const DIGIT = /\d/;
// Characters MLflow allows in metric/param/tag keys that a bare name cannot hold.
const KEY_CHARACTERS: ReadonlySet<string> = new Set(['-', '/', ':']);

const QUOTE_KINDS: Readonly<Record<string, TokenKind>> = { '`': 'backtick', '"': 'dquote', "'": 'squote' };
const PUNCTUATION_KINDS: Readonly<Record<string, TokenKind>> = { '(': 'lparen', ')': 'rparen', ',': 'comma' };

/** Splits `input` into tokens; the last token is always `eof`. Throws FilterSyntaxError on stray characters. */
export function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  while (pos < input.length) {
    const ch = input.charAt(pos);
    if (/\s/.test(ch)) {
      pos += 1;
      continue;
    }
    const token = readToken(input, pos, tokens[tokens.length - 1]);
    tokens.push(token);
    pos = token.end;
  }
  tokens.push({ kind: 'eof', text: '', value: '', start: input.length, end: input.length });
  return tokens;
}

function readToken(input: string, pos: number, previous: Token | undefined): Token {
  const ch = input.charAt(pos);
  const quoteKind = QUOTE_KINDS[ch];
  if (quoteKind !== undefined) return readQuoted(input, pos, quoteKind);

  const punctuationKind = PUNCTUATION_KINDS[ch];
  if (punctuationKind !== undefined) return simpleToken(input, punctuationKind, pos, pos + 1);

  const followsName = previous !== undefined && previous.end === pos && isNameToken(previous);
  if (ch === '.' && (followsName || !DIGIT.test(input.charAt(pos + 1)))) {
    return simpleToken(input, 'dot', pos, pos + 1);
  }
  // Right after `prefix.` a digit starts a key segment (`tags.2021`), not a number.
  const afterDot = previous !== undefined && previous.kind === 'dot' && previous.end === pos;
  if (!afterDot && startsNumber(input, pos)) {
    const number = matchAt(NUMBER, input, pos);
    const end = pos + number.length;
    if (number.length > 0 && !WORD_CHAR.test(input.charAt(end))) return simpleToken(input, 'number', pos, end);
  }
  const word = matchAt(WORD_RUN, input, pos);
  if (word.length > 0) return simpleToken(input, 'word', pos, pos + word.length);

  const operator = matchAt(OPERATOR_RUN, input, pos);
  if (operator.length > 0) return simpleToken(input, 'op', pos, pos + operator.length);

  const codePoint = String.fromCodePoint(input.codePointAt(pos) ?? 0);
  // Usually an unquoted key such as metrics.model-acc; say how to write it.
  const hint = KEY_CHARACTERS.has(codePoint) ? '; quote keys that contain it, e.g. tags.`my-key`' : '';
  throw new FilterSyntaxError(`Unexpected character '${codePoint}' in filter string${hint}`, pos, codePoint.length);
}

/** Quoted token; a doubled quote character inside stands for one quote (SQL style). */
function readQuoted(input: string, start: number, kind: TokenKind): Token {
  const quote = input.charAt(start);
  let value = '';
  let pos = start + 1;
  while (pos < input.length) {
    const ch = input.charAt(pos);
    if (ch === quote) {
      if (input.charAt(pos + 1) !== quote) {
        return { kind, text: input.slice(start, pos + 1), value, start, end: pos + 1 };
      }
      pos += 1; // doubled quote: keep one
    }
    value += ch;
    pos += 1;
  }
  const what = kind === 'backtick' ? 'quoted name' : 'string';
  throw new FilterSyntaxError(`Unterminated ${what}: missing closing ${quote}`, start, input.length - start);
}

function startsNumber(input: string, pos: number): boolean {
  const ch = input.charAt(pos);
  if (DIGIT.test(ch)) return true;
  if (ch === '.') return DIGIT.test(input.charAt(pos + 1));
  if (ch === '-') {
    const next = input.charAt(pos + 1);
    return DIGIT.test(next) || (next === '.' && DIGIT.test(input.charAt(pos + 2)));
  }
  return false;
}

function isNameToken(token: Token): boolean {
  return token.kind === 'word' || token.kind === 'backtick' || token.kind === 'dquote';
}

function matchAt(sticky: RegExp, input: string, pos: number): string {
  sticky.lastIndex = pos;
  return sticky.exec(input)?.[0] ?? '';
}

function simpleToken(input: string, kind: TokenKind, start: number, end: number): Token {
  const text = input.slice(start, end);
  return { kind, text, value: text, start, end };
}

/** Forward-only reader over a token list; `peek` past the end keeps returning `eof`. */
export class TokenCursor {
  private index = 0;
  private readonly eof: Token;

  constructor(private readonly tokens: readonly Token[]) {
    const last = tokens[tokens.length - 1];
    this.eof = last ?? { kind: 'eof', text: '', value: '', start: 0, end: 0 };
  }

  peek(offset = 0): Token {
    return this.tokens[this.index + offset] ?? this.eof;
  }

  next(): Token {
    const token = this.peek();
    if (token.kind !== 'eof') this.index += 1;
    return token;
  }

  /** The token before the current one (for "after X" messages); undefined at the start. */
  previous(): Token | undefined {
    return this.tokens[this.index - 1];
  }
}

/** Case-insensitive keyword test for bare words (AND, OR, NOT, IN, LIKE, ...). */
export function isKeyword(token: Token, keyword: string): boolean {
  return token.kind === 'word' && token.text.toUpperCase() === keyword;
}
