// Shapes shared by the filter / order_by parsers, the printer and their callers
// (the bundled server's stores and the SPA's search box).

/** The MLflow searches that accept a filter string and order_by clauses. */
export type SearchEntity = 'runs' | 'experiments' | 'registered_models' | 'model_versions' | 'traces';

/** Canonical identifier type of a clause (aliases such as `metrics.` or `attr.` are folded in). */
export type FilterClauseType = 'metric' | 'param' | 'tag' | 'attribute' | 'dataset' | 'request_metadata';

export type NumericComparisonOp = '=' | '!=' | '<' | '<=' | '>' | '>=';
export type PatternOp = 'LIKE' | 'ILIKE';
export type ListOp = 'IN' | 'NOT IN';
/** Operators in canonical spelling (keywords upper-case). */
export type FilterOp = NumericComparisonOp | PatternOp | ListOp;

/**
 * number: metrics and numeric attributes; string: everything compared as text;
 * string[]: the right-hand side of IN / NOT IN.
 */
export type FilterValue = string | number | string[];

export interface FilterClause {
  type: FilterClauseType;
  /**
   * Canonical key. Attribute aliases are resolved (`created` -> `start_time`,
   * `Run name` -> `run_name`); otherwise the key is kept as MLflow names it on the wire
   * (model versions keep `source_path` / `version_number`, which the store maps to its
   * `source` / `version` columns).
   */
  key: string;
  op: FilterOp;
  value: FilterValue;
}

/** Clauses joined by AND or OR (Runboard extension for runs: MLflow joins with AND only). */
export interface FilterJunction {
  junction: 'AND' | 'OR';
  /** Two or more operands; nested junctions never repeat their parent's junction. */
  operands: FilterExpression[];
}

/** A filter's boolean tree: AND binds tighter than OR, parentheses group. */
export type FilterExpression = FilterClause | FilterJunction;

export interface ParsedFilter {
  /**
   * The clauses every match must satisfy: all of them when the filter has no OR, otherwise
   * the plain clauses of its top-level AND (the OR groups are only in `expression`).
   */
  clauses: FilterClause[];
  /** The whole filter; null when it is empty. */
  expression: FilterExpression | null;
}

export interface ParseFilterOptions {
  /**
   * Accept OR and parentheses (runs search on Runboard's server). Off, they are refused with
   * the messages MLflow's grammar gets, as for every other search.
   */
  allowOr?: boolean;
}

/** Datasets cannot be ordered by. */
export type OrderByClauseType = 'metric' | 'param' | 'tag' | 'attribute' | 'request_metadata';

export interface OrderByClause {
  type: OrderByClauseType;
  /** Canonical key (`created` -> `start_time`, registered models' `timestamp` -> `last_updated_timestamp`). */
  key: string;
  ascending: boolean;
}
