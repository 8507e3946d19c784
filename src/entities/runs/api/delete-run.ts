// POST runs/delete: soft-deletes one run (idempotent).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiPost } from '../../../lib/api-client';
import { runKeys } from '../run-keys';

export async function deleteRun(runId: string, signal?: AbortSignal): Promise<void> {
  await apiPost('/runs/delete', { run_id: runId }, { signal });
}

export function useDeleteRun() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (runId: string) => deleteRun(runId),
    meta: { successMessage: 'Run deleted', errorMessage: 'Could not delete the run' },
    onSettled: () => queryClient.invalidateQueries({ queryKey: runKeys.all }),
  });
}
