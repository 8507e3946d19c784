// Parser for MLflow search filter strings (runs, experiments, registered models, model versions).
//
// Grammar (keywords case-insensitive):
//   filter     := <empty> | or
//   or         := and (OR and)*                -- only with allowOr (runs, Runboard's server)
//   and        := primary (AND primary)*
//   primary    := '(' or ')' | clause           -- parentheses only with allowOr
//   clause     := identifier operator value
//   identifier := [type '.'] key            -- see identifier.ts
//   operator   := = | != | < | <= | > | >= | LIKE | ILIKE | IN | NOT IN
//   value      := 'string' | "string" | number | '(' 'string' (',' 'string')* ')'
// Without allowOr, OR and parentheses are refused like MLflow refuses them. A NOT prefix and
// IS [NOT] NULL are always refused. A trailing AND (which MLflow 2.17 happens to forgive) is
// refused too; the golden quirk allows it.
// A filter holds at most MAX_FILTER_CLAUSES conditions and MAX_FILTER_DEPTH nested parentheses,
// so a hostile string cannot make the parser, the SQL or the evaluator grow without bound.

import { filterSchemaFor, formatPySet, type FieldRule, type FilterSchema } from './entity-schemas.js';
import { FilterSyntaxError } from './filter-syntax-error.js';
import { isIdentifierStart, readIdentifier, type RawIdentifier, type Span } from './identifier.js';
import { TokenCursor, isKeyword, tokenize, type Token } from './tokenizer.js';
import type {
  FilterClause,
  FilterClauseType,
  FilterExpression,
  FilterOp,
  FilterValue,
  ParsedFilter,
  ParseFilterOptions,
  SearchEntity,
} from './types.js';

/**
 * Most conditions one filter may hold (IN lists count once): each metric, param or tag condition is
 * a subquery per candidate run on the server, and 200 of them already hold its event loop ~400 ms.
 */
export const MAX_FILTER_CLAUSES = 100;
/** Deepest nesting of parentheses around conditions. */
export const MAX_FILTER_DEPTH = 32;

const CLAUSE_ERROR = 'Invalid clause(s) in filter string';
const COMPARISON_OPS: ReadonlySet<string> = new Set(['=', '!=', '<', '<=', '>', '>=']);
const WORD_OPS: ReadonlySet<string> = new Set(['LIKE', 'ILIKE', 'IN']);

interface RawOperator extends Span {
  /** null when the text is not an operator MLflow knows (`==`, `<>`); refused once the field is known. */
  op: FilterOp | null;
  text: string;
}

type RawValue = Span & { text: string } & (
    { kind: 'string'; value: string } | { kind: 'number'; value: number } | { kind: 'list'; values: string[] } | { kind: 'bare' }
  );

/**
 * Parses `input` for the given search. Empty or whitespace-only input means "no filter".
 * OR and parentheses are read only for runs with `options.allowOr`.
 * @throws FilterSyntaxError with the position of the offending text.
 */
export function parseFilter(input: string, entity: SearchEntity, options: ParseFilterOptions = {}): ParsedFilter {
  const cursor = new TokenCursor(tokenize(input));
  if (cursor.peek().kind === 'eof') return { clauses: [], expression: null };
  const parser = new ExpressionParser(cursor, input, filterSchemaFor(entity), options.allowOr === true && entity === 'runs');
  const expression = parser.parseOr(0);
  const rest = cursor.peek();
  // parseOr stops only at the end or at a ')' (which at depth 0 has no '(').
  if (rest.kind !== 'eof') throw errorAt(`${CLAUSE_ERROR}: this ')' has no matching '('`, rest);
  return { clauses: topLevelClauses(expression), expression };
}

/** True for an AND / OR node of a parsed filter, false for a single clause. */
export function isJunction(expression: FilterExpression): expression is Exclude<FilterExpression, FilterClause> {
  return 'junction' in expression;
}

function topLevelClauses(expression: FilterExpression): FilterClause[] {
  if (!isJunction(expression)) return [expression];
  if (expression.junction === 'OR') return [];
  return expression.operands.filter((operand): operand is FilterClause => !isJunction(operand));
}

/** Joins operands, lifting nested junctions of the same kind: a AND (b AND c) is a AND b AND c. */
function junction(kind: 'AND' | 'OR', operands: FilterExpression[]): FilterExpression {
  const flat = operands.flatMap((operand) => (isJunction(operand) && operand.junction === kind ? operand.operands : [operand]));
  return flat.length === 1 && flat[0] !== undefined ? flat[0] : { junction: kind, operands: flat };
}

