// Per-run marks kept in localStorage: colours (global, run ids are unique), hidden runs and
// pinned runs (per experiment set). Hidden runs are shared with the charts through the key
// `runboard:hidden-runs:<experimentIds>` (the route's comma-separated ids, as written).
import { useCallback, useMemo } from 'react';
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

function useRunIdSet(
  key: string,
): [ReadonlySet<string>, (runId: string) => void, (runIds: readonly string[], on: boolean) => void, string[]] {
  const [list, setList] = useLocalStorageState(key, EMPTY_LIST, isStringArray);
  const set = useMemo(() => new Set(list), [list]);
  const toggle = useCallback(
    (runId: string) => setList((previous) => (previous.includes(runId) ? previous.filter((id) => id !== runId) : [...previous, runId])),
    [setList],
  );
  const setMany = useCallback(
    (runIds: readonly string[], on: boolean) =>
      setList((previous) => {
        if (!on) return previous.filter((id) => !runIds.includes(id));
        const next = [...previous];
        for (const id of runIds) if (!next.includes(id)) next.push(id);
        return next;
      }),
    [setList],
  );
  return [set, toggle, setMany, list];
}

export function useHiddenRuns(experimentIds: string) {
  const [hidden, toggleHidden, setHidden] = useRunIdSet(hiddenRunsKey(experimentIds));
  return { hidden, toggleHidden, setHidden };
}

export function usePinnedRuns(experimentIds: string) {
  const [pinned, togglePinned, setPinned, pinnedList] = useRunIdSet(pinnedRunsKey(experimentIds));
  return { pinned, pinnedList, togglePinned, setPinned };
}
