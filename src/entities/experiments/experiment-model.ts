import { wireInt } from '../../lib/api-client';
import type { Experiment as WireExperiment, LifecycleStage } from '../../lib/mlflow/wire-types';

export const NOTE_TAG = 'mlflow.note.content';

export interface Experiment {
  id: string;
  name: string;
  artifactLocation: string;
  lifecycleStage: LifecycleStage;
  lastUpdateTime: number | undefined;
  creationTime: number | undefined;
  /** All tags, system tags included; missing values read as ''. */
  tags: { key: string; value: string }[];
  /** Markdown description (tag mlflow.note.content). */
  description: string;
}

export function toExperiment(wire: WireExperiment): Experiment {
  const tags = (wire.tags ?? []).map((tag) => ({ key: tag.key, value: tag.value ?? '' }));
  return {
    id: wire.experiment_id,
    name: wire.name,
    artifactLocation: wire.artifact_location ?? '',
    lifecycleStage: wire.lifecycle_stage ?? 'active',
    lastUpdateTime: wireInt(wire.last_update_time),
    creationTime: wireInt(wire.creation_time),
    tags,
    description: tags.find((tag) => tag.key === NOTE_TAG)?.value ?? '',
  };
}

/** Every experiments query key starts with this, so one invalidation refreshes them all. */
export const experimentsKeys = {
  all: ['experiments'] as const,
  search: (params: object) => ['experiments', 'search', params] as const,
  detail: (id: string) => ['experiments', 'detail', id] as const,
};