class ExpressionParser {
  private clauseCount = 0;

  constructor(
    private readonly cursor: TokenCursor,
    private readonly input: string,
    private readonly schema: FilterSchema,
    private readonly allowOr: boolean,
  ) {}

  parseOr(depth: number): FilterExpression {
    const operands = [this.parseAnd(depth)];
    while (this.allowOr && isKeyword(this.cursor.peek(), 'OR')) {
      const or = this.cursor.next();
      if (this.cursor.peek().kind === 'eof') throw errorAt(`${CLAUSE_ERROR}: a condition must follow 'OR'`, or);
      operands.push(this.parseAnd(depth));
    }
    return junction('OR', operands);
  }

  private parseAnd(depth: number): FilterExpression {
    const operands = [this.parsePrimary(depth)];
    for (;;) {
      const token = this.cursor.peek();
      if (token.kind === 'eof') break;
      if (isKeyword(token, 'AND')) {
        const and = this.cursor.next();
        if (this.cursor.peek().kind === 'eof') throw errorAt(`${CLAUSE_ERROR}: a condition must follow 'AND'`, and);
        operands.push(this.parsePrimary(depth));
        continue;
      }
      if (this.allowOr && (isKeyword(token, 'OR') || token.kind === 'rparen')) break;
      throw this.missingJunction(token);
    }
    return junction('AND', operands);
  }

  private parsePrimary(depth: number): FilterExpression {
    const token = this.cursor.peek();
    if (this.allowOr && token.kind === 'lparen') return this.parseGroup(depth);
    checkClauseStart(token, this.allowOr);
    this.clauseCount += 1;
    if (this.clauseCount > MAX_FILTER_CLAUSES) {
      throw errorAt(`${CLAUSE_ERROR}: a filter may hold at most ${MAX_FILTER_CLAUSES} conditions`, token);
    }
    return parseClause(this.cursor, this.input, this.schema);
  }

  private parseGroup(depth: number): FilterExpression {
    const open = this.cursor.next();
    if (depth >= MAX_FILTER_DEPTH) {
      throw errorAt(`${CLAUSE_ERROR}: parentheses may nest at most ${MAX_FILTER_DEPTH} levels deep`, open);
    }
    const first = this.cursor.peek();
    if (first.kind === 'rparen') {
      throw new FilterSyntaxError(`${CLAUSE_ERROR}: expected a condition inside '()'`, open.start, first.end - open.start);
    }
    if (first.kind === 'eof') throw this.unclosed(open);
    const inner = this.parseOr(depth + 1);
    const close = this.cursor.peek();
    if (close.kind !== 'rparen') throw this.unclosed(open);
    this.cursor.next();
    return inner;
  }

  private unclosed(open: Token): FilterSyntaxError {
    return new FilterSyntaxError("Unclosed '(' in filter string", open.start, this.input.length - open.start);
  }

  private missingJunction(token: Token): FilterSyntaxError {
    // With allowOr, OR and ')' never get here; '(' does (a group needs AND or OR before it).
    if (isKeyword(token, 'OR')) return orError(token);
    if (!this.allowOr && (token.kind === 'lparen' || token.kind === 'rparen')) {
      return errorAt(`${CLAUSE_ERROR}: parentheses are not supported; join conditions with AND`, token);
    }
    // The same words as without OR, so every filter refused before is refused alike.
    return errorAt(`${CLAUSE_ERROR}: expected AND between conditions, found '${token.text}'`, token);
  }
}

function parseClause(cursor: TokenCursor, input: string, schema: FilterSchema): FilterClause {
  const identifier = readIdentifier(cursor);
  const operator = readOperator(cursor, input, identifier);
  const value = readValue(cursor, input, operator);
  const field = resolveField(schema, identifier);
  const op = checkOperator(field, operator);
  return { type: field.type, key: field.key, op, value: checkValue(field, op, value) };
}

