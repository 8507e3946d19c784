// The search bar of server-searched lists (the Traces tab, the logged models): a filter box in
// MLflow's filter grammar applied on submit, Clear once a filter is applied, an order select, and
// the server's reason when it refuses the filter. The applied filter lives with the caller (the
// URL); the box keeps what the user typed, even a refused filter, so it can be corrected.
import { useState, type FormEvent } from 'react';
import { ErrorPanel } from '../error-view';
import { MlflowApiError } from '../../lib/api-client';
import './search-toolbar.css';

export interface SearchToolbarOrder<TOrder extends string> {
  value: TOrder;
  label: string;
}

export interface SearchToolbarProps<TOrder extends string> {
  /** Accessible name of the search box ("Filter traces"). */
  label: string;
  placeholder: string;
  /** The filter applied now. */
  filter: string;
  /** Called with the trimmed text on Search, and with '' on Clear. */
  onFilterChange: (filter: string) => void;
  orders: readonly SearchToolbarOrder<TOrder>[];
  order: TOrder;
  onOrderChange: (order: TOrder) => void;
  /** The search's error; shown here when it is the server refusing the filter (see `isFilterRefusal`). */
  error?: unknown;
}

/** A 400 answer to a search with a filter: the filter is wrong, not the server or the network. */
export function isFilterRefusal(error: unknown, filter: string): boolean {
  return filter !== '' && error instanceof MlflowApiError && error.status === 400;
}

export function SearchToolbar<TOrder extends string>({
  label,
  placeholder,
  filter,
  onFilterChange,
  orders,
  order,
  onOrderChange,
  error,
}: SearchToolbarProps<TOrder>) {
  const [draft, setDraft] = useState(filter);
  // A filter applied from elsewhere (back/forward, a link, Clear) replaces what is typed.
  const [lastFilter, setLastFilter] = useState(filter);
  if (filter !== lastFilter) {
    setLastFilter(filter);
    setDraft(filter);
  }
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onFilterChange(draft.trim());
  };
  return (
    <div className="search-toolbar">
      <form className="toolbar" onSubmit={submit} role="search">
        <input
          className="input mono search-toolbar-filter"
          type="search"
          aria-label={label}
          placeholder={placeholder}
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
        />
        <button type="submit" className="btn btn-sm btn-primary">
          Search
        </button>
        {filter && (
          <button type="button" className="btn btn-sm" onClick={() => onFilterChange('')}>
            Clear
          </button>
        )}
        <label className="search-toolbar-order">
          <span className="muted">Order</span>
          <select
            className="select"
            value={order}
            onChange={(event) => {
              const next = orders.find((item) => item.value === event.target.value);
              if (next) onOrderChange(next.value);
            }}
          >
            {orders.map((item) => (
              <option key={item.value} value={item.value}>
                {item.label}
              </option>
            ))}
          </select>
        </label>
      </form>
      {isFilterRefusal(error, filter) && <ErrorPanel error={error} title="The server refused this filter" />}
    </div>
  );
}
