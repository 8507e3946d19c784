// GET metrics/get-history: one page of a run's full-resolution history (the metric page's table).
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { apiGet, wireDouble, wireInt } from '../../../lib/api-client';
import type { Metric } from '../../../lib/mlflow/wire-types';

export interface HistoryPoint {
  step: number;
  value: number;
  timestamp: number;
}

export interface HistoryPage {
  points: HistoryPoint[];
  nextPageToken?: string;
}

export interface HistoryPageRequest {
  runId: string;
  metricKey: string;
  maxResults: number;
  pageToken?: string;
}

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
    queryKey: ['charts', 'history-page', request] as const,
    queryFn: ({ signal }) => getMetricHistoryPage(request, signal),
    placeholderData: keepPreviousData,
  });
}

export function useMetricHistoryPage(request: HistoryPageRequest, enabled = true) {
  return useQuery({ ...metricHistoryPageQueryOptions(request), enabled });
}
