// MLflow 3 logged models: create (PENDING) → artifacts uploaded to the model's own
// `mlflow-artifacts:/<exp>/models/<id>/artifacts` → finalize (READY / UPLOAD_FAILED); get, soft
// delete, tags, params, search, artifact listing; and runs/outputs, which links a run to the
// models it produced. Semantics follow MLflow's SqlAlchemyStore.
import { randomUUID } from 'node:crypto';
import type { FileInfo, WireDouble } from '../../src/lib/mlflow/wire-types.js';
import { decodePageToken, encodePageToken, FilterSyntaxError, PageTokenError } from '../../src/lib/mlflow/filter/index.js';
import { isIdentifierStart, readIdentifier } from '../../src/lib/mlflow/filter/identifier.js';
import { isKeyword, tokenize, TokenCursor } from '../../src/lib/mlflow/filter/tokenizer.js';
import { artifactBasename, safeArtifactPath } from '../artifacts/artifact-path.js';
import { invalidParameter, MlflowError, notFound } from '../errors.js';
import type { Db } from '../store/database.js';
import {
  deleteLoggedModelTagRow,
  findLoggedModelParams,
  findLoggedModelRow,
  insertLoggedModel,
  insertLoggedModelParams,
  loadLoggedModelData,
  LOGGED_MODEL_ATTRIBUTE_COLUMNS,
  LOGGED_MODEL_NUMERIC_COLUMNS,
  searchLoggedModelRows,
  updateLoggedModelRow,
  upsertLoggedModelTag,
  upsertRunModelOutputs,
  type DatasetFilter,
  type LoggedModelClause,
  type LoggedModelEntityType,
  type OrderByField,
  type LoggedModelRow,
} from '../store/logged-models.js';
import { listUnder, openLocation, locateArtifactUri, joinLocation, findRunForArtifacts, type ArtifactDownload } from './artifacts.js';
import { findActiveExperiment } from './experiments.js';
import { storedToWire } from './metric-values.js';
import { generateRunName } from './runs.js';
import type { ServerContext } from './server-context.js';

export type { DatasetFilter, LoggedModelClause, OrderByField } from '../store/logged-models.js';

export const LOGGED_MODEL_STATUSES = [
  'LOGGED_MODEL_STATUS_UNSPECIFIED',
  'LOGGED_MODEL_PENDING',
  'LOGGED_MODEL_READY',
  'LOGGED_MODEL_UPLOAD_FAILED',
] as const;
export type LoggedModelStatus = (typeof LOGGED_MODEL_STATUSES)[number];

export const SEARCH_DEFAULT_MAX_RESULTS = 50;
export const SEARCH_MAX_RESULTS = 1000;
const MAX_KEY_LENGTH = 255;
const MAX_NAME_LENGTH = 500;
const NAME_FORBIDDEN = ['/', ':', '.', '%', '"', "'"];
const MODEL_VERSIONS_TAG = 'mlflow.modelVersions';

export interface KeyValue {
  key: string;
  value: string;
}

export interface LoggedModelMetric {
  key: string;
  value: WireDouble;
  timestamp: number;
  step: number;
  model_id: string;
  run_id?: string;
  dataset_name?: string;
  dataset_digest?: string;
}

export interface LoggedModel {
  info: {
    model_id: string;
    experiment_id: string;
    name: string;
    creation_timestamp_ms: number;
    last_updated_timestamp_ms: number;
    artifact_uri: string;
    status: string;
    model_type?: string;
    source_run_id?: string;
    status_message?: string;
    tags?: KeyValue[];
    registrations?: { name: string; version: string }[];
  };
  data: { params?: KeyValue[]; metrics?: LoggedModelMetric[] };
}

type ModelRow = LoggedModelRow;

// ---------------------------------------------------------------------------------------------
// Rows to wire
// ---------------------------------------------------------------------------------------------

function registrationsFrom(tags: readonly KeyValue[]): { name: string; version: string }[] {
  const tag = tags.find((candidate) => candidate.key === MODEL_VERSIONS_TAG);
  if (!tag) return [];
  try {
    const parsed: unknown = JSON.parse(tag.value);
    if (!Array.isArray(parsed)) return [];
    return parsed.flatMap((item: unknown) => {
      if (typeof item !== 'object' || item === null) return [];
      const { name, version } = item as { name?: unknown; version?: unknown };
      return typeof name === 'string' && (typeof version === 'string' || typeof version === 'number')
        ? [{ name, version: String(version) }]
        : [];
    });
  } catch {
    return [];
  }
}

