// Min / max of a metric per run over its whole history, for the rows on screen. Read from the
// metrics entity's buckets: with Runboard's server every bucket's min and max are exact, so one
// spike among millions of steps shows; against a plain MLflow the entity falls back to its
// step sample (get-history-bulk-interval), the best that server offers.
import { queryOptions, useQueries } from '@tanstack/react-query';
import { getHistoryBuckets, MAX_RUNS_PER_REQUEST } from '../../../entities/metrics/api/get-history-buckets';
import { metricRangesFromBuckets, type MetricRange } from '../utils/metric-range';

/** Run ids per request (the buckets endpoint's limit). */
export const METRIC_RANGES_MAX_RUNS = MAX_RUNS_PER_REQUEST;
/** A few buckets are enough: only their extremes are read. */
const RANGE_BUCKETS = 16;

export interface MetricRangesResult {
  metricKey: string;
  ranges: Map<string, MetricRange>;
}

export function metricRangesQueryOptions(runIds: readonly string[], metricKey: string) {
  return queryOptions({
    queryKey: ['runs', 'metric-ranges', metricKey, runIds] as const,
    queryFn: async ({ signal }): Promise<MetricRangesResult> => ({
      metricKey,
      ranges: metricRangesFromBuckets((await getHistoryBuckets({ runIds, metricKey, buckets: RANGE_BUCKETS }, signal)).byRun),
    }),
    staleTime: 60_000,
  });
}

export type MetricRangesByKey = ReadonlyMap<string, ReadonlyMap<string, MetricRange>>;

const NO_RANGES: { ranges: MetricRangesByKey; loading: boolean } = { ranges: new Map(), loading: false };
const LOADING_NO_RANGES: { ranges: MetricRangesByKey; loading: boolean } = { ranges: new Map(), loading: true };

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
  // No ranges asked for or none known yet: one shared answer, so the page does not re-render for it.
  if (ranges.size === 0) return loading ? LOADING_NO_RANGES : NO_RANGES;
  return { ranges, loading };
}

/** Min / max per metric and run for the given chunks of run ids (each at most METRIC_RANGES_MAX_RUNS ids). */
export function useMetricRanges(chunks: readonly (readonly string[])[], metricKeys: readonly string[], enabled: boolean) {
  const queries = enabled ? metricKeys.flatMap((key) => chunks.filter((chunk) => chunk.length > 0).map((chunk) => metricRangesQueryOptions(chunk, key))) : [];
  return useQueries({ queries, combine: combineRanges });
}
