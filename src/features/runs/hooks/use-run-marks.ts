// Per-run marks: colours (localStorage, global: run ids are unique), hidden runs and pinned runs
// (per experiment set). Pinned and hidden runs are in the URL (`pinned=`, `hidden=`) like the rest
// of the view, so a shared link shows the same runs; localStorage remembers them for the next visit
// without those parameters, and shares hidden runs with the charts through the key
// `runboard:hidden-runs:<experimentIds>` (the route's comma-separated ids, as written).
import { useCallback, useEffect, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { isHexColor, RUN_COLORS_STORAGE_KEY } from '../../../lib/run-colors';
import { isStringArray, isStringRecord, useLocalStorageState } from './use-local-storage-state';

export const hiddenRunsKey = (experimentIds: string): string => `runboard:hidden-runs:${experimentIds}`;
export const pinnedRunsKey = (experimentIds: string): string => `runboard:pinned-runs:${experimentIds}`;

const EMPTY_LIST: string[] = [];
const EMPTY_RECORD: Record<string, string> = {};

export function useRunColors(): [Readonly<Record<string, string>>, (runId: string, color: string) => void] {
  const [colors, setColors] = useLocalStorageState(RUN_COLORS_STORAGE_KEY, EMPTY_RECORD, isStringRecord);
  const setColor = useCallback(
    (runId: string, color: string) => {
      if (!isHexColor(color)) return;
      setColors((previous) => ({ ...previous, [runId]: color.toLowerCase() }));
    },
    [setColors],
  );
  return [colors, setColor];
}

export const PINNED_RUNS_PARAM = 'pinned';
export const HIDDEN_RUNS_PARAM = 'hidden';

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((id, index) => id === b[index]);

function useRunIdSet(
  key: string,
  param: string,
): [ReadonlySet<string>, (runId: string) => void, (runIds: readonly string[], on: boolean) => void, string[]] {
  const [stored, setStored] = useLocalStorageState(key, EMPTY_LIST, isStringArray);
  const [searchParams, setSearchParams] = useSearchParams();
  const raw = searchParams.get(param);
  const list = useMemo(() => (raw === null ? stored : raw.split(',').filter(Boolean)), [raw, stored]);
  const set = useMemo(() => new Set(list), [list]);

  // The URL wins; storage follows it (the charts read it), and remembered marks join the URL.
  useEffect(() => {
    if (raw === null) {
      if (stored.length > 0) {
        setSearchParams(
          (previous) => {
            const next = new URLSearchParams(previous);
            if (!next.has(param)) next.set(param, stored.join(','));
            return next;
          },
          { replace: true, preventScrollReset: true },
        );
      }
    } else if (!sameList(list, stored)) {
      setStored(list);
    }
  }, [raw, list, stored, param, setSearchParams, setStored]);

  const write = useCallback(
    (update: (previous: readonly string[]) => string[]) => {
      setSearchParams(
        (previous) => {
          const next = new URLSearchParams(previous);
          const current = next.get(param);
          const ids = update(current === null ? stored : current.split(',').filter(Boolean));
          // Empty stays in the URL (`pinned=`) so remembered marks are not added back; the
          // effect above brings storage in line once the URL has changed.
          next.set(param, ids.join(','));
          return next;
        },
        { replace: true, preventScrollReset: true },
      );
    },
    [param, setSearchParams, stored],
  );
  const toggle = useCallback(
    (runId: string) => write((previous) => (previous.includes(runId) ? previous.filter((id) => id !== runId) : [...previous, runId])),
    [write],
  );
  const setMany = useCallback(
    (runIds: readonly string[], on: boolean) =>
      write((previous) => {
        if (!on) return previous.filter((id) => !runIds.includes(id));
        const next = [...previous];
        for (const id of runIds) if (!next.includes(id)) next.push(id);
        return next;
      }),
    [write],
  );
  return [set, toggle, setMany, list];
}

export function useHiddenRuns(experimentIds: string) {
  const [hidden, toggleHidden, setHidden] = useRunIdSet(hiddenRunsKey(experimentIds), HIDDEN_RUNS_PARAM);
  return { hidden, toggleHidden, setHidden };
}

export function usePinnedRuns(experimentIds: string) {
  const [pinned, togglePinned, setPinned, pinnedList] = useRunIdSet(pinnedRunsKey(experimentIds), PINNED_RUNS_PARAM);
  return { pinned, pinnedList, togglePinned, setPinned };
}
