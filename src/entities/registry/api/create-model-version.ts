// POST model-versions/create: registers a run's model folder as a new version of a model.
import { apiPost } from '../../../lib/api-client';
import type { ModelVersion as WireModelVersion } from '../../../lib/mlflow/wire-types';
import { toRegistryVersion, type RegistryVersion } from '../registry-model';

export interface CreateModelVersionInput {
  name: string;
  /** `runs:/<run_id>/<artifact path>` */
  source: string;
  runId: string;
}

export async function createModelVersion({ name, source, runId }: CreateModelVersionInput, signal?: AbortSignal): Promise<RegistryVersion> {
  const response = await apiPost<{ model_version: WireModelVersion }>(
    '/model-versions/create',
    { name, source, run_id: runId },
    { signal },
  );
  return toRegistryVersion(response.model_version);
}
