// GET metrics/get-history-bulk-interval: sampled history of one metric for up to 100 runs.
// Used for the min / max of a metric over the rows on screen.
import { queryOptions, useQueries } from '@tanstack/react-query';
import { apiGet } from '../../../lib/api-client';
import type { MetricWithRunId } from '../../../lib/mlflow/wire-types';
import { metricRanges, type MetricRange } from '../utils/metric-range';

export const BULK_INTERVAL_MAX_RUNS = 100;
/** The endpoint's maximum: at most this many steps are sampled (plus each run's first and last). */
export const BULK_INTERVAL_MAX_RESULTS = 2500;

export async function getMetricHistoryBulkInterval(runIds: readonly string[], metricKey: string, signal?: AbortSignal): Promise<MetricWithRunId[]> {
  const response = await apiGet<{ metrics?: MetricWithRunId[] }>(
    '/metrics/get-history-bulk-interval',
    { run_ids: runIds, metric_key: metricKey, max_results: BULK_INTERVAL_MAX_RESULTS },
    { signal },
  );
  return response.metrics ?? [];
}

export interface MetricRangesResult {
  metricKey: string;
  ranges: Map<string, MetricRange>;
}

export function metricRangesQueryOptions(runIds: readonly string[], metricKey: string) {
  return queryOptions({
    queryKey: ['runs', 'metric-ranges', metricKey, runIds] as const,
    queryFn: async ({ signal }): Promise<MetricRangesResult> => ({
      metricKey,
      ranges: metricRanges(await getMetricHistoryBulkInterval(runIds, metricKey, signal)),
    }),
    staleTime: 60_000,
  });
}

export type MetricRangesByKey = ReadonlyMap<string, ReadonlyMap<string, MetricRange>>;

function combineRanges(results: readonly { data?: MetricRangesResult; isPending: boolean }[]): { ranges: MetricRangesByKey; loading: boolean } {
  const ranges = new Map<string, Map<string, MetricRange>>();
  let loading = false;
  for (const result of results) {
    if (result.isPending) loading = true;
    if (!result.data) continue;
    let byRun = ranges.get(result.data.metricKey);
    if (!byRun) {
      byRun = new Map();
      ranges.set(result.data.metricKey, byRun);
    }
    for (const [runId, range] of result.data.ranges) byRun.set(runId, range);
  }
  return { ranges, loading };
}

/** Min / max per metric and run for the given chunks of run ids (each at most 100 ids). */
export function useMetricRanges(chunks: readonly (readonly string[])[], metricKeys: readonly string[], enabled: boolean) {
  const queries = enabled ? metricKeys.flatMap((key) => chunks.filter((chunk) => chunk.length > 0).map((chunk) => metricRangesQueryOptions(chunk, key))) : [];
  return useQueries({ queries, combine: combineRanges });
}
