// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MlflowApiError } from '../../lib/api-client';
import { SearchToolbar } from './search-toolbar';

afterEach(cleanup);

type Order = 'new' | 'old';
const ORDERS = [
  { value: 'new' as const, label: 'Newest first' },
  { value: 'old' as const, label: 'Oldest first' },
];

/** The toolbar with its filter and order kept in state, as a page keeps them in the URL. */
function Harness({ error, onSearch }: { error?: unknown; onSearch?: (filter: string) => void }) {
  const [filter, setFilter] = useState('');
  const [order, setOrder] = useState<Order>('new');
  return (
    <>
      <SearchToolbar
        label="Filter things"
        placeholder="tags.x = 'y'"
        filter={filter}
        onFilterChange={(next) => {
          onSearch?.(next);
          setFilter(next);
        }}
        orders={ORDERS}
        order={order}
        onOrderChange={setOrder}
        error={error}
      />
      <output data-testid="applied">{`${filter}|${order}`}</output>
    </>
  );
}

const box = () => screen.getByRole<HTMLInputElement>('searchbox', { name: 'Filter things' });
const applied = () => screen.getByTestId('applied').textContent;

describe('SearchToolbar', () => {
  it('applies the trimmed filter on Search (not while typing) and clears it', () => {
    const onSearch = vi.fn();
    render(<Harness onSearch={onSearch} />);
    expect(screen.queryByRole('button', { name: 'Clear' })).toBeNull();
    fireEvent.change(box(), { target: { value: "  tags.team = 'a'  " } });
    expect(applied()).toBe('|new');
    fireEvent.click(screen.getByRole('button', { name: 'Search' }));
    expect(onSearch).toHaveBeenLastCalledWith("tags.team = 'a'");
    expect(applied()).toBe("tags.team = 'a'|new");
    fireEvent.click(screen.getByRole('button', { name: 'Clear' }));
    expect(applied()).toBe('|new');
    // Clearing the applied filter empties the box too.
    expect(box().value).toBe('');
  });

  it('changes the order from the select', () => {
    render(<Harness />);
    fireEvent.change(screen.getByRole('combobox'), { target: { value: 'old' } });
    expect(applied()).toBe('|old');
    expect(screen.getByRole<HTMLSelectElement>('combobox').value).toBe('old');
  });

  it("shows the server's refusal of a filter and keeps the text for correction", () => {
    const refusal = new MlflowApiError(400, 'INVALID_PARAMETER_VALUE', "Invalid filter 'x ~~ 3'");
    const { rerender } = render(<Harness error={refusal} />);
    // No filter applied yet: the error is not about a filter, the toolbar says nothing.
    expect(screen.queryByRole('alert')).toBeNull();
    fireEvent.change(box(), { target: { value: 'x ~~ 3' } });
    fireEvent.click(screen.getByRole('button', { name: 'Search' }));
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('The server refused this filter');
    expect(alert.textContent).toContain("Invalid filter 'x ~~ 3'");
    expect(alert.textContent).toContain('INVALID_PARAMETER_VALUE');
    expect(box().value).toBe('x ~~ 3');
    // A failure that is not a refusal (the server down) is left to the page.
    rerender(<Harness error={new MlflowApiError(503, 'TEMPORARILY_UNAVAILABLE', 'down')} />);
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
