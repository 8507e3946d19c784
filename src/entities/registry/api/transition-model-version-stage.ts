import { apiPost } from '../../../lib/api-client';
import type { ModelStage, ModelVersion as WireModelVersion } from '../../../lib/mlflow/wire-types';
import { toRegistryVersion, type RegistryVersion } from '../registry-model';

export interface TransitionStageInput {
  name: string;
  version: string;
  stage: ModelStage;
  /** Archive the versions now in the target stage (Staging / Production only). */
  archiveExistingVersions: boolean;
}

/** POST model-versions/transition-stage */
export async function transitionModelVersionStage({ name, version, stage, archiveExistingVersions }: TransitionStageInput): Promise<RegistryVersion> {
  const response = await apiPost<{ model_version: WireModelVersion }>('/model-versions/transition-stage', {
    name,
    version,
    stage,
    archive_existing_versions: archiveExistingVersions,
  });
  return toRegistryVersion(response.model_version);
}
