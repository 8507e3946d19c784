// POST runs/search: the runs a standalone charts page (or the metric page) shows.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiPost, wireDouble, wireInt } from '../../../lib/api-client';
import type { Run, RunStatus, ViewType } from '../../../lib/mlflow/wire-types';

export interface ChartRunInfo {
  runId: string;
  name: string;
  experimentId: string;
  status: RunStatus;
  startTime?: number;
  params: Record<string, string>;
  tags: Record<string, string>;
  metrics: Record<string, number>;
  metricKeys: string[];
}

export function toChartRun(run: Run): ChartRunInfo {
  const data = run.data ?? {};
  const metrics: Record<string, number> = {};
  for (const metric of data.metrics ?? []) metrics[metric.key] = wireDouble(metric.value);
  const tags = Object.fromEntries((data.tags ?? []).map((tag) => [tag.key, tag.value ?? '']));
  return {
    runId: run.info.run_id,
    name: run.info.run_name || tags['mlflow.runName'] || run.info.run_id.slice(0, 8),
    experimentId: run.info.experiment_id,
    status: run.info.status ?? 'FINISHED',
    startTime: wireInt(run.info.start_time),
    params: Object.fromEntries((data.params ?? []).map((param) => [param.key, param.value ?? ''])),
    tags,
    metrics,
    metricKeys: Object.keys(metrics).sort(),
  };
}

export interface ChartRunsRequest {
  experimentIds: readonly string[];
  filter: string;
  maxResults: number;
  /** The runs table's sort, so "the first N runs" are the table's first N. */
  orderBy?: readonly string[];
  runViewType?: ViewType;
}

export async function searchChartRuns(request: ChartRunsRequest, signal?: AbortSignal): Promise<ChartRunInfo[]> {
  const runs: ChartRunInfo[] = [];
  let pageToken: string | undefined;
  do {
    const response = await apiPost<{ runs?: Run[]; next_page_token?: string }>(
      '/runs/search',
      {
        experiment_ids: request.experimentIds,
        filter: request.filter,
        max_results: Math.min(1000, request.maxResults - runs.length),
        page_token: pageToken,
        order_by: request.orderBy?.length ? request.orderBy : undefined,
        run_view_type: request.runViewType ?? 'ACTIVE_ONLY',
      },
      { signal },
    );
    runs.push(...(response.runs ?? []).map(toChartRun));
    pageToken = response.next_page_token || undefined;
  } while (pageToken && runs.length < request.maxResults);
  return runs;
}

export function chartRunsQueryOptions(request: ChartRunsRequest) {
  return queryOptions({
    queryKey: ['charts', 'runs', request] as const,
    queryFn: ({ signal }) => searchChartRuns(request, signal),
  });
}

/** The runs; refreshed every 10 s (statuses, new metric keys) while one of them is RUNNING. */
export function useChartRuns(request: ChartRunsRequest, options: { enabled?: boolean } = {}) {
  return useQuery({
    ...chartRunsQueryOptions(request),
    enabled: options.enabled ?? true,
    refetchInterval: (query) => (query.state.data?.some((run) => run.status === 'RUNNING') ? 10_000 : false),
  });
}
