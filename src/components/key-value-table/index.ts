export {
  KeyValueCells,
  KeyValueTable,
  KeyValueTableHead,
  KeyValueTableToolbar,
  keyValueTableEmptyText,
  useKeyValueSearch,
  type KeyValueColumn,
  type KeyValueTableProps,
} from './key-value-table';
export { matchesQuery } from './filter-rows';
