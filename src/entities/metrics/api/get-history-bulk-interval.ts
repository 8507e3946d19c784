// GET metrics/get-history-bulk-interval: MLflow's step sampling (≤ 2500 steps + each run's first
// and last) for up to 100 runs. The fallback when a real MLflow server lacks get-history-buckets:
// every sampled point becomes a one-step bucket (not spike-preserving, but all MLflow offers).
import { apiGet, wireDouble, wireInt } from '../../../lib/api-client';
import { pointsToBuckets, type NumericBucket } from '../../../lib/chart-math/envelope';
import type { MetricWithRunId } from '../../../lib/mlflow/wire-types';

export const BULK_INTERVAL_MAX_RESULTS = 2500;

export interface BulkIntervalRequest {
  runIds: readonly string[];
  metricKey: string;
  maxResults: number;
  startStep?: number;
  endStep?: number;
}

export async function getMetricHistoryBulkInterval(
  request: BulkIntervalRequest,
  signal?: AbortSignal,
): Promise<Map<string, NumericBucket[]>> {
  const both = request.startStep !== undefined && request.endStep !== undefined;
  const response = await apiGet<{ metrics?: MetricWithRunId[] }>(
    '/metrics/get-history-bulk-interval',
    {
      run_ids: request.runIds,
      metric_key: request.metricKey,
      max_results: Math.min(BULK_INTERVAL_MAX_RESULTS, Math.max(1, Math.round(request.maxResults))),
      start_step: both ? Math.trunc(request.startStep ?? 0) : undefined,
      end_step: both ? Math.ceil(request.endStep ?? 0) : undefined,
    },
    { signal },
  );
  const byRun = new Map<string, { step: number; value: number; timestamp: number }[]>();
  for (const metric of response.metrics ?? []) {
    let points = byRun.get(metric.run_id);
    if (!points) byRun.set(metric.run_id, (points = []));
    points.push({ step: wireInt(metric.step) ?? 0, value: wireDouble(metric.value), timestamp: wireInt(metric.timestamp) ?? 0 });
  }
  return new Map([...byRun].map(([runId, points]) => [runId, pointsToBuckets(points)]));
}
