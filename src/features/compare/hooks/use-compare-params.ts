import { useCallback } from 'react';
import { useSearchParams } from 'react-router';

/** Reads one URL parameter and writes it (empty string removes it), keeping the others. */
export function useCompareParam(name: string): [string, (value: string, replace?: boolean) => void] {
  const [params, setParams] = useSearchParams();
  const value = params.get(name) ?? '';
  const set = useCallback(
    (next: string, replace = false) =>
      setParams(
        (previous) => {
          const copy = new URLSearchParams(previous);
          if (next) copy.set(name, next);
          else copy.delete(name);
          return copy;
        },
        { replace, preventScrollReset: true },
      ),
    [name, setParams],
  );
  return [value, set];
}
