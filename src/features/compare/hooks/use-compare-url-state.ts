// The compare page's URL state in one place: the runs compared (`runs=`) and every view setting
// (differences only, better direction, parallel-coordinates axes and brushes, plot axes), read
// and written without touching the other parameters.
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';

export const COMPARE_URL_PARAMS = ['diff', 'better', 'pc', 'pclog', 'brush', 'pccolor', 'sx', 'sy', 'sc', 'kx', 'ky', 'kz', 'bx', 'by', 'imp', 'hist'] as const;
export type CompareUrlParam = (typeof COMPARE_URL_PARAMS)[number];
export type CompareParamSetter = (value: string, replace?: boolean) => void;

/** `a,b,,a` → ['a', 'b']: trimmed, blanks and repeats dropped, order kept. */
export function splitList(value: string): string[] {
  return [
    ...new Set(
      value
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean),
    ),
  ];
}

/** The compared run ids (`runs=`), all of them and the first `maxRuns` shown. */
export function compareRunIds(params: URLSearchParams, maxRuns: number): { allIds: string[]; runIds: string[] } {
  const allIds = splitList(params.get('runs') ?? '');
  return { allIds, runIds: allIds.slice(0, maxRuns) };
}

/** A copy of `base` with one view parameter set, or removed when empty; the others are kept. */
export function withCompareParam(base: URLSearchParams, name: CompareUrlParam, value: string): URLSearchParams {
  const copy = new URLSearchParams(base);
  if (value) copy.set(name, value);
  else copy.delete(name);
  return copy;
}

// Several parameters may change before the router has re-rendered (e.g. three selects changed in
// a row): each write starts from the latest written parameters, not the last rendered ones.
let pending: URLSearchParams | null = null;

export function useCompareUrlState(maxRuns: number) {
  const [params, setParams] = useSearchParams();
  const runsText = params.get('runs') ?? '';
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const { allIds, runIds } = useMemo(() => compareRunIds(params, maxRuns), [runsText, maxRuns]);

  const write = useCallback(
    (name: CompareUrlParam, next: string, replace = false) => {
      const copy = withCompareParam(new URLSearchParams(pending ?? window.location.search), name, next);
      pending = copy;
      setTimeout(() => {
        if (pending === copy) pending = null;
      }, 0);
      setParams(copy, { replace, preventScrollReset: true });
    },
    [setParams],
  );
  // One stable setter per parameter, so effects and memoised children do not rerun on renders.
  const setters = useMemo(
    () =>
      Object.fromEntries(COMPARE_URL_PARAMS.map((name) => [name, (value: string, replace?: boolean) => write(name, value, replace)])) as Record<
        CompareUrlParam,
        CompareParamSetter
      >,
    [write],
  );
  const param = (name: CompareUrlParam): [string, CompareParamSetter] => [params.get(name) ?? '', setters[name]];
  return { allIds, runIds, param };
}
