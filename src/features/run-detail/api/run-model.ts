// The run page's view of a run: key-sorted lists for its tables, selected from the runs entity.
import type { Run, RunMetric } from '../../../entities/runs/run-model';
import type { LifecycleStage, RunStatus } from '../../../lib/mlflow/wire-types';

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

export type { RunMetric };

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

/** The run page's lists, selected from the runs entity's one Run model (sorted by key). */
export function toRunView(run: Run): RunView {
  const byKey = (a: { key: string }, b: { key: string }) => a.key.localeCompare(b.key);
  const tags = Object.entries(run.tags).map(([key, value]) => ({ key, value }));
  return {
    id: run.runId,
    name: run.runName || run.runId,
    experimentId: run.experimentId,
    userId: run.user,
    status: run.status,
    startTime: run.startTime,
    endTime: run.endTime,
    artifactUri: run.artifactUri,
    lifecycleStage: run.lifecycleStage,
    metrics: [...run.latestMetrics].sort(byKey),
    params: Object.entries(run.params)
      .map(([key, value]) => ({ key, value }))
      .sort(byKey),
    tags: tags.sort(byKey),
    tagMap: new Map(tags.map((tag) => [tag.key, tag.value])),
    datasets: run.datasets.map((dataset) => ({ ...dataset, context: dataset.context ?? '' })),
  };
}
