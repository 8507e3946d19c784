// Logging into a run: metrics, params, tags (one at a time or batched), dataset inputs and the
// MLflow 2 `log-model` history tag. MLflow semantics (sqlalchemy_store.py, validation.py):
// params are write-once, identical metric points are dropped, tags are upserted (last one wins),
// long param / tag values are truncated, and every write needs an active run.
import { invalidParameter, notFound } from '../errors.js';
import type { Db } from '../store/database.js';
import { findOrCreateDataset } from '../store/datasets.js';
import { insertLoggedModelMetrics, type LoggedModelMetricRow } from '../store/logged-models.js';
import { insertMetricPoints, upsertLatestMetrics, type MetricRow } from '../store/metric-writes.js';
import {
  deleteRunTag,
  findRunParams,
  findRunTagValue,
  insertRunInput,
  insertRunModelInputs,
  insertRunParams,
  runInputExists,
  updateRunRow,
  upsertRunTag,
  upsertRunTags,
} from '../store/run-writes.js';
import { markSeriesStale } from './metric-summaries.js';
import { toStoredValue } from './metric-values.js';
import { assertRunActive, findActiveRun, findRun, prepareRunTags, RUN_NAME_TAG } from './runs.js';
import { MAX_PARAM_VALUE_LENGTH, MAX_RUN_TAG_VALUE_LENGTH, isInt64, truncate, validateKey } from './validation.js';

export const MAX_METRICS_PER_BATCH = 1000;
export const MAX_PARAMS_TAGS_PER_BATCH = 100;
export const MAX_ENTITIES_PER_BATCH = 1000;

export const LOG_MODEL_HISTORY_TAG = 'mlflow.log-model.history';

const MAX_DATASET_NAME_SIZE = 500;
const MAX_DATASET_DIGEST_SIZE = 36;
const MAX_DATASET_SOURCE_SIZE = 65535;
const MAX_DATASET_SCHEMA_SIZE = 1048575;
const MAX_DATASET_PROFILE_SIZE = 16777215;
const MAX_INPUT_TAG_KEY_SIZE = 255;
const MAX_INPUT_TAG_VALUE_SIZE = 500;

export interface MetricInput {
  key: string;
  value: number;
  timestamp: number;
  step: number;
  /** MLflow 3: the point also belongs to this logged model (optionally for one dataset). */
  modelId?: string;
  datasetName?: string;
  datasetDigest?: string;
}

export interface KeyValueInput {
  key: string;
  value: string;
}

// ---------------------------------------------------------------------------------------------
// Python-flavoured formatting for MLflow's messages and stored JSON
// ---------------------------------------------------------------------------------------------

