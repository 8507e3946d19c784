// The one Run model of the SPA: MLflow `Run` objects from runs/search and runs/get, normalised
// once into a flat shape every feature reads (the runs table, charts, compare, the run page and
// the registry's source runs). Missing arrays are empty (§1.3), int64 may arrive as strings,
// doubles as "NaN"/"Infinity".
import { wireDouble, wireInt } from '../../lib/api-client';
import type { Run as WireRun, RunStatus } from '../../lib/mlflow/wire-types';

export const PARENT_RUN_ID_TAG = 'mlflow.parentRunId';
export const USER_TAG = 'mlflow.user';
export const SOURCE_NAME_TAG = 'mlflow.source.name';
export const GIT_COMMIT_TAG = 'mlflow.source.git.commit';
export const LOG_MODEL_HISTORY_TAG = 'mlflow.log-model.history';
export const RUN_NAME_TAG = 'mlflow.runName';
export const DATA_CONTEXT_TAG = 'mlflow.data.context';

export const NOTE_TAG = 'mlflow.note.content';

export interface RunDatasetRef {
  name: string;
  digest: string;
  context?: string;
  sourceType: string;
  source: string;
  schema: string;
  profile: string;
  tags: { key: string; value: string }[];
}

/** A metric's latest value with the step and time it was logged at. */
export interface RunMetric {
  key: string;
  value: number;
  step: number;
  timestamp: number | undefined;
}

export interface LoggedModelRef {
  artifactPath: string;
  flavors: string[];
}

export interface Run {
  runId: string;
  /** As logged; '' when the run has no name. */
  runName: string;
  /** What to call the run: its name, else the start of its id. */
  name: string;
  experimentId: string;
  status: RunStatus;
  lifecycleStage: 'active' | 'deleted';
  startTime?: number;
  endTime?: number;
  /** `mlflow.user` tag, else `info.user_id`. */
  user: string;
  artifactUri: string;
  /** Latest value per metric key. */
  metrics: Readonly<Record<string, number>>;
  /** The same latest values with their step and timestamp, in wire order. */
  latestMetrics: readonly RunMetric[];
  params: Readonly<Record<string, string>>;
  /** Every tag, system tags included. */
  tags: Readonly<Record<string, string>>;
  datasets: RunDatasetRef[];
  loggedModels: LoggedModelRef[];
  /** MLflow 3 logged models the run took as input and logged as output (runs/get fills these; runs/search leaves them out). */
  modelInputIds: readonly string[];
  modelOutputIds: readonly string[];
  parentRunId?: string;
}

/** Own-property read, safe for keys such as `__proto__` or `constructor`. */
export function readKey<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

/** Keys starting with `mlflow.` or `_mlflow_` are system tags, hidden from the tag columns. */
export function isSystemTag(key: string): boolean {
  return key.startsWith('mlflow.') || key.startsWith('_mlflow_');
}

export function parseLoggedModels(history: string | undefined): LoggedModelRef[] {
  if (!history) return [];
  try {
    const parsed: unknown = JSON.parse(history);
    if (!Array.isArray(parsed)) return [];
    const models: LoggedModelRef[] = [];
    for (const entry of parsed as unknown[]) {
      if (typeof entry !== 'object' || entry === null) continue;
      const record = entry as Record<string, unknown>;
      const artifactPath = typeof record.artifact_path === 'string' ? record.artifact_path : undefined;
      if (!artifactPath) continue;
      const flavors = typeof record.flavors === 'object' && record.flavors !== null ? Object.keys(record.flavors).filter((name) => name !== 'python_function') : [];
      if (!models.some((model) => model.artifactPath === artifactPath)) models.push({ artifactPath, flavors });
    }
    return models;
  } catch {
    return [];
  }
}

export function toRun(run: WireRun): Run {
  const info = run.info;
  const data = run.data ?? {};
  const latestMetrics = (data.metrics ?? []).map((metric) => ({
    key: metric.key,
    value: wireDouble(metric.value),
    step: wireInt(metric.step) ?? 0,
    timestamp: wireInt(metric.timestamp),
  }));
  const metrics = Object.fromEntries(latestMetrics.map((metric) => [metric.key, metric.value]));
  const params = Object.fromEntries((data.params ?? []).map((param) => [param.key, param.value ?? '']));
  const tags = Object.fromEntries((data.tags ?? []).map((tag) => [tag.key, tag.value ?? '']));
  const datasets = (run.inputs?.dataset_inputs ?? []).map((input) => {
    const datasetTags = (input.tags ?? []).map((tag) => ({ key: tag.key, value: tag.value ?? '' }));
    const context = datasetTags.find((tag) => tag.key === DATA_CONTEXT_TAG)?.value;
    const ref: RunDatasetRef = {
      name: input.dataset.name,
      digest: input.dataset.digest,
      sourceType: input.dataset.source_type ?? '',
      source: input.dataset.source ?? '',
      schema: input.dataset.schema ?? '',
      profile: input.dataset.profile ?? '',
      tags: datasetTags,
    };
    if (context) ref.context = context;
    return ref;
  });
  const runId = info.run_id || info.run_uuid || '';
  const runName = info.run_name || readKey(tags, RUN_NAME_TAG) || '';
  const row: Run = {
    runId,
    runName,
    name: runName || runId.slice(0, 8),
    experimentId: info.experiment_id,
    status: info.status ?? 'RUNNING',
    lifecycleStage: info.lifecycle_stage === 'deleted' ? 'deleted' : 'active',
    user: readKey(tags, USER_TAG) || info.user_id || '',
    artifactUri: info.artifact_uri ?? '',
    metrics,
    latestMetrics,
    params,
    tags,
    datasets,
    loggedModels: parseLoggedModels(readKey(tags, LOG_MODEL_HISTORY_TAG)),
    modelInputIds: (run.inputs?.model_inputs ?? []).map((input) => input.model_id),
    modelOutputIds: (run.outputs?.model_outputs ?? []).map((output) => output.model_id),
  };
  const startTime = wireInt(info.start_time);
  const endTime = wireInt(info.end_time);
  if (startTime !== undefined) row.startTime = startTime;
  if (endTime !== undefined) row.endTime = endTime;
  const parentRunId = readKey(tags, PARENT_RUN_ID_TAG);
  if (parentRunId) row.parentRunId = parentRunId;
  return row;
}
