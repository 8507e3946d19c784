// Public API of the MLflow search-string toolkit (filters, order_by, page tokens, LIKE).
// Pure TypeScript: no DOM, no Node APIs; used by both the SPA and the bundled server.

export { parseFilter, isJunction, MAX_FILTER_CLAUSES, MAX_FILTER_DEPTH } from './parse-filter.js';
export { matchesFilter, runFilterValues, type FilterValuesOf } from './evaluate-filter.js';
export { parseOrderBy } from './parse-order-by.js';
export { printFilter, printFilterExpression, quoteName, quoteString } from './print-filter.js';
export { encodePageToken, decodePageToken, PageTokenError } from './page-token.js';
export { likeToRegExp, matchesLike } from './like.js';
export { FilterSyntaxError, OrderBySyntaxError } from './filter-syntax-error.js';
// Token spans, e.g. for syntax highlighting in the search box.
export { tokenize } from './tokenizer.js';
export type { Token, TokenKind } from './tokenizer.js';
export type {
  FilterClause,
  FilterClauseType,
  FilterExpression,
  FilterJunction,
  FilterOp,
  FilterValue,
  ListOp,
  NumericComparisonOp,
  OrderByClause,
  OrderByClauseType,
  ParsedFilter,
  ParseFilterOptions,
  PatternOp,
  SearchEntity,
} from './types.js';
