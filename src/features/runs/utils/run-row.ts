// Normalises MLflow `Run` objects from the wire into the flat shape the runs table reads.
// Missing arrays are empty (§1.3), int64 may arrive as strings, doubles as "NaN"/"Infinity".
import { wireDouble, wireInt } from '../../../lib/api-client';
import type { Run, RunStatus } from '../../../lib/mlflow/wire-types';

export const PARENT_RUN_ID_TAG = 'mlflow.parentRunId';
export const USER_TAG = 'mlflow.user';
export const SOURCE_NAME_TAG = 'mlflow.source.name';
export const GIT_COMMIT_TAG = 'mlflow.source.git.commit';
export const LOG_MODEL_HISTORY_TAG = 'mlflow.log-model.history';
export const RUN_NAME_TAG = 'mlflow.runName';
export const DATA_CONTEXT_TAG = 'mlflow.data.context';

export interface RunDatasetRef {
  name: string;
  digest: string;
  context?: string;
}

export interface LoggedModelRef {
  artifactPath: string;
  flavors: string[];
}

export interface RunRow {
  runId: string;
  runName: string;
  experimentId: string;
  status: RunStatus;
  lifecycleStage: 'active' | 'deleted';
  startTime?: number;
  endTime?: number;
  /** `mlflow.user` tag, else `info.user_id`. */
  user: string;
  artifactUri: string;
  metrics: Readonly<Record<string, number>>;
  params: Readonly<Record<string, string>>;
  /** Every tag, system tags included. */
  tags: Readonly<Record<string, string>>;
  datasets: RunDatasetRef[];
  loggedModels: LoggedModelRef[];
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

export function toRunRow(run: Run): RunRow {
  const info = run.info;
  const data = run.data ?? {};
  const metrics = Object.fromEntries((data.metrics ?? []).map((metric) => [metric.key, wireDouble(metric.value)]));
  const params = Object.fromEntries((data.params ?? []).map((param) => [param.key, param.value ?? '']));
  const tags = Object.fromEntries((data.tags ?? []).map((tag) => [tag.key, tag.value ?? '']));
  const datasets = (run.inputs?.dataset_inputs ?? []).map((input) => {
    const context = (input.tags ?? []).find((tag) => tag.key === DATA_CONTEXT_TAG)?.value;
    const ref: RunDatasetRef = { name: input.dataset.name, digest: input.dataset.digest };
    if (context) ref.context = context;
    return ref;
  });
  const row: RunRow = {
    runId: info.run_id || info.run_uuid || '',
    runName: info.run_name || readKey(tags, RUN_NAME_TAG) || '',
    experimentId: info.experiment_id,
    status: info.status ?? 'RUNNING',
    lifecycleStage: info.lifecycle_stage === 'deleted' ? 'deleted' : 'active',
    user: readKey(tags, USER_TAG) || info.user_id || '',
    artifactUri: info.artifact_uri ?? '',
    metrics,
    params,
    tags,
    datasets,
    loggedModels: parseLoggedModels(readKey(tags, LOG_MODEL_HISTORY_TAG)),
  };
  const startTime = wireInt(info.start_time);
  const endTime = wireInt(info.end_time);
  if (startTime !== undefined) row.startTime = startTime;
  if (endTime !== undefined) row.endTime = endTime;
  const parentRunId = readKey(tags, PARENT_RUN_ID_TAG);
  if (parentRunId) row.parentRunId = parentRunId;
  return row;
}
