import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiPost } from '../../../lib/api-client';
import type { ExperimentRef } from './delete-experiment';
import { experimentsKeys } from '../experiment-model';

export async function restoreExperiment({ id }: ExperimentRef): Promise<void> {
  await apiPost('/experiments/restore', { experiment_id: id });
}

export function useRestoreExperiment() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: restoreExperiment,
    meta: {
      successMessage: (_data, input) => `Experiment “${(input as ExperimentRef).name}” restored`,
      errorMessage: 'Could not restore the experiment',
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: experimentsKeys.all }),
  });
}
