// GET runs/get: the runs named in the metric page's URL (no experiment id is known there).
import { queryOptions, useQueries } from '@tanstack/react-query';
import { LIVE_REFETCH_MS } from '../../../lib/live-refetch';
import { apiGet } from '../../../lib/api-client';
import type { Run } from '../../../lib/mlflow/wire-types';
import { toChartRun, type ChartRunInfo } from './search-runs';

export async function getRun(runId: string, signal?: AbortSignal): Promise<ChartRunInfo> {
  const response = await apiGet<{ run: Run }>('/runs/get', { run_id: runId }, { signal });
  return toChartRun(response.run);
}

export function runQueryOptions(runId: string) {
  return queryOptions({
    queryKey: ['charts', 'run', runId] as const,
    queryFn: ({ signal }) => getRun(runId, signal),
    refetchInterval: (query) => (query.state.data?.status === 'RUNNING' ? LIVE_REFETCH_MS : false),
  });
}

export function useRuns(runIds: readonly string[]) {
  return useQueries({
    queries: runIds.map((runId) => runQueryOptions(runId)),
    combine: (results) => ({
      runs: results.map((result) => result.data).filter((run): run is ChartRunInfo => run !== undefined),
      isPending: results.some((result) => result.isPending),
      error: results.find((result) => result.error)?.error ?? null,
      refetch: () => results.forEach((result) => void result.refetch()),
    }),
  });
}