function checkClauseStart(token: Token, allowOr: boolean): void {
  if (allowOr && (isKeyword(token, 'OR') || token.kind === 'rparen')) {
    throw errorAt(`${CLAUSE_ERROR}: expected a condition before '${token.text}'`, token);
  }
  if (token.kind === 'lparen') {
    throw errorAt(`${CLAUSE_ERROR}: parentheses are not supported; join conditions with AND`, token);
  }
  if (isKeyword(token, 'NOT')) {
    throw errorAt(`${CLAUSE_ERROR}: a NOT prefix is not supported; use != or NOT IN`, token);
  }
  if (isKeyword(token, 'OR')) throw orError(token);
  if (isKeyword(token, 'AND')) {
    throw errorAt(`${CLAUSE_ERROR}: expected a condition before 'AND'`, token);
  }
  if (!isIdentifierStart(token)) {
    throw errorAt(
      `${CLAUSE_ERROR}: expected an identifier such as metrics.<key>, params.<key>, tags.<key> or an attribute name, found '${token.text}'`,
      token,
    );
  }
}

function orError(token: Token): FilterSyntaxError {
  return errorAt(`${CLAUSE_ERROR}: 'OR' is not supported; only AND can join conditions`, token);
}

function readOperator(cursor: TokenCursor, input: string, identifier: RawIdentifier): RawOperator {
  const token = cursor.peek();
  const after = input.slice(identifier.start, identifier.end);
  if (token.kind === 'eof') {
    throw new FilterSyntaxError(`${CLAUSE_ERROR}: expected a comparison operator after '${after}'`, token.start, 0);
  }
  if (token.kind === 'op') {
    cursor.next();
    const op = COMPARISON_OPS.has(token.text) ? (token.text as FilterOp) : null;
    return { op, text: token.text, start: token.start, end: token.end };
  }
  const upper = token.kind === 'word' ? token.text.toUpperCase() : '';
  if (WORD_OPS.has(upper)) {
    cursor.next();
    return { op: upper as FilterOp, text: upper, start: token.start, end: token.end };
  }
  if (upper === 'NOT') return readNotIn(cursor, token);
  if (upper === 'IS') {
    throw errorAt(`${CLAUSE_ERROR}: IS NULL / IS NOT NULL comparisons are not supported`, token);
  }
  throw errorAt(
    `${CLAUSE_ERROR}: expected a comparison operator (=, !=, <, <=, >, >=, LIKE, ILIKE, IN, NOT IN) after '${after}', found '${token.text}'`,
    token,
  );
}

function readNotIn(cursor: TokenCursor, not: Token): RawOperator {
  cursor.next();
  const inToken = cursor.peek();
  if (!isKeyword(inToken, 'IN')) {
    throw errorAt(`${CLAUSE_ERROR}: NOT is only supported as NOT IN`, not);
  }
  cursor.next();
  return { op: 'NOT IN', text: 'NOT IN', start: not.start, end: inToken.end };
}

function readValue(cursor: TokenCursor, input: string, operator: RawOperator): RawValue {
  const token = cursor.peek();
  const span = { start: token.start, end: token.end, text: token.text };
  switch (token.kind) {
    case 'squote':
    case 'dquote':
      cursor.next();
      return { ...span, kind: 'string', value: token.value };
    case 'number':
      cursor.next();
      return { ...span, kind: 'number', value: parseNumber(token) };
    case 'lparen':
      return readList(cursor, input);
    case 'word':
    case 'backtick':
      // Unquoted text: refused once we know whether a number or a string was expected.
      cursor.next();
      return { ...span, kind: 'bare' };
    case 'eof':
      throw new FilterSyntaxError(`${CLAUSE_ERROR}: expected a value after '${operator.text}'`, token.start, 0);
    default:
      throw errorAt(`${CLAUSE_ERROR}: expected a value after '${operator.text}', found '${token.text}'`, token);
  }
}

function parseNumber(token: Token): number {
  const value = Number(token.text);
  if (!Number.isFinite(value)) throw errorAt(`Number out of range: ${token.text}`, token);
  return value;
}

/** ('a', 'b', ...): MLflow only accepts single-quoted strings here. */
function readList(cursor: TokenCursor, input: string): RawValue {
  const open = cursor.next();
  const values: string[] = [];
  const unclosed = (): FilterSyntaxError => new FilterSyntaxError("Unclosed '(' in filter string", open.start, input.length - open.start);
  if (cursor.peek().kind === 'rparen') {
    const close = cursor.next();
    throw new FilterSyntaxError(
      'While parsing a list in the query, expected a non-empty list of string values, but got empty list',
      open.start,
      close.end - open.start,
    );
  }
  for (;;) {
    const item = cursor.next();
    if (item.kind === 'eof') throw unclosed();
    if (item.kind !== 'squote') {
      throw errorAt(`While parsing a list in the query, expected single-quoted string values such as ('a', 'b'), found ${item.text}`, item);
    }
    values.push(item.value);
    const separator = cursor.next();
    if (separator.kind === 'rparen') {
      return {
        kind: 'list',
        values,
        start: open.start,
        end: separator.end,
        text: input.slice(open.start, separator.end),
      };
    }
    if (separator.kind === 'eof') throw unclosed();
    if (separator.kind !== 'comma') {
      throw errorAt(`While parsing a list in the query, expected ',' or ')', found '${separator.text}'`, separator);
    }
  }
}

