import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiPost } from '../../../lib/api-client';
import { experimentsKeys } from '../experiment-model';

export interface RenameExperimentInput {
  id: string;
  newName: string;
}

export async function renameExperiment({ id, newName }: RenameExperimentInput): Promise<void> {
  await apiPost('/experiments/update', { experiment_id: id, new_name: newName });
}

export function useRenameExperiment() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: renameExperiment,
    meta: {
      successMessage: (_data, input) => `Experiment renamed to “${(input as RenameExperimentInput).newName}”`,
      errorMessage: 'Could not rename the experiment',
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: experimentsKeys.all }),
  });
}
