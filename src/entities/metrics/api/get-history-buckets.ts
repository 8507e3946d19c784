// GET /ajax-api/2.0/runboard/metrics/get-history-buckets (Runboard extension): per run, per step
// bucket, the first/min/max/last points — spike-preserving downsampling sized to the chart's pixel
// width. The buckets' min, max and last are exact over the whole series (or the zoomed window),
// so summaries come from them too. Against a real MLflow server (404 ENDPOINT_NOT_FOUND) it falls
// back, once and for the rest of the session, to get-history-bulk-interval. Every line chart of the app reads through here.
// A query's first load sends allow_refining: a --proxy-to server whose histories are not cached
// yet answers at once from MLflow's step sample (marked `refining`), and the query asks again
// straight away for the exact buckets, so a first drawing comes quickly and the spikes follow.
import { keepPreviousData, queryOptions, useQueries } from '@tanstack/react-query';
import { apiGet, isMissingEndpoint, RUNBOARD_API_BASE, wireDouble } from '../../../lib/api-client';
import type { NumericBucket } from '../../../lib/chart-math/envelope';
import type { MetricBucketSeries } from '../../../lib/mlflow/wire-types';
import type { HistoryBucketsRequest, HistoryBucketsResult } from '../metric-model';
import { metricsKeys } from '../metrics-keys';
import { getMetricHistoryBulkInterval } from './get-history-bulk-interval';

export const MAX_RUNS_PER_REQUEST = 100;
export const MAX_BUCKETS = 5000;

let bucketsEndpointMissing = false;

/** For tests: forget that the server lacked the endpoint. */
export function resetBucketsEndpointDetection(): void {
  bucketsEndpointMissing = false;
}

/** One run's parallel arrays as buckets; a malformed (short) column reads as NaN rather than crashing. */
export function bucketsFromWire(series: MetricBucketSeries): NumericBucket[] {
  const width = series.bucket_width;
  const int = (column: readonly number[] | undefined, i: number): number => column?.[i] ?? NaN;
  const double = (column: readonly (number | string)[] | undefined, i: number): number => wireDouble(column?.[i]);
  return (series.step_start ?? []).map((stepStart, i) => ({
    stepStart,
    stepEnd: stepStart + width - 1,
    firstStep: int(series.first_step, i),
    first: double(series.first, i),
    minStep: int(series.min_step, i),
    min: double(series.min, i),
    maxStep: int(series.max_step, i),
    max: double(series.max, i),
    lastStep: int(series.last_step, i),
    last: double(series.last, i),
    lastTimestamp: int(series.last_timestamp, i),
    count: int(series.count, i),
  }));
}

/** How soon a query whose answer was a first, sampled one asks for the exact buckets. */
const REFINE_AFTER_MS = 1;

export async function getHistoryBuckets(
  request: HistoryBucketsRequest,
  signal?: AbortSignal,
  options: { allowRefining?: boolean } = {},
): Promise<HistoryBucketsResult> {
  const window =
    request.startStep !== undefined && request.endStep !== undefined
      ? { start_step: Math.floor(request.startStep), end_step: Math.ceil(request.endStep) }
      : {};
  const buckets = Math.min(MAX_BUCKETS, Math.max(1, Math.round(request.buckets)));
  if (!bucketsEndpointMissing) {
    try {
      const response = await apiGet<{ series?: MetricBucketSeries[]; refining?: boolean }>(
        '/metrics/get-history-buckets',
        {
          run_ids: request.runIds,
          metric_key: request.metricKey,
          buckets,
          ...window,
          ...(options.allowRefining ? { allow_refining: 'true' } : {}),
        },
        { base: RUNBOARD_API_BASE, signal },
      );
      const byRun = new Map<string, NumericBucket[]>();
      for (const series of response.series ?? []) byRun.set(series.run_id, bucketsFromWire(series));
      return { byRun, source: 'buckets', refining: response.refining === true };
    } catch (error) {
      if (!isMissingEndpoint(error)) throw error;
      bucketsEndpointMissing = true;
    }
  }
  const byRun = await getMetricHistoryBulkInterval(
    { runIds: request.runIds, metricKey: request.metricKey, maxResults: buckets, startStep: window.start_step, endStep: window.end_step },
    signal,
  );
  return { byRun, source: 'sampled', refining: false };
}

export function historyBucketsQueryOptions(request: HistoryBucketsRequest, refetchInterval: number | false = false) {
  return queryOptions({
    queryKey: metricsKeys.historyBuckets(request),
    // Only a first load may take a sampled answer; a refetch keeps what is drawn until the exact one.
    queryFn: ({ signal, client, queryKey }) =>
      getHistoryBuckets(request, signal, { allowRefining: client.getQueryData(queryKey) === undefined }),
    staleTime: 60_000,
    placeholderData: keepPreviousData,
    refetchInterval: (query) => (query.state.data?.refining ? REFINE_AFTER_MS : refetchInterval),
  });
}

export function chunkRunIds(runIds: readonly string[], size = MAX_RUNS_PER_REQUEST): string[][] {
  const chunks: string[][] = [];
  for (let i = 0; i < runIds.length; i += size) chunks.push(runIds.slice(i, i + size));
  return chunks;
}

export interface CombinedBuckets {
  byRun: Map<string, NumericBucket[]>;
  source: 'buckets' | 'sampled';
  isPending: boolean;
  isFetching: boolean;
  /** True while data for the current request has not arrived (previous data shown). */
  isPlaceholder: boolean;
  error: unknown;
  refetch: () => void;
}

type BucketsQueryResult = {
  data?: HistoryBucketsResult;
  isPending: boolean;
  isFetching: boolean;
  isPlaceholderData: boolean;
  error: unknown;
  refetch: () => Promise<unknown>;
};

/** Stable (module-level) so react-query keeps the combined result while the queries are unchanged. */
function combineBuckets(results: BucketsQueryResult[]): CombinedBuckets {
  const byRun = new Map<string, NumericBucket[]>();
  let source: 'buckets' | 'sampled' = 'buckets';
  for (const result of results) {
    if (!result.data) continue;
    if (result.data.source === 'sampled') source = 'sampled';
    for (const [runId, buckets] of result.data.byRun) byRun.set(runId, buckets);
  }
  return {
    byRun,
    source,
    isPending: results.some((result) => result.isPending),
    isFetching: results.some((result) => result.isFetching),
    isPlaceholder: results.some((result) => result.isPlaceholderData),
    error: results.find((result) => result.error)?.error ?? null,
    refetch: () => {
      for (const result of results) void result.refetch();
    },
  };
}

/** One metric's buckets for any number of runs (requests of ≤ 100 runs each). */
export function useHistoryBuckets(
  request: Omit<HistoryBucketsRequest, 'runIds'> & { runIds: readonly string[] },
  options: { enabled?: boolean; refetchInterval?: number | false } = {},
): CombinedBuckets {
  const chunks = chunkRunIds(request.runIds);
  return useQueries({
    queries: chunks.map((runIds) => ({
      ...historyBucketsQueryOptions({ ...request, runIds }, options.refetchInterval ?? false),
      enabled: (options.enabled ?? true) && request.buckets > 0,
    })),
    combine: combineBuckets,
  });
}
