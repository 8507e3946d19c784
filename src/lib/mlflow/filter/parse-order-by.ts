// Parser for `order_by` entries: each entry is "<identifier> [ASC|DESC]" (direction
// case-insensitive, ASC by default). One field per entry: "a ASC, b DESC" is refused.

import { orderBySchemaFor, type OrderBySchema } from './entity-schemas.js';
import { FilterSyntaxError, OrderBySyntaxError } from './filter-syntax-error.js';
import { isIdentifierStart, readIdentifier, type RawIdentifier, type Span } from './identifier.js';
import { TokenCursor, tokenize } from './tokenizer.js';
import type { FilterClauseType, OrderByClause, SearchEntity } from './types.js';

/**
 * Parses the order_by list of a search. Positions in a thrown OrderBySyntaxError are offsets
 * into `clauses[error.clauseIndex]`.
 */
export function parseOrderBy(clauses: readonly string[], entity: SearchEntity): OrderByClause[] {
  const schema = orderBySchemaFor(entity);
  const parsed: OrderByClause[] = [];
  const seen = new Set<string>();
  clauses.forEach((text, index) => {
    const { clause, identifier } = parseEntry(text, index, schema);
    const field = `${clause.type}.${clause.key}`;
    if (schema.rejectDuplicates && seen.has(field)) {
      const listed = `[${clauses.map((entry) => `'${entry}'`).join(', ')}]`;
      throw failAt(`\`order_by\` contains duplicate fields: ${listed}`, identifier, index);
    }
    seen.add(field);
    parsed.push(clause);
  });
  return parsed;
}

function parseEntry(
  text: string,
  index: number,
  schema: OrderBySchema,
): { clause: OrderByClause; identifier: RawIdentifier } {
  try {
    const cursor = new TokenCursor(tokenize(text));
    const couldNotParse = `Invalid order_by clause '${text}'. Could not be parsed.`;
    const first = cursor.peek();
    if (!isIdentifierStart(first)) throw failAt(couldNotParse, first, index);
    const identifier = readIdentifier(cursor);
    const ascending = readDirection(cursor, text, index);
    const rest = cursor.peek();
    if (rest.kind !== 'eof') {
      throw new OrderBySyntaxError(couldNotParse, rest.start, text.length - rest.start, index);
    }
    return { clause: resolveField(schema, identifier, text, ascending, index), identifier };
  } catch (error) {
    // Tokenizer / identifier errors do not know which entry they came from.
    if (error instanceof FilterSyntaxError && !(error instanceof OrderBySyntaxError)) {
      throw new OrderBySyntaxError(error.message, error.position, error.length, index);
    }
    throw error;
  }
}

function readDirection(cursor: TokenCursor, text: string, index: number): boolean {
  const token = cursor.peek();
  if (token.kind !== 'word') return true;
  cursor.next();
  const direction = token.text.toLowerCase();
  if (direction === 'asc') return true;
  if (direction === 'desc') return false;
  throw failAt(`Invalid ordering key in order_by clause '${text}'.`, token, index);
}

function resolveField(
  schema: OrderBySchema,
  identifier: RawIdentifier,
  text: string,
  ascending: boolean,
  index: number,
): OrderByClause {
  if (schema.prefixes === null) {
    // Registered models: MLflow compares the whole identifier with its key list, so any
    // prefix (even `attribute.`) makes it unknown.
    const canonical = identifier.prefix === undefined ? schema.attributes.get(identifier.key.text) : undefined;
    if (canonical === undefined) {
      const written =
        identifier.prefix === undefined ? identifier.key.text : text.slice(identifier.start, identifier.end);
      throw failAt(schema.invalidAttributeMessage(written), identifier, index);
    }
    return { type: 'attribute', key: canonical, ascending };
  }
  const type = resolveType(schema.prefixes, schema, identifier, index);
  if (type === 'dataset' || !schema.orderableTypes.has(type)) {
    throw failAt(`Invalid order_by entity: ${type}`, identifier, index);
  }
  if (type !== 'attribute') return { type, key: identifier.key.text, ascending };
  const canonical = schema.attributes.get(identifier.key.text);
  if (canonical === undefined) throw failAt(schema.invalidAttributeMessage(identifier.key.text), identifier.key, index);
  return { type, key: canonical, ascending };
}

function resolveType(
  prefixes: ReadonlyMap<string, FilterClauseType>,
  schema: OrderBySchema,
  identifier: RawIdentifier,
  index: number,
): FilterClauseType {
  const prefix = identifier.prefix;
  if (prefix === undefined) return 'attribute';
  const type = prefixes.get(prefix.text);
  if (type === undefined) throw failAt(schema.invalidPrefixMessage(prefix.text), prefix, index);
  return type;
}

function failAt(message: string, span: Span, index: number): OrderBySyntaxError {
  return new OrderBySyntaxError(message, span.start, span.end - span.start, index);
}
