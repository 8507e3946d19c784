// GET /ajax-api/2.0/runboard/metrics/get-history-buckets for the overlaid histories of the
// compared runs (≤ 100 runs per request); falls back to get-history-bulk-interval on a real
// MLflow server (404 ENDPOINT_NOT_FOUND).
import { keepPreviousData, queryOptions, useQueries } from '@tanstack/react-query';
import { apiGet, MlflowApiError, wireDouble, wireInt } from '../../../lib/api-client';
import { pointsToBuckets, type NumericBucket } from '../../../lib/chart-math/envelope';
import type { MetricBucket, MetricWithRunId } from '../../../lib/mlflow/wire-types';

let missing = false;

async function fetchBuckets(
  runIds: readonly string[],
  metricKey: string,
  buckets: number,
  signal?: AbortSignal,
): Promise<Map<string, NumericBucket[]>> {
  const byRun = new Map<string, NumericBucket[]>();
  if (!missing) {
    try {
      const response = await apiGet<{ buckets?: MetricBucket[] }>(
        '/metrics/get-history-buckets',
        { run_ids: runIds, metric_key: metricKey, buckets },
        { base: '/ajax-api/2.0/runboard', signal },
      );
      for (const b of response.buckets ?? []) {
        let list = byRun.get(b.run_id);
        if (!list) byRun.set(b.run_id, (list = []));
        list.push({
          stepStart: b.step_start,
          stepEnd: b.step_end,
          firstStep: b.first_step,
          first: wireDouble(b.first),
          minStep: b.min_step,
          min: wireDouble(b.min),
          maxStep: b.max_step,
          max: wireDouble(b.max),
          lastStep: b.last_step,
          last: wireDouble(b.last),
          lastTimestamp: b.last_timestamp,
          count: b.count,
        });
      }
      return byRun;
    } catch (error) {
      if (!(error instanceof MlflowApiError && error.status === 404 && error.errorCode !== 'RESOURCE_DOES_NOT_EXIST')) throw error;
      missing = true;
    }
  }
  const response = await apiGet<{ metrics?: MetricWithRunId[] }>(
    '/metrics/get-history-bulk-interval',
    { run_ids: runIds, metric_key: metricKey, max_results: Math.min(2500, buckets) },
    { signal },
  );
  const points = new Map<string, { step: number; value: number; timestamp: number }[]>();
  for (const metric of response.metrics ?? []) {
    let list = points.get(metric.run_id);
    if (!list) points.set(metric.run_id, (list = []));
    list.push({ step: wireInt(metric.step) ?? 0, value: wireDouble(metric.value), timestamp: wireInt(metric.timestamp) ?? 0 });
  }
  for (const [runId, list] of points) byRun.set(runId, pointsToBuckets(list));
  return byRun;
}

export function compareBucketsQueryOptions(runIds: readonly string[], metricKey: string, buckets: number) {
  return queryOptions({
    queryKey: ['compare', 'history-buckets', { runIds, metricKey, buckets }] as const,
    queryFn: ({ signal }) => fetchBuckets(runIds, metricKey, buckets, signal),
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
}

function combine(results: { data?: Map<string, NumericBucket[]>; isFetching: boolean; error: unknown }[]) {
  const byRun = new Map<string, NumericBucket[]>();
  for (const result of results) for (const [runId, list] of result.data ?? []) byRun.set(runId, list);
  return { byRun, isFetching: results.some((result) => result.isFetching), error: results.find((result) => result.error)?.error ?? null };
}

export function useCompareBuckets(runIds: readonly string[], metricKey: string, buckets: number) {
  const chunks: string[][] = [];
  for (let i = 0; i < runIds.length; i += 100) chunks.push(runIds.slice(i, i + 100));
  return useQueries({
    queries: chunks.map((chunk) => ({
      ...compareBucketsQueryOptions(chunk, metricKey, buckets),
      enabled: metricKey !== '' && buckets > 0,
    })),
    combine,
  });
}
