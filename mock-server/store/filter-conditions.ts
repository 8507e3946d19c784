// Pieces of SQL shared by every search: one comparison per filter clause, and the lifecycle
// stages a view type covers.
import { sql, type Expression, type SqlBool } from 'kysely';
import { invalidParameter } from '../errors.js';
import type { ViewType } from '../../src/lib/mlflow/wire-types.js';
import type { FilterClause } from '../../src/lib/mlflow/filter/index.js';

export function viewTypeStages(viewType: ViewType): string[] {
  if (viewType === 'ACTIVE_ONLY') return ['active'];
  if (viewType === 'DELETED_ONLY') return ['deleted'];
  return ['active', 'deleted'];
}

/**
 * `expression <op> value` for one filter clause; a string names a column. LIKE is case-sensitive
 * on both databases (the SQLite connection sets case_sensitive_like, PostgreSQL's LIKE already is);
 * ILIKE compares lower-cased text, which both understand.
 */
export function compareCondition(
  expression: Expression<unknown> | string,
  op: FilterClause['op'],
  value: FilterClause['value'],
): Expression<SqlBool> {
  const left = typeof expression === 'string' ? sql.ref(expression) : expression;
  switch (op) {
    case 'LIKE':
      return sql<SqlBool>`${left} LIKE ${value}`;
    case 'ILIKE':
      return sql<SqlBool>`lower(${left}) LIKE lower(${value})`;
    case 'IN':
    case 'NOT IN': {
      const list = Array.isArray(value) ? value : [String(value)];
      checkInListSize(list);
      // The parser refuses empty lists; kept total so no caller can build `IN ()`.
      if (list.length === 0) return op === 'IN' ? sql<SqlBool>`1 = 0` : sql<SqlBool>`${left} IS NOT NULL`;
      return sql<SqlBool>`${left} ${sql.raw(op)} (${sql.join(list)})`;
    }
    default:
      return sql<SqlBool>`${left} ${sql.raw(op)} ${value}`;
  }
}

/** Longest IN list: each value is one bound variable, and databases cap those (SQLite at 32,766). */
export const MAX_IN_LIST_SIZE = 10_000;

function checkInListSize(values: readonly unknown[]): void {
  if (values.length > MAX_IN_LIST_SIZE) {
    throw invalidParameter(`An IN list in the filter has ${values.length} values, which exceeds the limit of ${MAX_IN_LIST_SIZE}.`);
  }
}
