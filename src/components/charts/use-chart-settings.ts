import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { decodeChartSettings, encodeChartSettings, type ChartSettings } from './chart-settings';

// Settings changed twice before the router re-renders must not lose the first change: each write
// starts from the latest written parameters.
let pending: URLSearchParams | null = null;

/** Chart settings read from and written to the URL (typing in the search box replaces history). */
export function useChartSettings(): [ChartSettings, (patch: Partial<ChartSettings>, options?: { replace?: boolean }) => void] {
  const [params, setParams] = useSearchParams();
  const settings = useMemo(() => decodeChartSettings(params), [params]);
  const update = useCallback(
    (patch: Partial<ChartSettings>, options: { replace?: boolean } = {}) => {
      const base = new URLSearchParams(pending ?? window.location.search);
      const next = encodeChartSettings({ ...decodeChartSettings(base), ...patch }, base);
      pending = next;
      setTimeout(() => {
        if (pending === next) pending = null;
      }, 0);
      setParams(next, { replace: options.replace ?? false, preventScrollReset: true });
    },
    [setParams],
  );
  return [settings, update];
}
