import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiPost } from '../../../lib/api-client';
import { experimentsKeys } from '../experiment-model';

export interface ExperimentRef {
  id: string;
  name: string;
}

export async function deleteExperiment({ id }: ExperimentRef): Promise<void> {
  await apiPost('/experiments/delete', { experiment_id: id });
}

export function useDeleteExperiment() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteExperiment,
    meta: {
      successMessage: (_data, input) => `Experiment “${(input as ExperimentRef).name}” deleted`,
      errorMessage: 'Could not delete the experiment',
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: experimentsKeys.all }),
  });
}
