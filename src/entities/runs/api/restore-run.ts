// POST runs/restore: brings a deleted run back (idempotent).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiPost } from '../../../lib/api-client';
import { runKeys } from '../run-keys';

export async function restoreRun(runId: string, signal?: AbortSignal): Promise<void> {
  await apiPost('/runs/restore', { run_id: runId }, { signal });
}

export function useRestoreRun() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (runId: string) => restoreRun(runId),
    meta: { successMessage: 'Run restored', errorMessage: 'Could not restore the run' },
    onSettled: () => queryClient.invalidateQueries({ queryKey: runKeys.all }),
  });
}
