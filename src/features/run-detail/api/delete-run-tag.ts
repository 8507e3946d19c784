import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiPost } from '../../../lib/api-client';
import { runKeys } from './run-model';

export interface DeleteRunTagInput {
  runId: string;
  key: string;
}

export async function deleteRunTag({ runId, key }: DeleteRunTagInput): Promise<void> {
  await apiPost('/runs/delete-tag', { run_id: runId, key });
}

export function useDeleteRunTag() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteRunTag,
    meta: {
      successMessage: (_data, input) => `Tag “${(input as DeleteRunTagInput).key}” deleted`,
      errorMessage: 'Could not delete the tag',
    },
    onSettled: (_data, _error, input) => queryClient.invalidateQueries({ queryKey: runKeys.run(input.runId) }),
  });
}
