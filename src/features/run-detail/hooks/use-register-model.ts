import { useMutation, useQueryClient } from '@tanstack/react-query';
import { createModelVersion } from '../../../entities/registry/api/create-model-version';
import { createRegisteredModel } from '../../../entities/registry/api/create-registered-model';
import { invalidateModel } from '../../../entities/registry/invalidate-registry';

export interface RegisterModelInput {
  runId: string;
  /** Artifact directory holding the MLmodel, relative to the run root. */
  artifactPath: string;
  modelName: string;
  createNew: boolean;
}

/** `runs:/<run_id>/<path>` */
export function runsUri(runId: string, artifactPath: string): string {
  const path = artifactPath.replace(/^\/+|\/+$/g, '');
  return path ? `runs:/${runId}/${path}` : `runs:/${runId}`;
}

/** Creates the registered model when asked, then a version pointing at the run's artifact folder. */
export function useRegisterModel() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ runId, artifactPath, modelName, createNew }: RegisterModelInput) => {
      if (createNew) await createRegisteredModel({ name: modelName, description: '', tags: [] });
      return createModelVersion({ name: modelName, source: runsUri(runId, artifactPath), runId });
    },
    meta: {
      successMessage: (version) => {
        const created = version as { name: string; version: string };
        return `Registered “${created.name}” version ${created.version}`;
      },
      errorMessage: 'Could not register the model',
    },
    // The registry (models list, the model's pages, other tabs) and this run's versions.
    onSettled: (_data, _error, input) => invalidateModel(queryClient, input.modelName),
  });
}
