import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiPost } from '../../../lib/api-client';
import { runKeys } from './run-model';

export async function restoreRun(runId: string): Promise<void> {
  await apiPost('/runs/restore', { run_id: runId });
}

export function useRestoreRun() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: restoreRun,
    meta: { successMessage: 'Run restored', errorMessage: 'Could not restore the run' },
    onSettled: () => queryClient.invalidateQueries({ queryKey: runKeys.all }),
  });
}