/** Python's repr() of a str. */
export function pyRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of text) {
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += `\\${quote}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else out += ch;
  }
  return out + quote;
}

/** Python's repr() of a float. */
function pyFloat(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  return Number.isInteger(value) && Math.abs(value) < 1e16 ? value.toFixed(1) : String(value);
}

/** Python's `json.dumps` with default settings (", " and ": " separators, ASCII only). */
export function pyJsonDumps(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'NaN';
    if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
    return JSON.stringify(value);
  }
  if (typeof value === 'string') {
    return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
  }
  if (Array.isArray(value)) return `[${value.map(pyJsonDumps).join(', ')}]`;
  const entries = Object.entries(value as Record<string, unknown>);
  return `{${entries.map(([key, item]) => `${pyJsonDumps(key)}: ${pyJsonDumps(item)}`).join(', ')}}`;
}

// ---------------------------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------------------------

export function validateMetric(metric: MetricInput, path = '', validKeys?: Set<string>): void {
  if (!validKeys?.has(metric.key)) {
    validateKey(metric.key, 'name', 'Metric name');
    validKeys?.add(metric.key);
  }
  if (!isInt64(metric.timestamp) || metric.timestamp < 0) {
    throw invalidParameter(
      `Invalid value ${metric.timestamp} for parameter '${path}timestamp' supplied: metric '${metric.key}' (value=${pyFloat(metric.value)}). Timestamp must be a nonnegative long (64-bit integer) `,
    );
  }
  if (!isInt64(metric.step)) {
    throw invalidParameter(
      `Invalid value ${metric.step} for parameter '${path}step' supplied: metric '${metric.key}' (value=${pyFloat(metric.value)}). Step must be a valid long (64-bit integer).`,
    );
  }
}

function prepareParam(param: KeyValueInput): KeyValueInput {
  validateKey(param.key, 'key', 'Param key');
  return { key: param.key, value: truncate(param.value, MAX_PARAM_VALUE_LENGTH) };
}

function checkBatchLimit(what: string, limit: number, count: number): void {
  if (count > limit) {
    throw invalidParameter(
      `A batch logging request can contain at most ${limit} ${what}. Got ${count} ${what}. Please split up ${what} across multiple requests and try again.`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Writers (inside a transaction, run already checked)
// ---------------------------------------------------------------------------------------------

/** Appends metric points (exact duplicates dropped) and moves each key's latest value forward. */
async function writeMetrics(trx: Db, runId: string, metrics: readonly MetricInput[]): Promise<void> {
  if (metrics.length === 0) return;
  // Column order matters: metricInsert() lists parameters in this order.
  const rows: MetricRow[] = metrics.map((metric) => {
    const stored = toStoredValue(metric.value);
    return { run_uuid: runId, key: metric.key, step: metric.step, timestamp: metric.timestamp, value: stored.value, is_nan: stored.is_nan };
  });
  await insertMetricPoints(trx, rows);
  await writeModelMetrics(trx, runId, metrics);
  const lowestSteps = new Map<string, number>();
  for (const metric of metrics) {
    const lowest = lowestSteps.get(metric.key);
    if (lowest === undefined || metric.step < lowest) lowestSteps.set(metric.key, metric.step);
  }
  await markSeriesStale(trx, runId, lowestSteps);
  // The batch's own latest point per key: greatest (step, timestamp, value), NaN counting as its
  // stored value 0 as in MLflow. Only strictly greater points replace the stored latest value.
  const latest = new Map<string, MetricRow>();
  for (const row of rows) {
    const current = latest.get(row.key);
    if (!current || isLaterPoint(row, current)) latest.set(row.key, row);
  }
  await upsertLatestMetrics(trx, [...latest.values()]);
}

/** MLflow 3: points that name a logged model are recorded for that model too (duplicates dropped). */
async function writeModelMetrics(trx: Db, runId: string, metrics: readonly MetricInput[]): Promise<void> {
  const seen = new Set<string>();
  const rows: LoggedModelMetricRow[] = [];
  for (const metric of metrics) {
    if (!metric.modelId) continue;
    const row = {
      model_id: metric.modelId,
      key: metric.key,
      ...toStoredValue(metric.value),
      timestamp: metric.timestamp,
      step: metric.step,
      run_id: runId,
      dataset_name: metric.datasetName ?? null,
      dataset_digest: metric.datasetDigest ?? null,
    };
    const identity = JSON.stringify(Object.values(row));
    if (seen.has(identity)) continue;
    seen.add(identity);
    rows.push(row);
  }
  await insertLoggedModelMetrics(trx, rows);
}

function isLaterPoint(
  a: { step: number; timestamp: number; value: number },
  b: { step: number; timestamp: number; value: number },
): boolean {
  if (a.step !== b.step) return a.step > b.step;
  if (a.timestamp !== b.timestamp) return a.timestamp > b.timestamp;
  return a.value > b.value;
}

/** Upserts tags (keys unique); `mlflow.runName` also renames the run. */
async function writeTags(trx: Db, runId: string, tags: readonly KeyValueInput[]): Promise<void> {
  if (tags.length === 0) return;
  await upsertRunTags(trx, runId, tags);
  const runName = tags.find((tag) => tag.key === RUN_NAME_TAG);
  if (runName) await updateRunRow(trx, runId, { name: runName.value });
}

// ---------------------------------------------------------------------------------------------
// Endpoints' services
// ---------------------------------------------------------------------------------------------

export async function logMetric(db: Db, runId: string, metric: MetricInput): Promise<void> {
  validateMetric(metric);
  await db.transaction().execute(async (trx) => {
    await findActiveRun(trx, runId);
    await writeMetrics(trx, runId, [metric]);
  });
}

export async function logParam(db: Db, runId: string, input: KeyValueInput): Promise<void> {
  const param = prepareParam(input);
  await db.transaction().execute(async (trx) => {
    await findActiveRun(trx, runId);
    const [existing] = await findRunParams(trx, runId, [param.key]);
    if (existing) {
      if (existing.value === param.value) return;
      throw invalidParameter(
        `Changing param values is not allowed. Param with key='${param.key}' was already logged with value='${existing.value}' for run ID='${runId}'. Attempted logging new value '${param.value}'.`,
      );
    }
    await insertRunParams(trx, runId, [param]);
  });
}

export async function setTag(db: Db, runId: string, input: KeyValueInput): Promise<void> {
  validateKey(input.key, 'key', 'Tag key');
  const value = truncate(input.value, MAX_RUN_TAG_VALUE_LENGTH);
  await db.transaction().execute(async (trx) => {
    await findActiveRun(trx, runId);
    if (input.key === RUN_NAME_TAG) {
      // MLflow routes this through update_run_info, which ignores an empty name.
      if (value === '') return;
      await updateRunRow(trx, runId, { name: value });
    }
    await upsertRunTag(trx, runId, input.key, value);
  });
}

export async function deleteTag(db: Db, runId: string, key: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await findActiveRun(trx, runId);
    if (!(await deleteRunTag(trx, runId, key))) throw notFound(`No tag with name: ${key} in run with id ${runId}`);
  });
}

export interface LogBatchInput {
  metrics: MetricInput[];
  params: KeyValueInput[];
  tags: KeyValueInput[];
}

export async function logBatch(db: Db, runId: string, input: LogBatchInput): Promise<void> {
  checkBatchLimit('metrics', MAX_METRICS_PER_BATCH, input.metrics.length);
  checkBatchLimit('params', MAX_PARAMS_TAGS_PER_BATCH, input.params.length);
  checkBatchLimit('tags', MAX_PARAMS_TAGS_PER_BATCH, input.tags.length);
  checkBatchLimit('metrics, params, and tags', MAX_ENTITIES_PER_BATCH, input.metrics.length + input.params.length + input.tags.length);
  const validKeys = new Set<string>();
  input.metrics.forEach((metric, index) => validateMetric(metric, `metrics[${index}].`, validKeys));
  const params = input.params.map(prepareParam);
  const tags = prepareRunTags(input.tags);

  const seen = new Set<string>();
  const duplicates: string[] = [];
  for (const param of params) {
    if (seen.has(param.key)) duplicates.push(param.key);
    seen.add(param.key);
  }
  if (duplicates.length > 0) {
    throw invalidParameter(
      `Duplicate parameter keys have been submitted: [${duplicates.map(pyRepr).join(', ')}]. Please ensure the request contains only one param value per param key.`,
    );
  }

  await db.transaction().execute(async (trx) => {
    await findActiveRun(trx, runId);
    if (params.length > 0) {
      const existing = await findRunParams(
        trx,
        runId,
        params.map((param) => param.key),
      );
      const stored = new Map(existing.map((row) => [row.key, row.value]));
      const conflicts = params.filter((param) => stored.has(param.key) && stored.get(param.key) !== param.value);
      if (conflicts.length > 0) {
        const listed = conflicts
          .map(
            (param) =>
              `{'key': ${pyRepr(param.key)}, 'old_value': ${pyRepr(stored.get(param.key) ?? '')}, 'new_value': ${pyRepr(param.value)}}`,
          )
          .join(', ');
        throw invalidParameter(`Changing param values is not allowed. Params were already logged='[${listed}]' for run ID='${runId}'.`);
      }
      await insertRunParams(
        trx,
        runId,
        params.filter((param) => !stored.has(param.key)),
      );
    }
    await writeMetrics(trx, runId, input.metrics);
    await writeTags(trx, runId, tags);
  });
}

// ---------------------------------------------------------------------------------------------
// Dataset inputs
// ---------------------------------------------------------------------------------------------

export interface DatasetInputInput {
  tags: KeyValueInput[];
  dataset: {
    name: string;
    digest: string;
    source_type: string;
    source: string;
    schema?: string;
    profile?: string;
  };
}

function validateDatasetInput(input: DatasetInputInput): void {
  const { dataset } = input;
  if (dataset.name.length > MAX_DATASET_NAME_SIZE)
    throw invalidParameter(`Dataset name exceeds the maximum length of ${MAX_DATASET_NAME_SIZE}`);
  if (dataset.digest.length > MAX_DATASET_DIGEST_SIZE)
    throw invalidParameter(`Dataset digest exceeds the maximum length of ${MAX_DATASET_DIGEST_SIZE}`);
  if (dataset.source.length > MAX_DATASET_SOURCE_SIZE)
    throw invalidParameter(`Dataset source exceeds the maximum length of ${MAX_DATASET_SOURCE_SIZE}`);
  if ((dataset.schema?.length ?? 0) > MAX_DATASET_SCHEMA_SIZE)
    throw invalidParameter(`Dataset schema exceeds the maximum length of ${MAX_DATASET_SCHEMA_SIZE}`);
  if ((dataset.profile?.length ?? 0) > MAX_DATASET_PROFILE_SIZE)
    throw invalidParameter(`Dataset profile exceeds the maximum length of ${MAX_DATASET_PROFILE_SIZE}`);
  for (const tag of input.tags) {
    if (tag.key.length > MAX_INPUT_TAG_KEY_SIZE)
      throw invalidParameter(`InputTag key exceeds the maximum length of ${MAX_INPUT_TAG_KEY_SIZE}`);
    if (tag.value.length > MAX_INPUT_TAG_VALUE_SIZE)
      throw invalidParameter(`InputTag value exceeds the maximum length of ${MAX_INPUT_TAG_VALUE_SIZE}`);
  }
}

/**
 * Links datasets to a run. Datasets are shared by (name, digest) and stay attached to the
 * experiment that logged them first; a run already linked to a dataset keeps its input tags.
 */
export async function logInputs(
  db: Db,
  runId: string,
  datasets: readonly DatasetInputInput[],
  modelIds: readonly string[] = [],
): Promise<void> {
  datasets.forEach(validateDatasetInput);
  await db.transaction().execute(async (trx) => {
    const run = await findRun(trx, runId);
    assertRunActive(run);
    await insertRunModelInputs(trx, runId, [...new Set(modelIds)]);
    const unique = new Map<string, DatasetInputInput>();
    for (const input of datasets) {
      const id = `${input.dataset.name}\u0000${input.dataset.digest}`;
      if (!unique.has(id)) unique.set(id, input);
    }
    for (const input of unique.values()) {
      const { dataset } = input;
      const datasetUuid = await findOrCreateDataset(trx, run.experiment_id, dataset);
      if (await runInputExists(trx, runId, datasetUuid)) continue;
      await insertRunInput(trx, runId, datasetUuid, input.tags);
    }
  });
}

// ---------------------------------------------------------------------------------------------
// log-model (MLflow 2)
// ---------------------------------------------------------------------------------------------

const MODEL_JSON_REQUIRED = ['artifact_path', 'flavors', 'utc_time_created', 'run_id'];

function pyTruthy(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === 0 || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}

function pyStr(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return pyJsonDumps(value);
}

/** `datetime.utcnow()` as Python's str() prints it. */
function utcNowString(): string {
  const now = new Date();
  return `${now.toISOString().slice(0, 10)} ${now.toISOString().slice(11, 23)}000`;
}

/** What MLflow keeps of an MLmodel in the history tag (`Model.get_tags_dict()`). */
function modelTagsDict(model: Record<string, unknown>): Record<string, unknown> {
  const flavors = model.flavors ?? {};
  if (typeof flavors !== 'object' || flavors === null || Array.isArray(flavors)) {
    throw invalidParameter(`Malformed model info. 'flavors' must be a JSON object.`);
  }
  const result: Record<string, unknown> = {};
  if (pyTruthy(model.run_id)) {
    result.run_id = model.run_id;
    if (model.artifact_path !== null && model.artifact_path !== undefined) result.artifact_path = model.artifact_path;
  }
  result.utc_time_created = pyTruthy(model.utc_time_created) ? pyStr(model.utc_time_created) : utcNowString();
  if (model.model_uuid !== null && model.model_uuid !== undefined) result.model_uuid = model.model_uuid;
  result.flavors = Object.fromEntries(
    Object.entries(flavors as Record<string, unknown>).map(([flavor, config]) => [
      flavor,
      typeof config === 'object' && config !== null && !Array.isArray(config)
        ? Object.fromEntries(Object.entries(config).filter(([key]) => key !== 'config'))
        : config,
    ]),
  );
  return result;
}

export async function logModel(db: Db, runId: string, modelJson: string): Promise<void> {
  let model: unknown;
  try {
    model = JSON.parse(modelJson);
  } catch {
    throw invalidParameter(`Malformed model info. \n ${modelJson} \n is not a valid JSON.`);
  }
  if (typeof model !== 'object' || model === null || Array.isArray(model)) {
    throw invalidParameter(`Malformed model info. \n ${modelJson} \n is not a valid JSON object.`);
  }
  const missing = MODEL_JSON_REQUIRED.filter((key) => !(key in model));
  if (missing.length > 0) {
    throw invalidParameter(`Model json is missing mandatory fields: {${missing.sort().map(pyRepr).join(', ')}}`);
  }
  const entry = modelTagsDict(model as Record<string, unknown>);
  await db.transaction().execute(async (trx) => {
    await findActiveRun(trx, runId);
    const previous = await findRunTagValue(trx, runId, LOG_MODEL_HISTORY_TAG);
    let history: unknown[] = [];
    if (previous !== undefined) {
      try {
        const parsed: unknown = JSON.parse(previous);
        history = Array.isArray(parsed) ? parsed : [];
      } catch {
        history = [];
      }
    }
    await upsertRunTag(trx, runId, LOG_MODEL_HISTORY_TAG, pyJsonDumps([...history, entry]));
  });
}
