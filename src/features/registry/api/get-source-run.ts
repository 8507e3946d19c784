import { queryOptions, useQueries, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { apiGet } from '../../../lib/api-client';
import type { Run as WireRun } from '../../../lib/mlflow/wire-types';
import { registryKeys, toSourceRun, type SourceRun } from './registry-model';

/** GET runs/get: the run a model version was registered from. */
export async function getSourceRun(runId: string, signal?: AbortSignal): Promise<SourceRun> {
  const response = await apiGet<{ run: WireRun }>('/runs/get', { run_id: runId }, { signal });
  return toSourceRun(response.run);
}

export const sourceRunQueryOptions = (runId: string) =>
  queryOptions({
    queryKey: registryKeys.run(runId),
    queryFn: ({ signal }) => getSourceRun(runId, signal),
    staleTime: 30_000,
  });

export function useSourceRun(runId: string | undefined) {
  return useQuery({ ...sourceRunQueryOptions(runId ?? ''), enabled: Boolean(runId) });
}

export interface SourceRunsState {
  /** Loaded runs by id. */
  runs: ReadonlyMap<string, SourceRun>;
  /** Run ids that could not be loaded (deleted for good, other server). */
  failed: ReadonlySet<string>;
  pending: boolean;
}

/** Several source runs at once (deduplicated, cached one by one). */
export function useSourceRuns(runIds: readonly string[]): SourceRunsState {
  const unique = useMemo(() => [...new Set(runIds.filter(Boolean))], [runIds]);
  return useQueries({
    queries: unique.map((runId) => sourceRunQueryOptions(runId)),
    combine: (results) => {
      const runs = new Map<string, SourceRun>();
      const failed = new Set<string>();
      results.forEach((result, index) => {
        const runId = unique[index];
        if (runId === undefined) return;
        if (result.data) runs.set(runId, result.data);
        else if (result.isError) failed.add(runId);
      });
      return { runs, failed, pending: results.some((result) => result.isPending) };
    },
  });
}
