import { queryOptions, useQuery } from '@tanstack/react-query';
import { getMetricHistory } from '../api/get-metric-history';
import { getMetricHistoryBulkInterval } from '../api/get-metric-history-bulk-interval';
import type { MetricPoint } from '../api/metric-point';
import { runKeys } from '../api/run-model';

export const FULL_HISTORY_LIMIT = 10_000;
export const SAMPLED_POINTS = 2_500;

export interface MetricSeries {
  points: MetricPoint[];
  /** True when the history had more than FULL_HISTORY_LIMIT points and a step sample is shown. */
  sampled: boolean;
}

/**
 * Whole history when it has ≤ 10k points (one get-history call capped at 10k tells us), otherwise
 * a step sample from get-history-bulk-interval.
 */
export async function getMetricSeries(runId: string, key: string, signal?: AbortSignal): Promise<MetricSeries> {
  const page = await getMetricHistory(runId, key, FULL_HISTORY_LIMIT, signal);
  if (!page.nextPageToken && page.points.length <= FULL_HISTORY_LIMIT) {
    return { points: [...page.points].sort((a, b) => a.step - b.step || a.timestamp - b.timestamp), sampled: false };
  }
  const points = await getMetricHistoryBulkInterval(runId, key, SAMPLED_POINTS, signal);
  return { points, sampled: true };
}

export const metricSeriesQueryOptions = (runId: string, key: string) =>
  queryOptions({
    queryKey: runKeys.history(runId, key),
    queryFn: ({ signal }) => getMetricSeries(runId, key, signal),
  });

export function useMetricSeries(runId: string, key: string) {
  return useQuery(metricSeriesQueryOptions(runId, key));
}
