// Prints clauses back to a canonical filter string that parseFilter reads back to the same
// clauses. The output sticks to forms the real MLflow server also accepts:
//   - attributes are written bare (experiment/registry filters refuse `attributes.`),
//   - keys that are not plain names are quoted with backticks,
//   - strings use single quotes, or double quotes when the value holds a single quote,
//     because MLflow strips the outer quotes without unescaping anything,
//   - list items are always single-quoted (MLflow refuses double-quoted list items).

import type { FilterClause, FilterClauseType, FilterExpression, FilterValue } from './types.js';

const PREFIXES: Readonly<Record<Exclude<FilterClauseType, 'attribute'>, string>> = {
  metric: 'metrics',
  param: 'params',
  tag: 'tags',
  dataset: 'datasets',
  request_metadata: 'request_metadata',
};

// ASCII only: sqlparse does not treat every Unicode letter as a name start.
const PLAIN_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
// Bare words the filter parser reads as keywords.
const RESERVED_WORDS: ReadonlySet<string> = new Set(['AND', 'OR', 'NOT', 'IN', 'IS', 'LIKE', 'ILIKE']);

/**
 * @throws RangeError for values no filter string can express (empty IN lists, NaN, ±Infinity).
 */
export function printFilter(clauses: readonly FilterClause[]): string {
  return clauses.map(printClause).join(' AND ');
}

/**
 * Prints a boolean filter tree (Runboard's OR extension). AND binds tighter than OR, so only an
 * OR inside an AND gets parentheses; a tree without OR prints exactly as printFilter does.
 * @throws RangeError as printFilter does.
 */
export function printFilterExpression(expression: FilterExpression | null): string {
  return expression === null ? '' : printNode(expression, null);
}

function printNode(expression: FilterExpression, parent: 'AND' | 'OR' | null): string {
  if (!('junction' in expression)) return printClause(expression);
  const text = expression.operands.map((operand) => printNode(operand, expression.junction)).join(` ${expression.junction} `);
  return parent === 'AND' && expression.junction === 'OR' ? `(${text})` : text;
}

function printClause(clause: FilterClause): string {
  return `${printIdentifier(clause)} ${clause.op} ${printValue(clause.value)}`;
}

function printIdentifier(clause: FilterClause): string {
  const key = quoteName(clause.key);
  return clause.type === 'attribute' ? key : `${PREFIXES[clause.type]}.${key}`;
}

export function quoteName(name: string): string {
  if (PLAIN_NAME.test(name) && !RESERVED_WORDS.has(name.toUpperCase())) return name;
  if (!name.includes('`')) return `\`${name}\``;
  if (!name.includes('"')) return `"${name}"`;
  return `\`${name.replaceAll('`', '``')}\``;
}

function printValue(value: FilterValue): string {
  if (Array.isArray(value)) {
    if (value.length === 0) throw new RangeError('Cannot print an empty IN / NOT IN list');
    return `(${value.map(singleQuoted).join(', ')})`;
  }
  if (typeof value === 'number') return printNumber(value);
  return quoteString(value);
}

function printNumber(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`Cannot print ${value} in a filter string`);
  return Object.is(value, -0) ? '-0' : String(value);
}

export function quoteString(value: string): string {
  if (!value.includes("'")) return `'${value}'`;
  if (!value.includes('"')) return `"${value}"`;
  return singleQuoted(value);
}

function singleQuoted(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