async function toWire(db: Db, rows: readonly ModelRow[]): Promise<LoggedModel[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.model_id);
  const { tags, params, metrics } = await loadLoggedModelData(db, ids);
  return rows.map((row) => {
    const ownTags = tags.filter((tag) => tag.model_id === row.model_id).map(({ key, value }) => ({ key, value }));
    const ownParams = params.filter((param) => param.model_id === row.model_id).map(({ key, value }) => ({ key, value }));
    const ownMetrics = metrics
      .filter((metric) => metric.model_id === row.model_id)
      .map((metric): LoggedModelMetric => ({
        key: metric.key,
        value: storedToWire(metric.value, metric.is_nan),
        timestamp: metric.timestamp,
        step: metric.step,
        model_id: metric.model_id,
        ...(metric.run_id ? { run_id: metric.run_id } : {}),
        ...(metric.dataset_name ? { dataset_name: metric.dataset_name } : {}),
        ...(metric.dataset_digest ? { dataset_digest: metric.dataset_digest } : {}),
      }));
    const registrations = registrationsFrom(ownTags);
    return {
      info: {
        model_id: row.model_id,
        experiment_id: String(row.experiment_id),
        name: row.name,
        creation_timestamp_ms: row.creation_timestamp_ms,
        last_updated_timestamp_ms: row.last_updated_timestamp_ms,
        artifact_uri: row.artifact_location,
        status: row.status,
        ...(row.model_type ? { model_type: row.model_type } : {}),
        ...(row.source_run_id ? { source_run_id: row.source_run_id } : {}),
        ...(row.status_message ? { status_message: row.status_message } : {}),
        ...(ownTags.length > 0 ? { tags: ownTags } : {}),
        ...(registrations.length > 0 ? { registrations } : {}),
      },
      data: {
        ...(ownParams.length > 0 ? { params: ownParams } : {}),
        ...(ownMetrics.length > 0 ? { metrics: ownMetrics } : {}),
      },
    };
  });
}

async function wireOne(db: Db, row: ModelRow): Promise<LoggedModel> {
  const [model] = await toWire(db, [row]);
  return model as LoggedModel;
}

// ---------------------------------------------------------------------------------------------
// Lookups and validation
// ---------------------------------------------------------------------------------------------

function modelNotFound(modelId: string): MlflowError {
  return notFound(`Logged model with ID '${modelId}' not found.`);
}

/** The model row; deleted models only when `allowDeleted`. */
export async function findLoggedModel(db: Db, modelId: string, allowDeleted = false): Promise<ModelRow> {
  const row = await findLoggedModelRow(db, modelId);
  if (!row || (!allowDeleted && row.lifecycle_stage === 'deleted')) throw modelNotFound(modelId);
  return row;
}

function validateName(name: string): void {
  if (name.length > MAX_NAME_LENGTH || NAME_FORBIDDEN.some((character) => name.includes(character))) {
    throw invalidParameter(
      `Invalid model name (${JSON.stringify(name)}) provided. Model name must be a non-empty string of at most ${MAX_NAME_LENGTH} characters and cannot contain the following characters: ${NAME_FORBIDDEN.join(' ')}`,
    );
  }
}

/** Keys non-empty and unique within the request, at most 255 characters. */
function validateEntries(entries: readonly KeyValue[], what: 'params' | 'tags'): void {
  const seen = new Set<string>();
  for (const entry of entries) {
    if (entry.key === '') throw invalidParameter(`Logged model ${what} must have non-empty keys.`);
    if (entry.key.length > MAX_KEY_LENGTH) {
      throw invalidParameter(
        `Logged model ${what} key '${entry.key}' had length ${entry.key.length}, which exceeded length limit of ${MAX_KEY_LENGTH}`,
      );
    }
    if (seen.has(entry.key)) throw invalidParameter(`Duplicate key '${entry.key}' in logged model ${what}.`);
    seen.add(entry.key);
  }
}

/** Accepts `LOGGED_MODEL_READY`, `READY` (any case) or the proto number. */
export function parseStatus(value: unknown): LoggedModelStatus | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' || (typeof value === 'string' && /^\d+$/.test(value))) return LOGGED_MODEL_STATUSES[Number(value)];
  if (typeof value !== 'string') return undefined;
  const upper = value.toUpperCase();
  const name = upper.startsWith('LOGGED_MODEL_') ? upper : `LOGGED_MODEL_${upper}`;
  return (LOGGED_MODEL_STATUSES as readonly string[]).includes(name) ? (name as LoggedModelStatus) : undefined;
}

