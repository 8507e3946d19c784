import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiPost } from '../../../lib/api-client';
import type { RegisteredModel as WireRegisteredModel } from '../../../lib/mlflow/wire-types';
import { announceModelChange } from '../invalidate-registry';
import { registryKeys, toRegistryModel, type RegistryModel, type Tag } from '../registry-model';

export interface CreateRegisteredModelInput {
  name: string;
  description: string;
  tags: Tag[];
}

/** POST registered-models/create */
export async function createRegisteredModel({ name, description, tags }: CreateRegisteredModelInput): Promise<RegistryModel> {
  const response = await apiPost<{ registered_model: WireRegisteredModel }>('/registered-models/create', {
    name,
    description: description || undefined,
    tags: tags.length > 0 ? tags : undefined,
  });
  return toRegistryModel(response.registered_model);
}

export function useCreateRegisteredModel() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createRegisteredModel,
    meta: {
      successMessage: (model) => `Model “${(model as RegistryModel).name}” created`,
      errorMessage: 'Could not create the model',
    },
    onSuccess: (model) => {
      announceModelChange(model.name);
      queryClient.setQueryData(registryKeys.modelDetail(model.name), model);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: registryKeys.models() }),
  });
}
