import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiPost } from '../../../lib/api-client';
import { experimentsKeys, NOTE_TAG } from '../experiment-model';

export interface SetExperimentTagInput {
  experimentId: string;
  key: string;
  value: string;
}

export async function setExperimentTag({ experimentId, key, value }: SetExperimentTagInput): Promise<void> {
  await apiPost('/experiments/set-experiment-tag', { experiment_id: experimentId, key, value });
}

export function useSetExperimentTag() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: setExperimentTag,
    meta: {
      successMessage: (_data, input) => {
        const { key } = input as SetExperimentTagInput;
        return key === NOTE_TAG ? 'Description saved' : `Tag “${key}” saved`;
      },
      errorMessage: 'Could not save',
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: experimentsKeys.all }),
  });
}
