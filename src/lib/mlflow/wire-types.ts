// Shapes of the MLflow REST API as they travel on the wire (snake_case, optional = may be omitted).
// Shared by the SPA and the bundled server. A real MLflow server omits empty arrays and unset
// fields, may send int64 as strings, and sends NaN/Infinity doubles as strings.

export type WireNumber = number | string;
export type WireDouble = number | 'NaN' | 'Infinity' | '-Infinity';

export type ViewType = 'ACTIVE_ONLY' | 'DELETED_ONLY' | 'ALL';
export type RunStatus = 'RUNNING' | 'SCHEDULED' | 'FINISHED' | 'FAILED' | 'KILLED';
export type LifecycleStage = 'active' | 'deleted';
export type ModelStage = 'None' | 'Staging' | 'Production' | 'Archived';
export type ModelVersionStatus = 'PENDING_REGISTRATION' | 'FAILED_REGISTRATION' | 'READY';

export const RUN_STATUSES: readonly RunStatus[] = ['RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED'];
export const VIEW_TYPES: readonly ViewType[] = ['ACTIVE_ONLY', 'DELETED_ONLY', 'ALL'];
export const MODEL_STAGES: readonly ModelStage[] = ['None', 'Staging', 'Production', 'Archived'];

export interface KeyValue {
  key: string;
  value?: string;
}

export interface Experiment {
  experiment_id: string;
  name: string;
  artifact_location?: string;
  lifecycle_stage?: LifecycleStage;
  last_update_time?: WireNumber;
  creation_time?: WireNumber;
  tags?: KeyValue[];
}

export interface RunInfo {
  run_id: string;
  run_uuid?: string;
  run_name?: string;
  experiment_id: string;
  user_id?: string;
  status?: RunStatus;
  start_time?: WireNumber;
  end_time?: WireNumber;
  artifact_uri?: string;
  lifecycle_stage?: LifecycleStage;
}

export interface Metric {
  key: string;
  value: WireDouble;
  timestamp?: WireNumber;
  step?: WireNumber;
}

export interface MetricWithRunId extends Metric {
  run_id: string;
}

export interface Dataset {
  name: string;
  digest: string;
  source_type?: string;
  source?: string;
  schema?: string;
  profile?: string;
}

export interface DatasetInput {
  tags?: KeyValue[];
  dataset: Dataset;
}

export interface RunData {
  metrics?: Metric[];
  params?: KeyValue[];
  tags?: KeyValue[];
}

export interface Run {
  info: RunInfo;
  data?: RunData;
  inputs?: { dataset_inputs?: DatasetInput[]; model_inputs?: { model_id: string }[] };
  outputs?: { model_outputs?: { model_id: string; step: WireNumber }[] };
}

export interface FileInfo {
  path: string;
  is_dir?: boolean;
  file_size?: WireNumber;
}

export interface ModelVersion {
  name: string;
  version: string;
  creation_timestamp?: WireNumber;
  last_updated_timestamp?: WireNumber;
  user_id?: string;
  current_stage?: ModelStage;
  description?: string;
  source?: string;
  run_id?: string;
  status?: ModelVersionStatus;
  status_message?: string;
  tags?: KeyValue[];
  run_link?: string;
  aliases?: string[];
}

export interface RegisteredModel {
  name: string;
  creation_timestamp?: WireNumber;
  last_updated_timestamp?: WireNumber;
  user_id?: string;
  description?: string;
  latest_versions?: ModelVersion[];
  tags?: KeyValue[];
  aliases?: { alias: string; version: string }[];
}

export interface ApiErrorBody {
  error_code: string;
  message: string;
}

/** Runboard extension: one registry change, from `GET /ajax-api/2.0/runboard/registry-events`. */
export interface RegistryEvent {
  id: number;
  timestamp: number;
  user_id?: string;
  event_type:
    | 'MODEL_CREATED'
    | 'MODEL_RENAMED'
    | 'MODEL_DELETED'
    | 'MODEL_DESCRIPTION_CHANGED'
    | 'MODEL_TAG_SET'
    | 'MODEL_TAG_DELETED'
    | 'VERSION_CREATED'
    | 'VERSION_DELETED'
    | 'VERSION_STAGE_CHANGED'
    | 'VERSION_DESCRIPTION_CHANGED'
    | 'VERSION_TAG_SET'
    | 'VERSION_TAG_DELETED'
    | 'ALIAS_SET'
    | 'ALIAS_DELETED';
  name: string;
  version?: string;
  alias?: string;
  key?: string;
  from_value?: string;
  to_value?: string;
}

/**
 * Runboard extension: one run's min/max buckets as parallel arrays (index i is bucket i), from
 * `GET /ajax-api/2.0/runboard/metrics/get-history-buckets`. Bucket i covers the steps
 * [step_start[i], step_start[i] + bucket_width − 1]; only non-empty buckets are listed.
 */
export interface MetricBucketSeries {
  run_id: string;
  key: string;
  bucket_width: number;
  step_start: number[];
  count: number[];
  /** step and value of each bucket's first, min, max and last point */
  first_step: number[];
  first: WireDouble[];
  min_step: number[];
  min: WireDouble[];
  max_step: number[];
  max: WireDouble[];
  last_step: number[];
  last: WireDouble[];
  last_timestamp: number[];
}
