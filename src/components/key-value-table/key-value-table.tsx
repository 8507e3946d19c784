import { useDeferredValue, useId, useMemo, useState, type ReactNode } from 'react';
import { matchesQuery } from './filter-rows';
import './key-value-table.css';

export interface KeyValueColumn<T> {
  header: string;
  cell: (item: T) => ReactNode;
  className?: string;
  width?: number | string;
}

export interface KeyValueTableProps<T> {
  /** Accessible name of the table and its search box, e.g. "Parameters". */
  label: string;
  items: readonly T[];
  getKey: (item: T) => string;
  getSearchText: (item: T) => string;
  columns: readonly KeyValueColumn<T>[];
  emptyText?: string;
  /** Rendered next to the search box (e.g. an Add button). */
  actions?: ReactNode;
  /** Mark the search box as the page's main one (`/` focuses it). */
  primarySearch?: boolean;
  /** Beyond this many matching rows, ask the user to narrow the search. */
  maxRows?: number;
}

/** The search state shared by the key-value tables: the typed query and the rows it matches. */
export function useKeyValueSearch<T>(items: readonly T[], getSearchText: (item: T) => string) {
  const [query, setQuery] = useState('');
  const deferredQuery = useDeferredValue(query);
  const filtered = useMemo(
    () => items.filter((item) => matchesQuery(getSearchText(item), deferredQuery)),
    [items, getSearchText, deferredQuery],
  );
  return { query, setQuery, filtered };
}

export function KeyValueTableToolbar({
  label,
  query,
  onQueryChange,
  matched,
  total,
  primarySearch,
  actions,
}: {
  label: string;
  query: string;
  onQueryChange: (query: string) => void;
  matched: number;
  total: number;
  primarySearch: boolean;
  actions?: ReactNode;
}) {
  const searchId = useId();
  return (
    <div className="kv-table-toolbar">
      <label htmlFor={searchId} className="visually-hidden">
        Search {label.toLowerCase()}
      </label>
      <input
        id={searchId}
        className="input kv-table-search"
        type="search"
        placeholder={`Search ${label.toLowerCase()}…`}
        value={query}
        onChange={(event) => onQueryChange(event.target.value)}
        {...(primarySearch ? { 'data-search-input': '' } : {})}
      />
      <span className="kv-table-count muted" aria-live="polite">
        {query ? `${matched} of ${total}` : total}
      </span>
      {actions}
    </div>
  );
}

/** What to say instead of the table when there is nothing to show, else null. */
export function keyValueTableEmptyText(label: string, total: number, matched: number, query: string, emptyText: string): string | null {
  if (total === 0) return emptyText;
  if (matched === 0) return `No ${label.toLowerCase()} match “${query}”.`;
  return null;
}

export function KeyValueTableHead<T>({ columns }: { columns: readonly KeyValueColumn<T>[] }) {
  return (
    <tr aria-rowindex={1}>
      {columns.map((column) => (
        <th key={column.header} scope="col" style={column.width !== undefined ? { width: column.width } : undefined}>
          {column.header}
        </th>
      ))}
    </tr>
  );
}

export function KeyValueCells<T>({ columns, item }: { columns: readonly KeyValueColumn<T>[]; item: T }) {
  return columns.map((column) => (
    <td key={column.header} className={column.className}>
      {column.cell(item)}
    </td>
  ));
}

/** A dense two-or-more column table with a client-side search box. */
export function KeyValueTable<T>({
  label,
  items,
  getKey,
  getSearchText,
  columns,
  emptyText = 'Nothing here.',
  actions,
  primarySearch = false,
  maxRows = 500,
}: KeyValueTableProps<T>) {
  const { query, setQuery, filtered } = useKeyValueSearch(items, getSearchText);
  const shown = filtered.slice(0, maxRows);
  const empty = keyValueTableEmptyText(label, items.length, filtered.length, query, emptyText);

  return (
    <div className="kv-table">
      <KeyValueTableToolbar
        label={label}
        query={query}
        onQueryChange={setQuery}
        matched={filtered.length}
        total={items.length}
        primarySearch={primarySearch}
        actions={actions}
      />
      {empty !== null ? (
        <p className="kv-table-empty muted">{empty}</p>
      ) : (
        <div className="kv-table-scroll">
          <table className="table" aria-label={label}>
            <thead>
              <KeyValueTableHead columns={columns} />
            </thead>
            <tbody>
              {shown.map((item) => (
                <tr key={getKey(item)}>
                  <KeyValueCells columns={columns} item={item} />
                </tr>
              ))}
            </tbody>
          </table>
          {filtered.length > shown.length && (
            <p className="kv-table-more muted">
              Showing {shown.length} of {filtered.length}. Search to narrow the list.
            </p>
          )}
        </div>
      )}
    </div>
  );
}
