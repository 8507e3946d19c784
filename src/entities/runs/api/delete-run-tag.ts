// POST runs/delete-tag: removes one tag from a run.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiPost } from '../../../lib/api-client';
import { runKeys } from '../run-keys';

export interface DeleteRunTagInput {
  runId: string;
  key: string;
}

export async function deleteRunTag({ runId, key }: DeleteRunTagInput, signal?: AbortSignal): Promise<void> {
  await apiPost('/runs/delete-tag', { run_id: runId, key }, { signal });
}

export function useDeleteRunTag() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: DeleteRunTagInput) => deleteRunTag(input),
    meta: {
      successMessage: (_data, input) => `Tag “${(input as DeleteRunTagInput).key}” deleted`,
      errorMessage: 'Could not delete the tag',
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: runKeys.all }),
  });
}
