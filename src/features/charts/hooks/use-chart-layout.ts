import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { CHARTS_URL_PARAM, chartLayoutStorageKey, decodeLayout, defaultLayout, encodeLayout, type ChartSpec } from '../utils/chart-layout';
import { parseJson, useLocalStorageRaw } from './use-local-storage-value';

/**
 * The charts shown and their order: the URL's `charts` wins, else the layout saved for these
 * experiments, else one line chart per metric key. Changes go to both the URL and localStorage.
 */
export function useChartLayout(
  experimentIds: readonly string[],
  metricKeys: readonly string[],
): [ChartSpec[], (next: ChartSpec[]) => void, boolean] {
  const [params, setParams] = useSearchParams();
  const storageKey = chartLayoutStorageKey(experimentIds);
  const [stored, writeStored] = useLocalStorageRaw(storageKey);
  const fromUrl = params.get(CHARTS_URL_PARAM);
  const keysSignature = metricKeys.join('\u0000');
  const layout = useMemo(() => {
    const urlLayout = decodeLayout(fromUrl);
    if (urlLayout) return urlLayout;
    const saved = parseJson(stored);
    if (typeof saved === 'string') {
      const storedLayout = decodeLayout(saved);
      if (storedLayout) return storedLayout;
    }
    return defaultLayout(keysSignature ? keysSignature.split('\u0000') : []);
  }, [fromUrl, stored, keysSignature]);
  const customized = fromUrl !== null || stored !== null;
  const setLayout = useCallback(
    (next: ChartSpec[]) => {
      const encoded = encodeLayout(next);
      writeStored(encoded);
      setParams(
        (previous) => {
          const copy = new URLSearchParams(previous);
          copy.set(CHARTS_URL_PARAM, encoded);
          return copy;
        },
        { preventScrollReset: true },
      );
    },
    [setParams, writeStored],
  );
  return [layout, setLayout, customized];
}
