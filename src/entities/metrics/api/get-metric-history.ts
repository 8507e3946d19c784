// GET metrics/get-history: a run's full-resolution history, a page at a time (the metric pages'
// tables) or whole (the chart CSV export, which must hold every point, spikes included).
import { keepPreviousData, queryOptions, useQueries, useQuery } from '@tanstack/react-query';
import { apiGet, wireDouble, wireInt } from '../../../lib/api-client';
import type { Metric } from '../../../lib/mlflow/wire-types';
import type { HistoryPage, HistoryPageRequest, HistoryPoint, HistoryStatsRequest } from '../metric-model';
import { statsOfHistory, type MetricStats } from '../metric-stats';
import { metricsKeys } from '../metrics-keys';

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

/** Exact min/max/last of a whole history (only the figures are cached, not the points). */
export function metricStatsQueryOptions(request: HistoryStatsRequest) {
  return queryOptions({
    queryKey: metricsKeys.historyStats(request),
    queryFn: async ({ signal }) => statsOfHistory(await getFullMetricHistory(request, signal)) ?? null,
    placeholderData: keepPreviousData,
  });
}

function combineStats(results: { data?: MetricStats | null }[], runIds: readonly string[]): Map<string, MetricStats> | undefined {
  if (results.some((result) => result.data === undefined)) return undefined;
  const stats = new Map<string, MetricStats>();
  results.forEach((result, index) => {
    const runId = runIds[index];
    if (runId !== undefined && result.data) stats.set(runId, result.data);
  });
  return stats;
}

/** Exact summaries of one metric for a few runs, read whole with get-history; undefined until all arrived. */
export function useMetricStats(
  request: { runIds: readonly string[]; metricKey: string; startStep?: number; endStep?: number },
  options: { enabled: boolean; refetchInterval: number | false },
): Map<string, MetricStats> | undefined {
  const { runIds, metricKey, startStep, endStep } = request;
  return useQueries({
    queries: runIds.map((runId) => ({
      ...metricStatsQueryOptions({ runId, metricKey, startStep, endStep }),
      enabled: options.enabled,
      refetchInterval: options.refetchInterval,
    })),
    combine: (results) => combineStats(results, runIds),
  });
}
