import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiSend } from '../../../lib/api-client';
import type { ModelVersion as WireModelVersion } from '../../../lib/mlflow/wire-types';
import { invalidateModel } from '../invalidate-registry';
import { registryKeys, toRegistryVersion, type RegistryVersion } from '../registry-model';

export interface UpdateModelVersionInput {
  name: string;
  version: string;
  description: string;
}

/** PATCH model-versions/update (the description). */
export async function updateModelVersion({ name, version, description }: UpdateModelVersionInput): Promise<RegistryVersion> {
  const response = await apiSend<{ model_version: WireModelVersion }>('PATCH', '/model-versions/update', { name, version, description });
  return toRegistryVersion(response.model_version);
}

export function useUpdateModelVersion() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateModelVersion,
    meta: { successMessage: 'Description saved', errorMessage: 'Could not save the description' },
    onSuccess: (saved) =>
      queryClient.setQueryData<RegistryVersion>(registryKeys.versionDetail(saved.name, saved.version), (old) => (old ? { ...old, description: saved.description } : saved)),
    onSettled: (_data, _error, { name }) => invalidateModel(queryClient, name),
  });
}
