// POST model-versions/create: registers a run's model folder (or an MLflow 3 logged model) as a new version of a model.
import { apiPost } from '../../../lib/api-client';
import type { ModelVersion as WireModelVersion } from '../../../lib/mlflow/wire-types';
import { toRegistryVersion, type RegistryVersion } from '../registry-model';

export interface CreateModelVersionInput {
  name: string;
  /** `runs:/<run_id>/<artifact path>`, or `models:/<model_id>` for a logged model. */
  source: string;
  runId: string;
  /** The MLflow 3 logged model this version registers. */
  modelId?: string;
}

export async function createModelVersion({ name, source, runId, modelId }: CreateModelVersionInput, signal?: AbortSignal): Promise<RegistryVersion> {
  const response = await apiPost<{ model_version: WireModelVersion }>(
    '/model-versions/create',
    { name, source, run_id: runId || undefined, model_id: modelId },
    { signal },
  );
  return toRegistryVersion(response.model_version);
}