// ---------------------------------------------------------------------------------------------
// Create / get / finalize / delete / tags / params
// ---------------------------------------------------------------------------------------------

export interface CreateLoggedModelInput {
  experimentId: string;
  name?: string;
  modelType?: string;
  sourceRunId?: string;
  params: KeyValue[];
  tags: KeyValue[];
}

/** `<experiment artifact_location>/models/<model_id>/artifacts`. */
export function loggedModelArtifactLocation(experimentLocation: string, modelId: string): string {
  return `${experimentLocation.replace(/\/+$/, '')}/models/${modelId}/artifacts`;
}

export async function createLoggedModel(db: Db, input: CreateLoggedModelInput): Promise<LoggedModel> {
  if (input.name !== undefined) validateName(input.name);
  validateEntries(input.params, 'params');
  validateEntries(input.tags, 'tags');
  const row = await db.transaction().execute(async (trx) => {
    const experiment = await findActiveExperiment(trx, input.experimentId);
    const modelId = `m-${randomUUID().replace(/-/g, '')}`;
    const now = Date.now();
    const values: ModelRow = {
      model_id: modelId,
      experiment_id: experiment.experiment_id,
      name: input.name ?? generateRunName(),
      artifact_location: loggedModelArtifactLocation(experiment.artifact_location, modelId),
      creation_timestamp_ms: now,
      last_updated_timestamp_ms: now,
      status: 'LOGGED_MODEL_PENDING',
      lifecycle_stage: 'active',
      model_type: input.modelType ?? null,
      source_run_id: input.sourceRunId ?? null,
      status_message: null,
    };
    await insertLoggedModel(trx, values, input.params, input.tags);
    return values;
  });
  return wireOne(db, row);
}

export async function getLoggedModel(db: Db, modelId: string, allowDeleted = false): Promise<LoggedModel> {
  return wireOne(db, await findLoggedModel(db, modelId, allowDeleted));
}

export async function finalizeLoggedModel(db: Db, modelId: string, status: LoggedModelStatus): Promise<LoggedModel> {
  if (status === 'LOGGED_MODEL_STATUS_UNSPECIFIED') {
    throw invalidParameter(`Invalid value '${status}' for parameter 'status': use LOGGED_MODEL_READY or LOGGED_MODEL_UPLOAD_FAILED.`);
  }
  const row = await db.transaction().execute(async (trx) => {
    const found = await findLoggedModel(trx, modelId);
    const now = Date.now();
    await updateLoggedModelRow(trx, modelId, { status, last_updated_timestamp_ms: now });
    return { ...found, status, last_updated_timestamp_ms: now };
  });
  return wireOne(db, row);
}

/** Soft delete; the model stays readable with `allow_deleted`. */
export async function deleteLoggedModel(db: Db, modelId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await findLoggedModel(trx, modelId, true);
    await updateLoggedModelRow(trx, modelId, { lifecycle_stage: 'deleted', last_updated_timestamp_ms: Date.now() });
  });
}

export async function setLoggedModelTags(db: Db, modelId: string, tags: KeyValue[]): Promise<void> {
  // A repeated key keeps its last value, like a sequence of upserts.
  const byKey = new Map(tags.map((tag) => [tag.key, tag.value]));
  validateEntries(
    [...byKey].map(([key, value]) => ({ key, value })),
    'tags',
  );
  await db.transaction().execute(async (trx) => {
    await findLoggedModel(trx, modelId);
    for (const [key, value] of byKey) await upsertLoggedModelTag(trx, modelId, key, value);
  });
}

export async function deleteLoggedModelTag(db: Db, modelId: string, key: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await findLoggedModel(trx, modelId);
    if (!(await deleteLoggedModelTagRow(trx, modelId, key)))
      throw notFound(`No tag with key '${key}' found for model with ID '${modelId}'.`);
  });
}

