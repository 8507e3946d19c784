import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiGet } from '../../../lib/api-client';
import type { MetricWithRunId } from '../../../lib/mlflow/wire-types';
import { toMetricPoint, type MetricPoint } from './metric-point';
import { runKeys } from './run-model';

/** Step-sampled history (GET metrics/get-history-bulk-interval): at most ~maxResults points per run. */
export async function getMetricHistoryBulkInterval(runId: string, key: string, maxResults: number, signal?: AbortSignal): Promise<MetricPoint[]> {
  const response = await apiGet<{ metrics?: MetricWithRunId[] }>(
    '/metrics/get-history-bulk-interval',
    { run_ids: [runId], metric_key: key, max_results: maxResults },
    { signal },
  );
  return (response.metrics ?? []).filter((metric) => metric.run_id === runId).map(toMetricPoint);
}

export const sparklineQueryOptions = (runId: string, key: string, maxResults = 100) =>
  queryOptions({
    queryKey: runKeys.sparkline(runId, key, maxResults),
    queryFn: ({ signal }) => getMetricHistoryBulkInterval(runId, key, maxResults, signal),
    staleTime: 60_000,
  });

export function useSparkline(runId: string, key: string, enabled: boolean) {
  return useQuery({ ...sparklineQueryOptions(runId, key), enabled });
}