interface ResolvedField {
  type: FilterClauseType;
  key: string;
  rule: FieldRule;
}

function resolveField(schema: FilterSchema, identifier: RawIdentifier): ResolvedField {
  const type = resolveType(schema, identifier);
  const { key } = identifier;
  if (type === 'attribute') {
    const field = schema.attributes.get(key.text);
    if (field === undefined) {
      const valid = formatPySet(schema.attributes.keys());
      throw errorAt(`Invalid attribute key '${key.text}' specified. Valid keys are '${valid}'`, key);
    }
    return { type, key: field.canonical, rule: field.rule };
  }
  if (type === 'dataset') {
    const field = schema.datasets?.get(key.text);
    if (field === undefined) {
      const valid = formatPySet(schema.datasets?.keys() ?? []);
      throw errorAt(`Invalid dataset key '${key.text}' specified. Valid keys are '${valid}'`, key);
    }
    return { type, key: field.canonical, rule: field.rule };
  }
  const rule = schema.freeKeyRules[type];
  const prefix = identifier.prefix;
  if (rule === undefined || prefix === undefined) {
    // Unreachable with consistent schemas: every free-key prefix has a rule.
    throw errorAt(schema.invalidPrefixMessage(prefix?.text ?? type), prefix ?? key);
  }
  return { type, key: key.text, rule };
}

function resolveType(schema: FilterSchema, identifier: RawIdentifier): FilterClauseType {
  const prefix = identifier.prefix;
  if (prefix === undefined) return 'attribute';
  const type = schema.prefixes.get(prefix.text);
  if (type === undefined) throw errorAt(schema.invalidPrefixMessage(prefix.text), prefix);
  return type;
}

function checkOperator(field: ResolvedField, operator: RawOperator): FilterOp {
  const allowed = field.rule.ops;
  if (operator.op !== null && allowed.includes(operator.op)) return operator.op;
  const isListOp = operator.op === 'IN' || operator.op === 'NOT IN';
  if (isListOp && field.type === 'attribute' && field.rule.valueKind === 'string' && !allowed.includes('IN')) {
    throw errorAt("Only the 'run_id' attribute supports comparison with a list of quoted string values.", operator);
  }
  throw errorAt(`Invalid comparator '${operator.op ?? operator.text}' not one of '${formatPySet(allowed)}'`, operator);
}

function checkValue(field: ResolvedField, op: FilterOp, value: RawValue): FilterValue {
  if (op === 'IN' || op === 'NOT IN') {
    if (value.kind !== 'list') {
      throw errorAt(`Expected a parenthesised list of quoted strings after ${op}, e.g. ('a', 'b'). Got value ${value.text}`, value);
    }
    // MLflow drops values with upper-case letters: ids are lower-case and MySQL's IN ignores case.
    return field.rule.keepCase ? value.values : value.values.filter((item) => item === item.toLowerCase());
  }
  if (value.kind === 'list') {
    throw errorAt(`A list of values can only be compared with IN or NOT IN. Got value ${value.text}`, value);
  }
  if (field.rule.valueKind === 'number') {
    if (value.kind === 'number') return value.value;
    const what = field.type === 'metric' ? 'metric' : `numeric attribute: ${field.key}`;
    throw errorAt(`Expected numeric value type for ${what}. Found ${value.text}`, value);
  }
  if (value.kind === 'string') return value.value;
  throw errorAt(`Expected a quoted string value for ${describeStringField(field.type)} (e.g. 'my-value'). Got value ${value.text}`, value);
}

function describeStringField(type: FilterClauseType): string {
  switch (type) {
    case 'param':
      return 'parameter';
    case 'dataset':
      return 'dataset attributes';
    case 'attribute':
      return 'attributes';
    case 'request_metadata':
      return 'request metadata';
    default:
      return type;
  }
}

function errorAt(message: string, span: Span): FilterSyntaxError {
  return new FilterSyntaxError(message, span.start, span.end - span.start);
}
