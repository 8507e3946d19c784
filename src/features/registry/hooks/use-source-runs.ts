// The runs model versions were registered from, read through the runs entity (runs/get), so the
// registry pages and the run page share one cache entry per run.
import { useQueries } from '@tanstack/react-query';
import { useMemo } from 'react';
import { getRunQueryOptions, useRun } from '../../../entities/runs/api/get-run';
import type { SourceRun } from '../../../entities/registry/registry-model';

export const useSourceRun = useRun;

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
    // A registry page does not follow the run's live values: no polling.
    queries: unique.map((runId) => ({ ...getRunQueryOptions(runId), refetchInterval: false as const })),
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
