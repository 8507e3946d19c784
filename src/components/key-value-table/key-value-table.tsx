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
  const [query, setQuery] = useState('');
  const deferredQuery = useDeferredValue(query);
  const searchId = useId();
  const filtered = useMemo(() => items.filter((item) => matchesQuery(getSearchText(item), deferredQuery)), [items, getSearchText, deferredQuery]);
  const shown = filtered.slice(0, maxRows);

  return (
    <div className="kv-table">
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
          onChange={(event) => setQuery(event.target.value)}
          {...(primarySearch ? { 'data-search-input': '' } : {})}
        />
        <span className="kv-table-count muted" aria-live="polite">
          {query ? `${filtered.length} of ${items.length}` : items.length}
        </span>
        {actions}
      </div>
      {items.length === 0 ? (
        <p className="kv-table-empty muted">{emptyText}</p>
      ) : filtered.length === 0 ? (
        <p className="kv-table-empty muted">No {label.toLowerCase()} match “{query}”.</p>
      ) : (
        <div className="kv-table-scroll">
          <table className="table" aria-label={label}>
            <thead>
              <tr>
                {columns.map((column) => (
                  <th key={column.header} scope="col" style={column.width !== undefined ? { width: column.width } : undefined}>
                    {column.header}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {shown.map((item) => (
                <tr key={getKey(item)}>
                  {columns.map((column) => (
                    <td key={column.header} className={column.className}>
                      {column.cell(item)}
                    </td>
                  ))}
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