/** Params are write-once: the same value again is a no-op, a different one is refused. */
export async function logLoggedModelParams(db: Db, modelId: string, params: KeyValue[]): Promise<void> {
  validateEntries(params, 'params');
  await db.transaction().execute(async (trx) => {
    await findLoggedModel(trx, modelId);
    if (params.length === 0) return;
    const existing = await findLoggedModelParams(
      trx,
      modelId,
      params.map((param) => param.key),
    );
    const known = new Map(existing.map((row) => [row.key, row.value]));
    const conflicts = params.filter((param) => known.has(param.key) && known.get(param.key) !== param.value);
    if (conflicts.length > 0) {
      throw invalidParameter(
        `Changing param values is not allowed. Params already logged for model '${modelId}': ${conflicts
          .map((param) => `'${param.key}' (logged '${known.get(param.key) ?? ''}', attempted '${param.value}')`)
          .join(', ')}.`,
      );
    }
    const fresh = params.filter((param) => !known.has(param.key));
    await insertLoggedModelParams(trx, modelId, fresh);
  });
}

// ---------------------------------------------------------------------------------------------
// runs/outputs
// ---------------------------------------------------------------------------------------------

/** `runs/outputs`: the run (active) produced these models at these steps; re-logging updates the step. */
export async function logRunOutputs(db: Db, runId: string, models: { modelId: string; step: number }[]): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const run = await findRunForArtifacts(trx, runId);
    if (run.lifecycle_stage !== 'active') {
      throw invalidParameter(`The run ${runId} must be in the 'active' state. Current state is ${run.lifecycle_stage}.`);
    }
    await upsertRunModelOutputs(trx, runId, models);
  });
}

// ---------------------------------------------------------------------------------------------
// Search
// ---------------------------------------------------------------------------------------------

type EntityType = LoggedModelEntityType;

const ENTITY_TYPES: Readonly<Record<string, EntityType>> = {
  attributes: 'attribute',
  attribute: 'attribute',
  metrics: 'metric',
  metric: 'metric',
  params: 'param',
  param: 'param',
  tags: 'tag',
  tag: 'tag',
};

const ATTRIBUTE_COLUMNS = LOGGED_MODEL_ATTRIBUTE_COLUMNS;
const NUMERIC_COLUMNS = LOGGED_MODEL_NUMERIC_COLUMNS;
const NUMERIC_OPS = new Set(['=', '!=', '<', '<=', '>', '>=']);
const STRING_OPS = new Set(['=', '!=', 'LIKE', 'ILIKE']);

function isNumeric(type: EntityType, key: string): boolean {
  if (type === 'metric') return true;
  const column = ATTRIBUTE_COLUMNS[key];
  return type === 'attribute' && column !== undefined && NUMERIC_COLUMNS.has(column);
}

/** Parses a logged-model filter: `<comparison> [AND <comparison>]...`, MLflow's search_logged_model_utils. */
export function parseLoggedModelFilter(filter: string | undefined): LoggedModelClause[] {
  if (!filter || filter.trim() === '') return [];
  const fail = (message: string): never => {
    throw invalidParameter(`Invalid filter string: ${JSON.stringify(filter)}. ${message}`);
  };
  let cursor: TokenCursor;
  try {
    cursor = new TokenCursor(tokenize(filter));
  } catch (error) {
    if (error instanceof FilterSyntaxError) return fail(error.message);
    throw error;
  }
  const clauses: LoggedModelClause[] = [];
  for (;;) {
    if (!isIdentifierStart(cursor.peek())) fail("Expected a comparison such as `metrics.loss > 0.1` or `name = 'm'`.");
    let identifier;
    try {
      identifier = readIdentifier(cursor);
    } catch (error) {
      if (error instanceof FilterSyntaxError) return fail(error.message);
      throw error;
    }
    const prefix = identifier.prefix?.text;
    const type: EntityType | undefined = prefix === undefined ? 'attribute' : ENTITY_TYPES[prefix];
    if (type === undefined) fail(`Invalid entity type: '${prefix ?? ''}'. Expected one of attributes, metrics, params, tags.`);
    const entityType = type as EntityType;
    const key = identifier.key.text;
    if (entityType === 'attribute' && ATTRIBUTE_COLUMNS[key] === undefined) {
      fail(`Invalid attribute key '${key}'. Expected one of ${Object.keys(ATTRIBUTE_COLUMNS).join(', ')}.`);
    }
    const opToken = cursor.next();
    const op = opToken.kind === 'op' ? opToken.text : opToken.kind === 'word' ? opToken.text.toUpperCase() : '';
    const numeric = isNumeric(entityType, key);
    if (!(numeric ? NUMERIC_OPS : STRING_OPS).has(op)) {
      fail(`Invalid comparison operator for ${prefix ?? 'attributes'}.${key}: '${opToken.text}'.`);
    }
    const valueToken = cursor.next();
    let value: string | number;
    if (numeric) {
      if (valueToken.kind !== 'number') fail(`Expected a number after '${prefix ?? 'attributes'}.${key} ${op}'.`);
      value = Number(valueToken.text);
    } else {
      if (valueToken.kind !== 'squote' && valueToken.kind !== 'dquote')
        fail(`Expected a quoted string after '${prefix ?? 'attributes'}.${key} ${op}'.`);
      value = valueToken.value;
    }
    clauses.push({ type: entityType, key, op: op as LoggedModelClause['op'], value });
    const next = cursor.next();
    if (next.kind === 'eof') break;
    if (!isKeyword(next, 'AND'))
      fail("Expected a list of comparisons separated by 'AND' (e.g. 'metrics.loss > 0.1 AND params.lr = 0.01').");
  }
  return clauses;
}

