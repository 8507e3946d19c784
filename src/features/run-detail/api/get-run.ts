import { queryOptions, useQuery } from '@tanstack/react-query';
import { LIVE_REFETCH_MS } from '../../../lib/live-refetch';
import { apiGet } from '../../../lib/api-client';
import type { Run } from '../../../lib/mlflow/wire-types';
import { runKeys, toRunView, type RunView } from './run-model';

export async function getRun(runId: string, signal?: AbortSignal): Promise<RunView> {
  const response = await apiGet<{ run: Run }>('/runs/get', { run_id: runId }, { signal });
  return toRunView(response.run);
}

export const getRunQueryOptions = (runId: string) =>
  queryOptions({
    queryKey: runKeys.run(runId),
    queryFn: ({ signal }) => getRun(runId, signal),
    // Poll only while the run is still going.
    refetchInterval: (query) => (query.state.data?.status === 'RUNNING' ? LIVE_REFETCH_MS : false),
  });

export function useRun(runId: string | undefined) {
  return useQuery({ ...getRunQueryOptions(runId ?? ''), enabled: Boolean(runId) });
}
