// The runs view state, read from and written to the URL search params (react-router).
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { decodeRunsViewState, encodeRunsViewState, type RunsViewState } from '../utils/url-state';

export type RunsViewUpdate = Partial<RunsViewState> | ((current: RunsViewState) => Partial<RunsViewState>);

export interface UpdateOptions {
  /** Replace the history entry (selection, column widths...) instead of pushing one. */
  replace?: boolean;
}

export function useRunsViewState(): [RunsViewState, (update: RunsViewUpdate, options?: UpdateOptions) => void] {
  const [searchParams, setSearchParams] = useSearchParams();
  const key = searchParams.toString();
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const state = useMemo(() => decodeRunsViewState(searchParams), [key]);
  const update = useCallback(
    (change: RunsViewUpdate, options: UpdateOptions = {}) => {
      setSearchParams(
        (previous) => {
          const current = decodeRunsViewState(previous);
          const patch = typeof change === 'function' ? change(current) : change;
          return encodeRunsViewState({ ...current, ...patch }, previous);
        },
        { replace: options.replace ?? false, preventScrollReset: true },
      );
    },
    [setSearchParams],
  );
  return [state, update];
}
