// @vitest-environment happy-dom
// The filter box as a user types: key completions, then the values seen for a param, chosen with
// the keyboard; applying sends the text. What a unit test of the suggestion function cannot see:
// the combobox wiring, the caret and the listbox.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import type { ReactElement } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { serverFeaturesQuery } from '../../../lib/server-features/server-features';
import { FilterBox } from './filter-box';
import { distinctValues } from '../utils/filter-autocomplete';

afterEach(cleanup);

/** The box asks the server which filter features it has (OR needs Runboard's server): answered here as Runboard's. */
function renderWithQueries(element: ReactElement) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  queryClient.setQueryData(serverFeaturesQuery().queryKey, { runsFilterOr: true });
  return render(<QueryClientProvider client={queryClient}>{element}</QueryClientProvider>);
}

const runs = [
  { params: { optimizer: 'adam' }, tags: { team: 'vision' } },
  { params: { optimizer: 'sgd' }, tags: { team: 'nlp' } },
  { params: { optimizer: 'adamw' }, tags: {} as Record<string, string> },
];
const keys = { metrics: ['loss'], params: ['optimizer'], tags: ['team'] };

function type(input: HTMLInputElement, text: string) {
  fireEvent.change(input, { target: { value: text } });
  input.setSelectionRange(text.length, text.length);
  fireEvent.select(input);
  fireEvent.keyUp(input, { key: text.at(-1) ?? '' });
}

describe('FilterBox', () => {
  it('completes keys, then the values of the chosen param', () => {
    const onApply = vi.fn();
    renderWithQueries(<FilterBox value="" onApply={onApply} keys={keys} valuesOf={(kind, key) => distinctValues(runs, kind, key)} />);
    const input = screen.getByRole<HTMLInputElement>('combobox', { name: 'Filter runs' });
    fireEvent.focus(input);

    type(input, 'params.opt');
    expect(screen.getAllByRole('option').map((option) => option.textContent)).toEqual([expect.stringContaining('params.optimizer')]);

    type(input, 'params.optimizer = ');
    const values = screen.getAllByRole('option').map((option) => option.querySelector('.mono')?.textContent);
    expect(values).toEqual(["'adam'", "'adamw'", "'sgd'"]);

    type(input, "params.optimizer = 'ad");
    expect(screen.getAllByRole('option')).toHaveLength(2);
    fireEvent.keyDown(input, { key: 'ArrowDown' });
    fireEvent.keyDown(input, { key: 'ArrowDown' });
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(input.value).toBe("params.optimizer = 'adamw' ");

    fireEvent.keyDown(input, { key: 'Enter' });
    expect(onApply).toHaveBeenCalledWith("params.optimizer = 'adamw'");
  });

  it('offers no values for a metric comparison', () => {
    renderWithQueries(<FilterBox value="" onApply={vi.fn()} keys={keys} valuesOf={(kind, key) => distinctValues(runs, kind, key)} />);
    const input = screen.getByRole<HTMLInputElement>('combobox', { name: 'Filter runs' });
    fireEvent.focus(input);
    type(input, 'metrics.loss < ');
    expect(screen.queryAllByRole('option')).toHaveLength(0);
  });
});
