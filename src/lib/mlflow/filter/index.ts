// Public API of the MLflow search-string toolkit (filters, order_by, page tokens, LIKE).
// Pure TypeScript: no DOM, no Node APIs; used by both the SPA and the bundled server.

export { parseFilter } from './parse-filter.js';
export { parseOrderBy } from './parse-order-by.js';
export { printFilter, quoteName, quoteString } from './print-filter.js';
export { encodePageToken, decodePageToken, PageTokenError } from './page-token.js';
export { likeToRegExp, matchesLike } from './like.js';
export { FilterSyntaxError, OrderBySyntaxError } from './filter-syntax-error.js';
// Token spans, e.g. for syntax highlighting in the search box.
export { tokenize } from './tokenizer.js';
export type { Token, TokenKind } from './tokenizer.js';
export type {
  FilterClause,
  FilterClauseType,
  FilterOp,
  FilterValue,
  ListOp,
  NumericComparisonOp,
  OrderByClause,
  OrderByClauseType,
  ParsedFilter,
  PatternOp,
  SearchEntity,
} from './types.js';
