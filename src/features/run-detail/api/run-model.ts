import { wireDouble, wireInt } from '../../../lib/api-client';
import type { LifecycleStage, Run as WireRun, RunStatus } from '../../../lib/mlflow/wire-types';

export const TAGS = {
  runName: 'mlflow.runName',
  note: 'mlflow.note.content',
  user: 'mlflow.user',
  parentRunId: 'mlflow.parentRunId',
  sourceName: 'mlflow.source.name',
  sourceType: 'mlflow.source.type',
  gitCommit: 'mlflow.source.git.commit',
  gitBranch: 'mlflow.source.git.branch',
  gitRepoUrl: 'mlflow.source.git.repoURL',
  entryPoint: 'mlflow.project.entryPoint',
  logModelHistory: 'mlflow.log-model.history',
  dataContext: 'mlflow.data.context',
} as const;

export interface RunMetric {
  key: string;
  value: number;
  step: number;
  timestamp: number | undefined;
}

export interface RunDataset {
  name: string;
  digest: string;
  sourceType: string;
  source: string;
  schema: string;
  profile: string;
  context: string;
  tags: { key: string; value: string }[];
}

export interface RunView {
  id: string;
  name: string;
  experimentId: string;
  userId: string;
  status: RunStatus;
  startTime: number | undefined;
  endTime: number | undefined;
  artifactUri: string;
  lifecycleStage: LifecycleStage;
  metrics: RunMetric[];
  params: { key: string; value: string }[];
  tags: { key: string; value: string }[];
  tagMap: ReadonlyMap<string, string>;
  datasets: RunDataset[];
}

export function toRunView(wire: WireRun): RunView {
  const info = wire.info;
  const tags = (wire.data?.tags ?? []).map((tag) => ({ key: tag.key, value: tag.value ?? '' }));
  const tagMap = new Map(tags.map((tag) => [tag.key, tag.value]));
  const id = info.run_id || info.run_uuid || '';
  return {
    id,
    name: info.run_name || tagMap.get(TAGS.runName) || id,
    experimentId: info.experiment_id,
    userId: info.user_id || tagMap.get(TAGS.user) || '',
    status: info.status ?? 'RUNNING',
    startTime: wireInt(info.start_time),
    endTime: wireInt(info.end_time),
    artifactUri: info.artifact_uri ?? '',
    lifecycleStage: info.lifecycle_stage ?? 'active',
    metrics: (wire.data?.metrics ?? [])
      .map((metric) => ({
        key: metric.key,
        value: wireDouble(metric.value),
        step: wireInt(metric.step) ?? 0,
        timestamp: wireInt(metric.timestamp),
      }))
      .sort((a, b) => a.key.localeCompare(b.key)),
    params: (wire.data?.params ?? [])
      .map((param) => ({ key: param.key, value: param.value ?? '' }))
      .sort((a, b) => a.key.localeCompare(b.key)),
    tags: tags.sort((a, b) => a.key.localeCompare(b.key)),
    tagMap,
    datasets: (wire.inputs?.dataset_inputs ?? []).map((input) => {
      const inputTags = (input.tags ?? []).map((tag) => ({ key: tag.key, value: tag.value ?? '' }));
      return {
        name: input.dataset.name,
        digest: input.dataset.digest,
        sourceType: input.dataset.source_type ?? '',
        source: input.dataset.source ?? '',
        schema: input.dataset.schema ?? '',
        profile: input.dataset.profile ?? '',
        context: inputTags.find((tag) => tag.key === TAGS.dataContext)?.value ?? '',
        tags: inputTags,
      };
    }),
  };
}

export const runKeys = {
  all: ['run-detail'] as const,
  run: (runId: string) => ['run-detail', 'run', runId] as const,
  children: (experimentId: string, runId: string) => ['run-detail', 'children', experimentId, runId] as const,
  modelVersions: (runId: string) => ['run-detail', 'model-versions', runId] as const,
  registeredModels: (query: string) => ['run-detail', 'registered-models', query] as const,
  artifacts: (runId: string, path: string) => ['run-detail', 'artifacts', runId, path] as const,
};
