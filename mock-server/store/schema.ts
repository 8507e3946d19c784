// Database tables, as Kysely sees them. Column names follow MLflow's wire names (snake_case).
// Times are epoch milliseconds. Doubles that may be NaN keep value 0 with is_nan = 1, because SQL
// NULL is not NaN; ±Infinity are stored as REAL infinities.
import type { Generated } from 'kysely';

export interface ExperimentsTable {
  experiment_id: Generated<number>;
  name: string;
  artifact_location: string;
  lifecycle_stage: string;
  creation_time: number;
  last_update_time: number;
}

export interface ExperimentTagsTable {
  experiment_id: number;
  key: string;
  value: string;
}

export interface RunsTable {
  run_uuid: string;
  name: string;
  experiment_id: number;
  user_id: string;
  status: string;
  start_time: number;
  end_time: number | null;
  deleted_time: number | null;
  lifecycle_stage: string;
  artifact_uri: string;
}

export interface MetricsTable {
  run_uuid: string;
  key: string;
  value: number;
  is_nan: number;
  timestamp: number;
  step: number;
}

export type LatestMetricsTable = MetricsTable;

/** 64 consecutive blocks of one level of the min/max pyramid (services/metric-summaries.ts), packed as float64s. */
export interface MetricSummariesTable {
  run_uuid: string;
  key: string;
  level: number;
  chunk: number;
  blocks: Uint8Array;
}

/** Series whose summary blocks are out of date from `from_step` on (NULL: entirely). */
export interface MetricSummaryStaleTable {
  run_uuid: string;
  key: string;
  from_step: number | null;
}

export interface RunKeyValueTable {
  run_uuid: string;
  key: string;
  value: string;
}

export interface DatasetsTable {
  dataset_uuid: string;
  experiment_id: number;
  name: string;
  digest: string;
  dataset_source_type: string;
  dataset_source: string;
  dataset_schema: string | null;
  dataset_profile: string | null;
}

export interface RunInputsTable {
  run_uuid: string;
  dataset_uuid: string;
}

export interface InputTagsTable {
  run_uuid: string;
  dataset_uuid: string;
  key: string;
  value: string;
}

export interface RunModelInputsTable {
  run_uuid: string;
  model_id: string;
}

export interface RunModelOutputsTable {
  run_uuid: string;
  model_id: string;
  step: number;
}

export interface RegisteredModelsTable {
  name: string;
  creation_time: number;
  last_updated_time: number;
  description: string | null;
}

export interface RegisteredModelTagsTable {
  name: string;
  key: string;
  value: string;
}

export interface ModelVersionsTable {
  name: string;
  version: number;
  creation_time: number;
  last_updated_time: number;
  description: string | null;
  user_id: string | null;
  current_stage: string;
  source: string | null;
  storage_location: string | null;
  run_id: string | null;
  run_link: string | null;
  status: string;
  status_message: string | null;
  model_id: string | null;
}

export interface ModelVersionTagsTable {
  name: string;
  version: number;
  key: string;
  value: string;
}

export interface RegisteredModelAliasesTable {
  name: string;
  alias: string;
  version: number;
}

/** Runboard's own audit log of registry changes (MLflow keeps none). */
export interface RegistryEventsTable {
  id: Generated<number>;
  timestamp: number;
  user_id: string | null;
  event_type: string;
  name: string;
  version: string | null;
  alias: string | null;
  key: string | null;
  from_value: string | null;
  to_value: string | null;
}

/** Registry webhooks (MLflow 3.3+); `events` is a JSON array of "entity.action" strings. */
export interface WebhooksTable {
  webhook_id: string;
  name: string;
  description: string | null;
  url: string;
  secret: string | null;
  events: string;
  status: string;
  creation_timestamp: number;
  last_updated_timestamp: number;
}

/** One payload to send to one webhook: PENDING until SUCCEEDED, FAILED or CANCELLED. */
export interface WebhookDeliveriesTable {
  id: Generated<number>;
  delivery_id: string;
  webhook_id: string;
  event: string;
  payload: string;
  state: string;
  is_test: Generated<number>;
  attempts: Generated<number>;
  created_at: number;
  next_attempt_at: number | null;
  claimed_by: string | null;
  claimed_until: number | null;
}

