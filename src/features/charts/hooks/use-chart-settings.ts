import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { decodeChartSettings, encodeChartSettings, type ChartSettings } from '../utils/chart-settings';

/** Chart settings read from and written to the URL (typing in the search box replaces history). */
export function useChartSettings(): [ChartSettings, (patch: Partial<ChartSettings>, options?: { replace?: boolean }) => void] {
  const [params, setParams] = useSearchParams();
  const settings = useMemo(() => decodeChartSettings(params), [params]);
  const update = useCallback(
    (patch: Partial<ChartSettings>, options: { replace?: boolean } = {}) => {
      setParams((previous) => encodeChartSettings({ ...decodeChartSettings(previous), ...patch }, previous), {
        replace: options.replace ?? false,
        preventScrollReset: true,
      });
    },
    [setParams],
  );
  return [settings, update];
}
