import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiPost } from '../../../lib/api-client';
import type { RegisteredModel as WireRegisteredModel } from '../../../lib/mlflow/wire-types';
import { announceModelChange } from '../invalidate-registry';
import { registryKeys, toRegistryModel, type RegistryModel } from '../registry-model';

export interface RenameRegisteredModelInput {
  name: string;
  newName: string;
}

/** POST registered-models/rename (its versions follow). */
export async function renameRegisteredModel({ name, newName }: RenameRegisteredModelInput): Promise<RegistryModel> {
  const response = await apiPost<{ registered_model: WireRegisteredModel }>('/registered-models/rename', { name, new_name: newName });
  return toRegistryModel(response.registered_model);
}

export function useRenameRegisteredModel() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: renameRegisteredModel,
    meta: {
      successMessage: (_model, input) => {
        const { name, newName } = input as RenameRegisteredModelInput;
        return `Renamed “${name}” to “${newName}”`;
      },
      errorMessage: 'Could not rename the model',
    },
    // The old name's queries are left to expire: refetching them would only find nothing (404).
    onSuccess: (model, { name }) => {
      announceModelChange(name);
      announceModelChange(model.name);
      queryClient.setQueryData(registryKeys.modelDetail(model.name), model);
      void queryClient.invalidateQueries({ queryKey: registryKeys.models() });
    },
  });
}