/** Runboard's delivery log: one row per HTTP attempt. */
export interface WebhookDeliveryAttemptsTable {
  id: Generated<number>;
  delivery_id: string;
  attempt: number;
  timestamp: number;
  status_code: number | null;
  latency_ms: number;
  response_excerpt: string | null;
  error: string | null;
}

export interface LoggedModelsTable {
  model_id: string;
  experiment_id: number;
  name: string;
  artifact_location: string;
  creation_timestamp_ms: number;
  last_updated_timestamp_ms: number;
  status: string;
  lifecycle_stage: string;
  model_type: string | null;
  source_run_id: string | null;
  status_message: string | null;
}

export interface LoggedModelKeyValueTable {
  model_id: string;
  key: string;
  value: string;
}

export interface LoggedModelMetricsTable {
  model_id: string;
  key: string;
  value: number;
  is_nan: number;
  timestamp: number;
  step: number;
  run_id: string | null;
  dataset_name: string | null;
  dataset_digest: string | null;
}

/** Users and permissions of `--app-name basic-auth` (MLflow's basic-auth store, plus sessions). */
export interface AuthUsersTable {
  id: Generated<number>;
  username: string;
  /** `scrypt$N$r$p$salt$hash` (mock-server/auth/password.ts). */
  password_hash: string;
  is_admin: number;
}

export interface AuthExperimentPermissionsTable {
  experiment_id: string;
  user_id: number;
  permission: string;
}

export interface AuthRegisteredModelPermissionsTable {
  name: string;
  user_id: number;
  permission: string;
}

/** Sign-in sessions of the UI; only a SHA-256 of the cookie's token is stored. */
export interface AuthSessionsTable {
  token_hash: string;
  user_id: number;
  expires_at: number;
}

/** A trace linked to a run (MLflow 3's LinkTracesToRun). */
export interface TraceRunLinksTable {
  request_id: string;
  run_uuid: string;
}

/** One trace (MLflow's trace_info); `status` is OK, ERROR, IN_PROGRESS or TRACE_STATUS_UNSPECIFIED. */
export interface TraceInfoTable {
  request_id: string;
  experiment_id: number;
  timestamp_ms: number;
  execution_time_ms: number | null;
  status: string;
  /** MLflow 3's TraceInfoV3 fields. */
  client_request_id: string | null;
  request_preview: string | null;
  response_preview: string | null;
}

export interface TraceKeyValueTable {
  request_id: string;
  key: string;
  value: string;
}

export interface Database {
  experiments: ExperimentsTable;
  experiment_tags: ExperimentTagsTable;
  runs: RunsTable;
  metrics: MetricsTable;
  latest_metrics: LatestMetricsTable;
  metric_summaries: MetricSummariesTable;
  metric_summary_stale: MetricSummaryStaleTable;
  params: RunKeyValueTable;
  tags: RunKeyValueTable;
  datasets: DatasetsTable;
  run_inputs: RunInputsTable;
  input_tags: InputTagsTable;
  run_model_inputs: RunModelInputsTable;
  run_model_outputs: RunModelOutputsTable;
  registered_models: RegisteredModelsTable;
  registered_model_tags: RegisteredModelTagsTable;
  model_versions: ModelVersionsTable;
  model_version_tags: ModelVersionTagsTable;
  registered_model_aliases: RegisteredModelAliasesTable;
  registry_events: RegistryEventsTable;
  webhooks: WebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_delivery_attempts: WebhookDeliveryAttemptsTable;
  logged_models: LoggedModelsTable;
  logged_model_tags: LoggedModelKeyValueTable;
  logged_model_params: LoggedModelKeyValueTable;
  logged_model_metrics: LoggedModelMetricsTable;
  auth_users: AuthUsersTable;
  auth_experiment_permissions: AuthExperimentPermissionsTable;
  auth_registered_model_permissions: AuthRegisteredModelPermissionsTable;
  auth_sessions: AuthSessionsTable;
  trace_info: TraceInfoTable;
  trace_tags: TraceKeyValueTable;
  trace_request_metadata: TraceKeyValueTable;
  trace_run_links: TraceRunLinksTable;
}
