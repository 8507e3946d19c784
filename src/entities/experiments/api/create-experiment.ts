import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiPost } from '../../../lib/api-client';
import { experimentsKeys } from '../experiment-model';

export interface CreateExperimentInput {
  name: string;
  artifactLocation?: string;
  tags: { key: string; value: string }[];
}

export async function createExperiment(input: CreateExperimentInput): Promise<string> {
  const response = await apiPost<{ experiment_id: string }>('/experiments/create', {
    name: input.name,
    artifact_location: input.artifactLocation || undefined,
    tags: input.tags.length ? input.tags : undefined,
  });
  return response.experiment_id;
}

export function useCreateExperiment() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createExperiment,
    meta: {
      successMessage: (_id, input) => `Experiment “${(input as CreateExperimentInput).name}” created`,
      errorMessage: 'Could not create the experiment',
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: experimentsKeys.all }),
  });
}
