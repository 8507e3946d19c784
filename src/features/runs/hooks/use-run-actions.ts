// Bulk run actions (delete, restore, add tag): the table changes at once (optimistic update of
// every cached runs list); if any request fails, every list goes back to what it was, a toast
// says why, and the lists are refetched so the view shows the server's truth.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useToast } from '../../../components/toast';
import { MlflowApiError } from '../../../lib/api-client';
import { deleteRun } from '../../../entities/runs/api/delete-run';
import { restoreRun } from '../../../entities/runs/api/restore-run';
import { searchAllRuns, updateCachedRuns, type SearchRunsParams } from '../../../entities/runs/api/search-runs';
import { runKeys } from '../../../entities/runs/run-keys';
import { setRunTag } from '../../../entities/runs/api/set-run-tag';
import type { Run } from '../../../entities/runs/run-model';
import type { ViewType } from '../../../lib/mlflow/wire-types';

export type RunAction = { kind: 'delete' } | { kind: 'restore' } | { kind: 'tag'; key: string; value: string };

export interface RunActionRequest {
  action: RunAction;
  /** Explicit ids, or every run matching `params`. */
  runIds: readonly string[] | 'all';
}

const CONCURRENCY = 6;
/** Safety limit for "select all matching" actions. */
export const MAX_BULK_RUNS = 5000;

async function forEachLimited(ids: readonly string[], work: (id: string) => Promise<void>): Promise<{ id: string; error: unknown }[]> {
  const failures: { id: string; error: unknown }[] = [];
  let next = 0;
  const worker = async () => {
    while (next < ids.length) {
      const id = ids[next++] as string;
      try {
        await work(id);
      } catch (error) {
        failures.push({ id, error });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, ids.length) }, worker));
  return failures;
}

function describe(error: unknown): string {
  if (error instanceof MlflowApiError) return `${error.message} (${error.errorCode})`;
  if (error instanceof Error) return error.message;
  return 'unknown error';
}

function optimisticUpdate(action: RunAction): (run: Run, viewType: ViewType) => Run | null {
  switch (action.kind) {
    case 'delete':
      return (run, viewType) => (viewType === 'ACTIVE_ONLY' ? null : { ...run, lifecycleStage: 'deleted' });
    case 'restore':
      return (run, viewType) => (viewType === 'DELETED_ONLY' ? null : { ...run, lifecycleStage: 'active' });
    case 'tag':
      return (run) => ({ ...run, tags: { ...run.tags, [action.key]: action.value } });
  }
}

const VERBS: Readonly<Record<RunAction['kind'], [string, string]>> = {
  delete: ['delete', 'Deleted'],
  restore: ['restore', 'Restored'],
  tag: ['tag', 'Tagged'],
};

function plural(count: number): string {
  return `${count} run${count === 1 ? '' : 's'}`;
}

export function useRunActions(params: SearchRunsParams, onSuccess: (request: RunActionRequest, runIds: readonly string[]) => void) {
  const queryClient = useQueryClient();
  const toast = useToast();
  return useMutation({
    mutationFn: async (request: RunActionRequest) => {
      const runIds =
        request.runIds === 'all'
          ? (await searchAllRuns(params, { limit: MAX_BULK_RUNS })).runs.map((run) => run.runId)
          : request.runIds;
      if (runIds.length === 0) return { runIds, failures: [] };
      await queryClient.cancelQueries({ queryKey: runKeys.all });
      const snapshot = queryClient.getQueriesData({ queryKey: runKeys.all });
      const ids = new Set(runIds);
      const update = optimisticUpdate(request.action);
      updateCachedRuns(queryClient, (run, viewType) => (ids.has(run.runId) ? update(run, viewType) : run));
      const { action } = request;
      const failures = await forEachLimited(runIds, (id) =>
        action.kind === 'delete' ? deleteRun(id) : action.kind === 'restore' ? restoreRun(id) : setRunTag(id, action.key, action.value),
      );
      if (failures.length > 0) {
        for (const [key, data] of snapshot) queryClient.setQueryData(key, data);
      }
      return { runIds, failures };
    },
    onSuccess: ({ runIds, failures }, request) => {
      const [verb, done] = VERBS[request.action.kind];
      if (failures.length > 0) {
        const first = failures[0];
        toast.error(`Could not ${verb} ${failures.length === runIds.length ? plural(runIds.length) : `${failures.length} of ${plural(runIds.length)}`}: ${describe(first?.error)}`);
      } else if (runIds.length > 0) {
        toast.success(request.action.kind === 'tag' ? `${done} ${plural(runIds.length)} with ${request.action.key}=${request.action.value}` : `${done} ${plural(runIds.length)}`);
        onSuccess(request, runIds);
      }
    },
    onError: (error, request) => {
      toast.error(`Could not ${VERBS[request.action.kind][0]} runs: ${describe(error)}`);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: runKeys.all }),
  });
}
