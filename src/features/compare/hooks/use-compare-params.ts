import { useCallback } from 'react';
import { useSearchParams } from 'react-router';

// Several parameters may change before the router has re-rendered (e.g. three selects changed in
// a row): each write starts from the latest written parameters, not the last rendered ones.
let pending: URLSearchParams | null = null;

/** Reads one URL parameter and writes it (empty string removes it), keeping the others. */
export function useCompareParam(name: string): [string, (value: string, replace?: boolean) => void] {
  const [params, setParams] = useSearchParams();
  const value = params.get(name) ?? '';
  const set = useCallback(
    (next: string, replace = false) => {
      const copy = new URLSearchParams(pending ?? window.location.search);
      if (next) copy.set(name, next);
      else copy.delete(name);
      pending = copy;
      setTimeout(() => {
        if (pending === copy) pending = null;
      }, 0);
      setParams(copy, { replace, preventScrollReset: true });
    },
    [name, setParams],
  );
  return [value, set];
}