export interface SearchLoggedModelsInput {
  experimentIds: string[];
  filter?: string;
  datasets: DatasetFilter[];
  maxResults?: number;
  orderBy: OrderByField[];
  pageToken?: string;
}

function statusValue(value: string | number): string | number {
  return typeof value === 'string' ? (parseStatus(value) ?? value) : value;
}

function decodeToken(token: string): number {
  try {
    return decodePageToken(token);
  } catch (error) {
    if (error instanceof PageTokenError) throw invalidParameter(error.message);
    throw error;
  }
}

export async function searchLoggedModels(
  db: Db,
  input: SearchLoggedModelsInput,
): Promise<{ models?: LoggedModel[]; next_page_token?: string }> {
  const requested = input.maxResults ?? SEARCH_DEFAULT_MAX_RESULTS;
  if (requested < 1) {
    throw invalidParameter(`Invalid value ${requested} for parameter 'max_results' supplied. It must be a positive integer.`);
  }
  // Larger pages are cut to SEARCH_MAX_RESULTS; the token leads on, as clients expect.
  const maxResults = Math.min(requested, SEARCH_MAX_RESULTS);
  if (input.datasets.some((dataset) => dataset.datasetName === '')) {
    throw invalidParameter('`dataset_name` in the `datasets` clause must be specified.');
  }
  const clauses = parseLoggedModelFilter(input.filter);
  const offset = input.pageToken ? decodeToken(input.pageToken) : 0;
  const experimentIds = input.experimentIds.filter((id) => /^\d{1,15}$/.test(id)).map(Number);
  if (experimentIds.length === 0) return {};
  // A status compared for equality may be written as MLflow's clients send it (`READY`, a number).
  const storedClauses = clauses.map((clause) =>
    clause.type === 'attribute' && ATTRIBUTE_COLUMNS[clause.key] === 'status' && (clause.op === '=' || clause.op === '!=')
      ? { ...clause, value: statusValue(clause.value) }
      : clause,
  );
  const rows = await searchLoggedModelRows(db, {
    experimentIds,
    clauses: storedClauses,
    datasets: input.datasets,
    orderBy: input.orderBy,
    offset,
    limit: maxResults + 1,
  });
  const models = await toWire(db, rows.slice(0, maxResults));
  return {
    ...(models.length > 0 ? { models } : {}),
    ...(rows.length > maxResults ? { next_page_token: encodePageToken(offset + maxResults) } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// Artifacts
// ---------------------------------------------------------------------------------------------

/** `logged-models/<id>/artifacts/directories`: children of a folder, paths relative to the model root. */
export async function listLoggedModelArtifacts(
  context: ServerContext,
  modelId: string,
  path: string | undefined,
): Promise<{ root_uri: string; files?: FileInfo[] }> {
  const relativePath = path === undefined ? '' : safeArtifactPath(path);
  const model = await findLoggedModel(context.db, modelId);
  const root = await locateArtifactUri(context, model.artifact_location);
  const files = await listUnder(root, relativePath);
  return { root_uri: model.artifact_location, ...(files.length > 0 ? { files } : {}) };
}

/** `ajax-api/.../logged-models/<id>/artifacts/files`: one file of the model. */
export async function openLoggedModelArtifact(context: ServerContext, modelId: string, path: string): Promise<ArtifactDownload> {
  const relativePath = safeArtifactPath(path);
  const model = await findLoggedModel(context.db, modelId);
  const download = await openLocation(joinLocation(await locateArtifactUri(context, model.artifact_location), relativePath));
  return { ...download, fileName: artifactBasename(relativePath) || download.fileName };
}
