import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiPost } from '../../../lib/api-client';
import { experimentsKeys } from '../experiment-model';

export interface DeleteExperimentTagInput {
  experimentId: string;
  key: string;
}

export async function deleteExperimentTag({ experimentId, key }: DeleteExperimentTagInput): Promise<void> {
  await apiPost('/experiments/delete-experiment-tag', { experiment_id: experimentId, key });
}

export function useDeleteExperimentTag() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteExperimentTag,
    meta: {
      successMessage: (_data, input) => `Tag “${(input as DeleteExperimentTagInput).key}” deleted`,
      errorMessage: 'Could not delete the tag',
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: experimentsKeys.all }),
  });
}
