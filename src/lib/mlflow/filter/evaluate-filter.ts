// Evaluates a parsed filter against one entity in memory, with the semantics of the bundled
// server's SQL: a missing key or a NaN metric matches no comparison (SQL NULL), LIKE is
// case-sensitive, ILIKE is not, an empty IN list matches nothing and an empty NOT IN list
// matches every present value. There is no NOT in the grammar, so NULL can be read as false.
// Used as the reference the server's runs search is tested against, and for client-side checks.

import { matchesLike } from './like.js';
import type { FilterClause, FilterExpression } from './types.js';
import type { Run } from '../wire-types.js';

/**
 * The values a clause compares against: one for a field the entity has, several when any of
 * them may match (a run's datasets), none when it has no value (missing key, NaN metric).
 */
export type FilterValuesOf = (clause: FilterClause) => readonly (string | number)[];

export function matchesFilter(expression: FilterExpression | null, valuesOf: FilterValuesOf): boolean {
  if (expression === null) return true;
  if ('junction' in expression) {
    return expression.junction === 'AND'
      ? expression.operands.every((operand) => matchesFilter(operand, valuesOf))
      : expression.operands.some((operand) => matchesFilter(operand, valuesOf));
  }
  return valuesOf(expression).some((value) => matchesClause(expression, value));
}

function matchesClause(clause: FilterClause, actual: string | number): boolean {
  const expected = clause.value;
  switch (clause.op) {
    case 'IN':
      return Array.isArray(expected) && expected.includes(String(actual));
    case 'NOT IN':
      return Array.isArray(expected) && !expected.includes(String(actual));
    case 'LIKE':
    case 'ILIKE':
      return typeof expected === 'string' && matchesLike(String(actual), expected, clause.op === 'ILIKE');
    default:
      return compareValues(actual, expected as string | number, clause.op);
  }
}

function compareValues(actual: string | number, expected: string | number, op: '=' | '!=' | '<' | '<=' | '>' | '>='): boolean {
  // Strings compare by code unit, as SQLite's BINARY collation and PostgreSQL's "C" order do for ASCII.
  switch (op) {
    case '=':
      return actual === expected;
    case '!=':
      return actual !== expected;
    case '<':
      return actual < expected;
    case '<=':
      return actual <= expected;
    case '>':
      return actual > expected;
    case '>=':
      return actual >= expected;
  }
}

const DATASET_CONTEXT_TAG = 'mlflow.data.context';

/** The values of a runs/search filter clause for a run as the REST API returns it. */
export function runFilterValues(run: Run): FilterValuesOf {
  return (clause) => {
    const present = <T>(value: T | undefined | null): T[] => (value === undefined || value === null ? [] : [value]);
    switch (clause.type) {
      case 'metric': {
        const metric = run.data?.metrics?.find((item) => item.key === clause.key);
        const value = metric === undefined ? undefined : Number(metric.value);
        return value === undefined || Number.isNaN(value) ? [] : [value];
      }
      case 'param':
        return present(run.data?.params?.find((item) => item.key === clause.key)?.value);
      case 'tag':
        return present(run.data?.tags?.find((item) => item.key === clause.key)?.value);
      case 'dataset':
        return (run.inputs?.dataset_inputs ?? []).flatMap((input) => {
          if (clause.key === 'context') return present(input.tags?.find((tag) => tag.key === DATASET_CONTEXT_TAG)?.value);
          return clause.key === 'name' ? [input.dataset.name] : clause.key === 'digest' ? [input.dataset.digest] : [];
        });
      case 'attribute':
        return present(runAttribute(run, clause.key));
      case 'request_metadata':
        // Only traces carry request metadata.
        return [];
    }
  };
}

function runAttribute(run: Run, key: string): string | number | undefined {
  const info = run.info;
  switch (key) {
    case 'run_id':
      return info.run_id;
    case 'run_name':
      return info.run_name;
    case 'status':
      return info.status;
    case 'user_id':
      return info.user_id;
    case 'artifact_uri':
      return info.artifact_uri;
    case 'start_time':
      return info.start_time === undefined ? undefined : Number(info.start_time);
    case 'end_time':
      return info.end_time === undefined ? undefined : Number(info.end_time);
    default:
      return undefined;
  }
}
