// GET /ajax-api/2.0/runboard/metrics/get-history-buckets (Runboard extension): per run, per step
// bucket, the first/min/max/last points — spike-preserving downsampling sized to the chart's pixel
// width, asked for as binary typed-array columns (JSON when the server does not offer them). The buckets' min, max and last are exact over the whole series (or the zoomed window),
// so summaries come from them too. Against a real MLflow server (404 ENDPOINT_NOT_FOUND) it falls
// back, once and for the rest of the session, to get-history-bulk-interval. Every line chart of the app reads through here.
// A query's first load sends allow_refining: a --proxy-to server whose histories are not cached
// yet answers at once from MLflow's step sample (marked by a response header), and the query asks
// again straight away for the exact buckets, so a first drawing comes quickly and the spikes follow.
import { keepPreviousData, queryOptions, useQueries } from '@tanstack/react-query';
import { apiFetchRaw, isMissingEndpoint, RUNBOARD_API_BASE, toQueryString } from '../../../lib/api-client';
import type { NumericBucket } from '../../../lib/chart-math/envelope';
import {
  BUCKETS_BINARY_CONTENT_TYPE,
  BUCKETS_REFINING_HEADER,
  decodeBucketsBinary,
  decodeBucketsJson,
  type BucketColumns,
} from '../../../lib/mlflow/history-buckets-wire';
import type { MetricBucketSeries } from '../../../lib/mlflow/wire-types';
import type { HistoryBucketsRequest, HistoryBucketsResult } from '../metric-model';
import { forEachInSlices, SLICE_BUDGET_MS } from '../../../lib/scheduling/time-slices';
import { metricsKeys } from '../metrics-keys';
import { getMetricHistoryBulkInterval } from './get-history-bulk-interval';

export const MAX_RUNS_PER_REQUEST = 100;
export const MAX_BUCKETS = 5000;

let bucketsEndpointMissing = false;

/** For tests: forget that the server lacked the endpoint. */
export function resetBucketsEndpointDetection(): void {
  bucketsEndpointMissing = false;
}

/**
 * One bucket read in place from its run's decoded columns: allocating two fields per bucket instead
 * of twelve keeps a 100-run chart (~100,000 buckets) from stalling on allocation and GC.
 */
class ColumnBucket implements NumericBucket {
  constructor(
    private readonly columns: BucketColumns,
    private readonly index: number,
  ) {}
  get stepStart(): number {
    return this.columns.stepStart[this.index] as number;
  }
  get stepEnd(): number {
    return this.stepStart + this.columns.bucketWidth - 1;
  }
  get firstStep(): number {
    return this.columns.firstStep[this.index] as number;
  }
  get first(): number {
    return this.columns.first[this.index] as number;
  }
  get minStep(): number {
    return this.columns.minStep[this.index] as number;
  }
  get min(): number {
    return this.columns.min[this.index] as number;
  }
  get maxStep(): number {
    return this.columns.maxStep[this.index] as number;
  }
  get max(): number {
    return this.columns.max[this.index] as number;
  }
  get lastStep(): number {
    return this.columns.lastStep[this.index] as number;
  }
  get last(): number {
    return this.columns.last[this.index] as number;
  }
  get lastTimestamp(): number {
    return this.columns.lastTimestamp[this.index] as number;
  }
  get count(): number {
    return this.columns.count[this.index] as number;
  }
}

/** One run's decoded columns as buckets (either wire form decodes to these columns). */
export function bucketsFromColumns(columns: BucketColumns): NumericBucket[] {
  const buckets = new Array<NumericBucket>(columns.stepStart.length);
  for (let i = 0; i < buckets.length; i += 1) buckets[i] = new ColumnBucket(columns, i);
  return buckets;
}

/**
 * Asks for the binary form (typed-array columns read in place, about half the bytes of JSON);
 * a server that answers JSON anyway (an older Runboard, a proxy in between) is read as JSON.
 */
async function fetchBucketColumns(
  params: Parameters<typeof toQueryString>[0],
  signal?: AbortSignal,
): Promise<{ series: BucketColumns[]; refining: boolean }> {
  const response = await apiFetchRaw(`${RUNBOARD_API_BASE}/metrics/get-history-buckets${toQueryString(params)}`, {
    signal,
    headers: { Accept: `${BUCKETS_BINARY_CONTENT_TYPE}, application/json;q=0.9` },
  });
  const refining = response.headers.get(BUCKETS_REFINING_HEADER) === '1';
  if (response.headers.get('content-type')?.startsWith(BUCKETS_BINARY_CONTENT_TYPE))
    return { series: decodeBucketsBinary(await response.arrayBuffer()), refining };
  return { series: decodeBucketsJson((await response.json()) as { series?: MetricBucketSeries[] }), refining };
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
      const { series, refining } = await fetchBucketColumns(
        {
          run_ids: request.runIds,
          metric_key: request.metricKey,
          buckets,
          ...window,
          ...(options.allowRefining ? { allow_refining: 'true' } : {}),
        },
        signal,
      );
      const byRun = new Map<string, NumericBucket[]>();
      // ~45,000 bucket objects for a 100-run chart: built in short slices, not one long task.
      await forEachInSlices(series, (columns) => byRun.set(columns.runId, bucketsFromColumns(columns)), {
        budgetMs: SLICE_BUDGET_MS,
        signal,
      });
      return { byRun, source: 'buckets', refining };
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

export function historyBucketsQueryOptions(request: HistoryBucketsRequest) {
  return queryOptions({
    queryKey: metricsKeys.historyBuckets(request),
    // Only a first load may take a sampled answer; the exact one is asked for right after it, and
    // what is drawn stays until it comes.
    queryFn: async ({ signal, client, queryKey }) => {
      const result = await getHistoryBuckets(request, signal, { allowRefining: client.getQueryData(queryKey) === undefined });
      // fetchQuery, not refetchQueries: that one skips a query whose observers are all disabled,
      // as a chart's is until its IntersectionObserver answers, and the sampled answer then stayed.
      if (result.refining) {
        setTimeout(() => void client.fetchQuery({ ...historyBucketsQueryOptions(request), staleTime: 0 }).catch(() => undefined), REFINE_AFTER_MS);
      }
      return result;
    },
    staleTime: 60_000,
    placeholderData: keepPreviousData,
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
      ...historyBucketsQueryOptions({ ...request, runIds }),
      enabled: (options.enabled ?? true) && request.buckets > 0,
      refetchInterval: options.refetchInterval ?? false,
    })),
    combine: combineBuckets,
  });
}
