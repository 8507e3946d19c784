// MLflow 3 logged models: the wire shape of `logged-models` answers and the one model every
// feature reads (camelCase), plus the query-key factory.
import { wireDouble, wireInt } from '../../lib/api-client';
import type { KeyValue, WireDouble, WireNumber } from '../../lib/mlflow/wire-types';

export type LoggedModelStatus = 'LOGGED_MODEL_PENDING' | 'LOGGED_MODEL_READY' | 'LOGGED_MODEL_UPLOAD_FAILED' | 'LOGGED_MODEL_STATUS_UNSPECIFIED';

export interface LoggedModelMetricWire {
  key: string;
  value: WireDouble;
  timestamp?: WireNumber;
  step?: WireNumber;
  run_id?: string;
  dataset_name?: string;
  dataset_digest?: string;
}

export interface LoggedModelWire {
  info: {
    model_id: string;
    experiment_id: string;
    name: string;
    creation_timestamp_ms?: WireNumber;
    last_updated_timestamp_ms?: WireNumber;
    artifact_uri?: string;
    status?: string;
    status_message?: string;
    model_type?: string;
    source_run_id?: string;
    creator_id?: string;
    tags?: KeyValue[];
    registrations?: { name: string; version: string }[];
  };
  data?: { params?: KeyValue[]; metrics?: LoggedModelMetricWire[] };
}

export interface LoggedModelMetric {
  key: string;
  value: number;
  step: number;
  timestamp: number | undefined;
  runId: string | undefined;
  datasetName: string | undefined;
  datasetDigest: string | undefined;
}

export interface LoggedModel {
  modelId: string;
  experimentId: string;
  name: string;
  createdAt: number | undefined;
  updatedAt: number | undefined;
  artifactUri: string;
  status: string;
  statusMessage: string | undefined;
  modelType: string | undefined;
  sourceRunId: string | undefined;
  tags: KeyValue[];
  params: KeyValue[];
  metrics: LoggedModelMetric[];
  /** Registered model versions that point at this model. */
  registrations: { name: string; version: string }[];
}

export function toLoggedModel(wire: LoggedModelWire): LoggedModel {
  const { info, data } = wire;
  return {
    modelId: info.model_id,
    experimentId: info.experiment_id,
    name: info.name,
    createdAt: wireInt(info.creation_timestamp_ms),
    updatedAt: wireInt(info.last_updated_timestamp_ms),
    artifactUri: info.artifact_uri ?? '',
    status: info.status ?? 'LOGGED_MODEL_STATUS_UNSPECIFIED',
    statusMessage: info.status_message || undefined,
    modelType: info.model_type || undefined,
    sourceRunId: info.source_run_id || undefined,
    tags: info.tags ?? [],
    params: data?.params ?? [],
    metrics: (data?.metrics ?? []).map((metric) => ({
      key: metric.key,
      value: wireDouble(metric.value),
      step: wireInt(metric.step) ?? 0,
      timestamp: wireInt(metric.timestamp),
      runId: metric.run_id || undefined,
      datasetName: metric.dataset_name || undefined,
      datasetDigest: metric.dataset_digest || undefined,
    })),
    registrations: info.registrations ?? [],
  };
}

/** The latest value of each metric key (highest step, then newest), for tables. */
export function latestMetrics(model: LoggedModel): Map<string, LoggedModelMetric> {
  const latest = new Map<string, LoggedModelMetric>();
  for (const metric of model.metrics) {
    const seen = latest.get(metric.key);
    if (!seen || metric.step > seen.step || (metric.step === seen.step && (metric.timestamp ?? 0) >= (seen.timestamp ?? 0))) latest.set(metric.key, metric);
  }
  return latest;
}

const STATUS_LABELS: Readonly<Record<string, string>> = {
  LOGGED_MODEL_PENDING: 'Pending',
  LOGGED_MODEL_READY: 'Ready',
  LOGGED_MODEL_UPLOAD_FAILED: 'Upload failed',
};

export function loggedModelStatusLabel(status: string): string {
  return STATUS_LABELS[status] ?? 'Unknown';
}

/** `models:/m-…` (MLflow 3's logged model URI) to the model id; undefined for other sources. */
export function loggedModelIdFromUri(source: string | undefined): string | undefined {
  const match = /^models:\/(m-[0-9a-f]{32})(?:\/.*)?$/i.exec(source ?? '');
  return match?.[1];
}

export const loggedModelKeys = {
  all: ['logged-models'] as const,
  searches: () => [...loggedModelKeys.all, 'search'] as const,
  search: (experimentIds: readonly string[], filter: string, orderBy: string) => [...loggedModelKeys.searches(), experimentIds, filter, orderBy] as const,
  detail: (modelId: string) => [...loggedModelKeys.all, 'detail', modelId] as const,
  artifacts: (modelId: string, path: string) => [...loggedModelKeys.all, 'artifacts', modelId, path] as const,
  usingRuns: (experimentId: string, modelId: string) => [...loggedModelKeys.all, 'using-runs', experimentId, modelId] as const,
};
