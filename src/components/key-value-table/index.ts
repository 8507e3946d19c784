export { KeyValueTable, type KeyValueColumn, type KeyValueTableProps } from './key-value-table';
export { matchesQuery } from './filter-rows';
