import { useCallback, useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { readChartParams, writeChartParams, type MetricChartParams } from '../utils/metric-chart-params';

/**
 * Chart settings that live in the URL. The controls update local state at once (a checkbox or a
 * slider must not wait for a router transition) and the URL follows shortly after; back/forward
 * and reload restore the settings from the URL.
 */
export function useChartParams(): [MetricChartParams, (next: Partial<MetricChartParams>) => void] {
  const [searchParams, setSearchParams] = useSearchParams();
  const urlKey = searchParams.toString();
  const [params, setParams] = useState(() => readChartParams(searchParams));
  const [seenKey, setSeenKey] = useState(urlKey);
  const written = useRef(urlKey);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  if (urlKey !== seenKey) {
    setSeenKey(urlKey);
    // Only an outside change (back/forward, a link) resets the controls.
    if (urlKey !== written.current) setParams(readChartParams(searchParams));
  }

  useEffect(() => () => clearTimeout(timer.current), []);

  const update = useCallback(
    (next: Partial<MetricChartParams>) => {
      setParams((current) => ({ ...current, ...next }));
      clearTimeout(timer.current);
      timer.current = setTimeout(() => {
        setSearchParams(
          (current) => {
            const nextParams = writeChartParams(current, next);
            written.current = nextParams.toString();
            return nextParams;
          },
          { replace: true },
        );
      }, 120);
    },
    [setSearchParams],
  );

  return [params, update];
}
