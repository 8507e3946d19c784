import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiSend } from '../../../lib/api-client';
import type { RegisteredModel as WireRegisteredModel } from '../../../lib/mlflow/wire-types';
import { invalidateModel } from '../invalidate-registry';
import { registryKeys, toRegistryModel, type RegistryModel } from '../registry-model';

export interface UpdateRegisteredModelInput {
  name: string;
  description: string;
}

/** PATCH registered-models/update (the description). */
export async function updateRegisteredModel({ name, description }: UpdateRegisteredModelInput): Promise<RegistryModel> {
  const response = await apiSend<{ registered_model: WireRegisteredModel }>('PATCH', '/registered-models/update', { name, description });
  return toRegistryModel(response.registered_model);
}

export function useUpdateRegisteredModel() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateRegisteredModel,
    meta: { successMessage: 'Description saved', errorMessage: 'Could not save the description' },
    onSuccess: (model) => queryClient.setQueryData<RegistryModel>(registryKeys.modelDetail(model.name), (old) => (old ? { ...old, description: model.description } : model)),
    onSettled: (_data, _error, { name }) => invalidateModel(queryClient, name),
  });
}
