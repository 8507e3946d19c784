import { apiGet } from '../../../lib/api-client';
import type { Metric } from '../../../lib/mlflow/wire-types';
import { toMetricPoint, type MetricPoint } from './metric-point';

export interface MetricHistoryPage {
  points: MetricPoint[];
  /** Set when the history has more points than `maxResults`. */
  nextPageToken: string | undefined;
}

/** Full history of one metric (GET metrics/get-history), optionally capped at maxResults. */
export async function getMetricHistory(runId: string, key: string, maxResults: number | undefined, signal?: AbortSignal): Promise<MetricHistoryPage> {
  const response = await apiGet<{ metrics?: Metric[]; next_page_token?: string }>(
    '/metrics/get-history',
    { run_id: runId, metric_key: key, max_results: maxResults },
    { signal },
  );
  return { points: (response.metrics ?? []).map(toMetricPoint), nextPageToken: response.next_page_token || undefined };
}
