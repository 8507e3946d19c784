import { apiPost } from '../../../lib/api-client';
import type { ModelVersion } from '../../../lib/mlflow/wire-types';

export interface CreateModelVersionInput {
  name: string;
  /** `runs:/<run_id>/<artifact path>` */
  source: string;
  runId: string;
}

export async function createModelVersion({ name, source, runId }: CreateModelVersionInput): Promise<ModelVersion> {
  const response = await apiPost<{ model_version: ModelVersion }>('/model-versions/create', { name, source, run_id: runId });
  return response.model_version;
}
