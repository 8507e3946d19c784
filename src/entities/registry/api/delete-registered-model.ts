import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiSend } from '../../../lib/api-client';
import { announceModelChange } from '../invalidate-registry';
import { registryKeys } from '../registry-model';

/** DELETE registered-models/delete (with all its versions, tags and aliases). */
export async function deleteRegisteredModel(name: string): Promise<void> {
  await apiSend('DELETE', '/registered-models/delete', { name });
}

export function useDeleteRegisteredModel() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteRegisteredModel,
    meta: {
      successMessage: (_data, name) => `Model “${name as string}” deleted`,
      errorMessage: 'Could not delete the model',
    },
    // The model's own queries are not refetched (they would 404); they expire unobserved.
    onSuccess: async (_data, name) => {
      await queryClient.cancelQueries({ queryKey: registryKeys.model(name) });
      announceModelChange(name);
      void queryClient.invalidateQueries({ queryKey: registryKeys.models() });
    },
  });
}
