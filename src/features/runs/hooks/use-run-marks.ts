// Per-run marks: colours (localStorage, global: run ids are unique), hidden runs and pinned runs
// (per experiment set). Pinned and hidden runs are in the URL (`pinned=`, `hidden=`, read and
// written through runs-url-state) like the rest of the view, so a shared link shows the same runs;
// localStorage remembers them for the next visit
// without those parameters, and shares hidden runs with the charts through the key
// `runboard:hidden-runs:<experimentIds>` (the route's comma-separated ids, as written).
import { useCallback, useEffect, useMemo } from 'react';
import { isHexColor, RUN_COLORS_STORAGE_KEY } from '../../../lib/run-colors';
import { HIDDEN_RUNS_PARAM, PINNED_RUNS_PARAM, useRunMarksParam, type RunMarkParam } from '../runs-url-state';
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

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((id, index) => id === b[index]);

function useRunIdSet(
  key: string,
  param: RunMarkParam,
): [ReadonlySet<string>, (runId: string) => void, (runIds: readonly string[], on: boolean) => void, string[]] {
  const [stored, setStored] = useLocalStorageState(key, EMPTY_LIST, isStringArray);
  const [inUrl, writeUrl] = useRunMarksParam(param);
  const list = inUrl ?? stored;
  const set = useMemo(() => new Set(list), [list]);

  // The URL wins; storage follows it (the charts read it), and remembered marks join the URL.
  useEffect(() => {
    if (inUrl === null) {
      if (stored.length > 0) writeUrl((current) => (current === null ? stored : null));
    } else if (!sameList(inUrl, stored)) {
      setStored(inUrl);
    }
  }, [inUrl, stored, writeUrl, setStored]);

  const toggle = useCallback(
    (runId: string) =>
      writeUrl((current) => {
        const previous = current ?? stored;
        return previous.includes(runId) ? previous.filter((id) => id !== runId) : [...previous, runId];
      }),
    [writeUrl, stored],
  );
  const setMany = useCallback(
    (runIds: readonly string[], on: boolean) =>
      writeUrl((current) => {
        const previous = current ?? stored;
        if (!on) return previous.filter((id) => !runIds.includes(id));
        const next = [...previous];
        for (const id of runIds) if (!next.includes(id)) next.push(id);
        return next;
      }),
    [writeUrl, stored],
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
