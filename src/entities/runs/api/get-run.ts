// GET runs/get: one run, whatever its lifecycle; polled while it is RUNNING.
import { queryOptions, useQueries, useQuery } from '@tanstack/react-query';
import { apiGet } from '../../../lib/api-client';
import type { Run as WireRun } from '../../../lib/mlflow/wire-types';
import { runKeys } from '../run-keys';
import { toRun, type Run } from '../run-model';
import { LIVE_REFRESH_MS } from './search-runs';

export async function getRun(runId: string, signal?: AbortSignal): Promise<Run> {
  const response = await apiGet<{ run: WireRun }>('/runs/get', { run_id: runId }, { signal });
  return toRun(response.run);
}

export const getRunQueryOptions = (runId: string) =>
  queryOptions({
    queryKey: runKeys.detail(runId),
    queryFn: ({ signal }) => getRun(runId, signal),
    refetchInterval: (query) => (query.state.data?.status === 'RUNNING' ? LIVE_REFRESH_MS : false),
  });

export function useRun(runId: string | undefined) {
  return useQuery({ ...getRunQueryOptions(runId ?? ''), enabled: Boolean(runId) });
}

export interface RunsState {
  /** The runs that loaded, in the order asked. */
  runs: Run[];
  /** Loaded runs by id. */
  byId: ReadonlyMap<string, Run>;
  /** Run ids that could not be loaded (deleted for good, another server). */
  failed: ReadonlySet<string>;
  isPending: boolean;
  error: Error | null;
  refetch: () => void;
}

/** Several runs by id, each cached on its own (deduplicated by the caller). */
export function useRunsById(runIds: readonly string[]): RunsState {
  return useQueries({
    queries: runIds.map((runId) => getRunQueryOptions(runId)),
    combine: (results) => {
      const byId = new Map<string, Run>();
      const failed = new Set<string>();
      results.forEach((result, index) => {
        const runId = runIds[index];
        if (runId === undefined) return;
        if (result.data) byId.set(runId, result.data);
        else if (result.isError) failed.add(runId);
      });
      return {
        runs: results.map((result) => result.data).filter((run): run is Run => run !== undefined),
        byId,
        failed,
        isPending: results.some((result) => result.isPending),
        error: results.find((result) => result.error)?.error ?? null,
        refetch: () => results.forEach((result) => void result.refetch()),
      };
    },
  });
}
