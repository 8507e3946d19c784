// Pieces of SQL shared by the searches: comparison operators from the filter grammar, and
// lifecycle stages per view type.
import { sql, type Expression, type SqlBool } from 'kysely';
import type { ViewType } from '../../src/lib/mlflow/wire-types.js';
import type { FilterClause } from '../../src/lib/mlflow/filter/index.js';
import { validateInListSize } from './validation.js';

export function viewTypeStages(viewType: ViewType): string[] {
  if (viewType === 'ACTIVE_ONLY') return ['active'];
  if (viewType === 'DELETED_ONLY') return ['deleted'];
  return ['active', 'deleted'];
}

/**
 * `column <op> value` for one filter clause. LIKE is case-sensitive (the SQLite connection sets
 * case_sensitive_like, PostgreSQL's LIKE already is); ILIKE compares lower-cased text, which
 * both databases understand.
 */
export function compareCondition(
  column: string,
  op: FilterClause['op'],
  value: FilterClause['value'],
): Expression<SqlBool> {
  const ref = sql.ref(column);
  switch (op) {
    case 'LIKE':
      return sql<SqlBool>`${ref} LIKE ${value}`;
    case 'ILIKE':
      return sql<SqlBool>`lower(${ref}) LIKE lower(${value})`;
    case 'IN':
    case 'NOT IN': {
      const list = Array.isArray(value) ? value : [String(value)];
      validateInListSize(list);
      if (list.length === 0) return sql<SqlBool>`${op === 'IN' ? sql`1 = 0` : sql`1 = 1`}`;
      return sql<SqlBool>`${ref} ${sql.raw(op)} (${sql.join(list)})`;
    }
    default:
      return sql<SqlBool>`${ref} ${sql.raw(op)} ${value}`;
  }
}
