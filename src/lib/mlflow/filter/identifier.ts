// Reads `[<type>.]<key>` identifiers, shared by filters and order_by.
//
// MLflow splits the identifier text at the FIRST dot: `tags.mlflow.runName` is type `tags`,
// key `mlflow.runName`. Keys with other characters are quoted: tags.`my-key`, metrics."a b".
// The pieces must touch (no spaces around the dot), which keeps `name = 'x'` unambiguous.

import { FilterSyntaxError } from './filter-syntax-error.js';
import type { Token, TokenCursor } from './tokenizer.js';

export interface Span {
  start: number;
  end: number;
}

export interface RawIdentifier extends Span {
  /** The type prefix as written (quotes removed), absent for bare attribute keys. */
  prefix?: { text: string } & Span;
  key: { text: string } & Span;
}

const NAME_KINDS = new Set(['word', 'backtick', 'dquote']);

export function isIdentifierStart(token: Token): boolean {
  return NAME_KINDS.has(token.kind);
}

/** Consumes one identifier; the caller has checked `isIdentifierStart(cursor.peek())`. */
export function readIdentifier(cursor: TokenCursor): RawIdentifier {
  const first = cursor.next();
  const dot = cursor.peek();
  if (dot.kind !== 'dot' || dot.start !== first.end) {
    return { start: first.start, end: first.end, key: { text: first.value, start: first.start, end: first.end } };
  }
  cursor.next();
  const key = readKey(cursor, first, dot);
  return {
    start: first.start,
    end: key.end,
    prefix: { text: first.value, start: first.start, end: first.end },
    key,
  };
}

/** After `prefix.`: one quoted key, or bare words joined by dots (`mlflow.runName`). */
function readKey(cursor: TokenCursor, prefix: Token, dot: Token): { text: string } & Span {
  const first = cursor.peek();
  if (first.start !== dot.end || !isIdentifierStart(first)) {
    throw new FilterSyntaxError(`Expected a key after '${prefix.text}.'`, dot.end, 0);
  }
  cursor.next();
  if (first.kind !== 'word') {
    if (first.value === '')
      throw new FilterSyntaxError('Key names cannot be empty', first.start, first.end - first.start);
    return { text: first.value, start: first.start, end: first.end };
  }
  let text = first.text;
  let end = first.end;
  while (cursor.peek().kind === 'dot' && cursor.peek().start === end) {
    const nextDot = cursor.next();
    const part = cursor.peek();
    if (part.kind !== 'word' || part.start !== nextDot.end) {
      throw new FilterSyntaxError(
        `Expected a name after '.'; quote keys containing special characters, e.g. tags.\`my-key\``,
        nextDot.end,
        0,
      );
    }
    cursor.next();
    text += `.${part.text}`;
    end = part.end;
  }
  return { text, start: first.start, end };
}
