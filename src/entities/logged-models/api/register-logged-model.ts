// Registers a logged model as a new registry version through the registry entity's
// registered-models/create and model-versions/create (source=models:/<model_id>, MLflow 3).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { MlflowApiError } from '../../../lib/api-client';
import { createModelVersion } from '../../registry/api/create-model-version';
import { createRegisteredModel } from '../../registry/api/create-registered-model';
import { announceModelChange } from '../../registry/invalidate-registry';
import { registryKeys, type RegistryVersion } from '../../registry/registry-model';
import { loggedModelKeys, type LoggedModel } from '../logged-model';

export interface RegisterLoggedModelInput {
  model: LoggedModel;
  registeredModelName: string;
}

/** Creates the registered model when it does not exist, then the version. */
export async function registerLoggedModel({ model, registeredModelName }: RegisterLoggedModelInput): Promise<RegistryVersion> {
  try {
    await createRegisteredModel({ name: registeredModelName, description: '', tags: [] });
  } catch (error) {
    if (!(error instanceof MlflowApiError && error.errorCode === 'RESOURCE_ALREADY_EXISTS')) throw error;
  }
  return createModelVersion({ name: registeredModelName, source: `models:/${model.modelId}`, runId: model.sourceRunId ?? '', modelId: model.modelId });
}

export function useRegisterLoggedModel() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: registerLoggedModel,
    meta: { errorMessage: 'Could not register the model' },
    onSuccess: (version) => announceModelChange(version.name),
    onSettled: (_version, _error, input) => {
      void queryClient.invalidateQueries({ queryKey: loggedModelKeys.detail(input.model.modelId) });
      void queryClient.invalidateQueries({ queryKey: registryKeys.all });
    },
  });
}
