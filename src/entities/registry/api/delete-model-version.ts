import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiSend } from '../../../lib/api-client';
import { announceModelChange } from '../invalidate-registry';
import { registryKeys, type RegistryVersion } from '../registry-model';

export interface DeleteModelVersionInput {
  name: string;
  version: string;
}

/** DELETE model-versions/delete (aliases pointing to it go too). */
export async function deleteModelVersion({ name, version }: DeleteModelVersionInput): Promise<void> {
  await apiSend('DELETE', '/model-versions/delete', { name, version });
}

export function useDeleteModelVersion() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteModelVersion,
    meta: {
      successMessage: (_data, input) => `Version ${(input as DeleteModelVersionInput).version} deleted`,
      errorMessage: 'Could not delete the version',
    },
    onSuccess: async (_data, { name, version }) => {
      announceModelChange(name);
      const deletedVersionKey = registryKeys.versionDetail(name, version);
      await queryClient.cancelQueries({ queryKey: deletedVersionKey });
      queryClient.setQueryData<RegistryVersion[]>(registryKeys.versions(name), (old) => old?.filter((item) => item.version !== version));
      // Everything about the model but the deleted version itself (which would 404).
      await Promise.all([
        queryClient.invalidateQueries({
          queryKey: registryKeys.model(name),
          predicate: (query) => !deletedVersionKey.every((part, index) => query.queryKey[index] === part),
        }),
        queryClient.invalidateQueries({ queryKey: registryKeys.models() }),
      ]);
    },
  });
}
