import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiPost } from '../../../lib/api-client';
import { runKeys } from './run-model';

export async function deleteRun(runId: string): Promise<void> {
  await apiPost('/runs/delete', { run_id: runId });
}

export function useDeleteRun() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteRun,
    meta: { successMessage: 'Run deleted', errorMessage: 'Could not delete the run' },
    onSettled: () => queryClient.invalidateQueries({ queryKey: runKeys.all }),
  });
}
