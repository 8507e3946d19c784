// GET metrics/get-history: a run's full-resolution history, a page at a time (the metric pages'
// tables) or whole (the chart CSV export, which must hold every point, spikes included).
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { apiGet, wireDouble, wireInt } from '../../../lib/api-client';
import type { Metric } from '../../../lib/mlflow/wire-types';
import { metricsKeys } from '../metrics-keys';

import type { HistoryPage, HistoryPageRequest, HistoryPoint } from '../metric-model';

export async function getMetricHistoryPage(request: HistoryPageRequest, signal?: AbortSignal): Promise<HistoryPage> {
  const response = await apiGet<{ metrics?: Metric[]; next_page_token?: string }>(
    '/metrics/get-history',
    { run_id: request.runId, metric_key: request.metricKey, max_results: request.maxResults, page_token: request.pageToken || undefined },
    { signal },
  );
  const page: HistoryPage = {
    points: (response.metrics ?? []).map((metric) => ({
      step: wireInt(metric.step) ?? 0,
      value: wireDouble(metric.value),
      timestamp: wireInt(metric.timestamp) ?? 0,
    })),
  };
  if (response.next_page_token) page.nextPageToken = response.next_page_token;
  return page;
}

export function metricHistoryPageQueryOptions(request: HistoryPageRequest) {
  return queryOptions({
    queryKey: metricsKeys.historyPage(request),
    queryFn: ({ signal }) => getMetricHistoryPage(request, signal),
    placeholderData: keepPreviousData,
  });
}

export function useMetricHistoryPage(request: HistoryPageRequest, enabled = true) {
  return useQuery({ ...metricHistoryPageQueryOptions(request), enabled });
}

/** Page size of a whole-history read (MLflow pages get-history at 25,000 points). */
export const FULL_HISTORY_PAGE = 25_000;

/** Every point of a run's metric (all pages), optionally only the steps in [startStep, endStep]. */
export async function getFullMetricHistory(
  request: { runId: string; metricKey: string; startStep?: number; endStep?: number },
  signal?: AbortSignal,
): Promise<HistoryPoint[]> {
  const points: HistoryPoint[] = [];
  let pageToken: string | undefined;
  do {
    const page = await getMetricHistoryPage(
      { runId: request.runId, metricKey: request.metricKey, maxResults: FULL_HISTORY_PAGE, pageToken },
      signal,
    );
    for (const point of page.points) {
      if (request.startStep !== undefined && point.step < request.startStep) continue;
      if (request.endStep !== undefined && point.step > request.endStep) continue;
      points.push(point);
    }
    pageToken = page.nextPageToken;
  } while (pageToken);
  return points.sort((a, b) => a.step - b.step || a.timestamp - b.timestamp);
}
