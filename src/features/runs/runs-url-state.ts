// The runs page's URL state, all of it in this one module: filter, sort, columns, selection, view
// type, quick filters, expanded parents, and the pinned and hidden runs (`pinned=`, `hidden=`).
// Decoding never throws (a hand-edited URL falls back to defaults); encoding omits defaults so
// shared links stay short. Lists are comma-separated (MLflow keys and run ids never contain
// commas). The same decoding gives the runs/search request of the first page, so the route can
// start it before the page mounts.
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import {
  decodeRunMarks,
  decodeRunsViewState,
  encodeRunMarks,
  encodeRunsViewState,
  type RunMarkParam,
  type RunsViewState,
} from './runs-url-codec';

export * from './runs-url-codec';

export type RunsViewUpdate = Partial<RunsViewState> | ((current: RunsViewState) => Partial<RunsViewState>);

export interface UpdateOptions {
  /** Replace the history entry (selection, column widths...) instead of pushing one. */
  replace?: boolean;
}

/** The runs view read from the URL, and a writer that changes only the runs view's parameters. */
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

/** Pinned or hidden run ids from the URL (null when absent), and a writer of that one parameter. */
export function useRunMarksParam(
  name: RunMarkParam,
): [string[] | null, (update: (current: string[] | null) => readonly string[] | null) => void] {
  const [searchParams, setSearchParams] = useSearchParams();
  const raw = searchParams.get(name);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const ids = useMemo(() => decodeRunMarks(searchParams, name), [raw, name]);
  const write = useCallback(
    (update: (current: string[] | null) => readonly string[] | null) => {
      setSearchParams(
        (previous) => {
          const next = update(decodeRunMarks(previous, name));
          return next === null ? previous : encodeRunMarks(previous, name, next);
        },
        { replace: true, preventScrollReset: true },
      );
    },
    [name, setSearchParams],
  );
  return [ids, write];
}
