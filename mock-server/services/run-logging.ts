// Logging into a run: metrics, params, tags (one at a time or batched), dataset inputs and the
// MLflow 2 `log-model` history tag. MLflow semantics (sqlalchemy_store.py, validation.py):
// params are write-once, identical metric points are dropped, tags are upserted (last one wins),
// long param / tag values are truncated, and every write needs an active run.
import { invalidParameter, notFound } from '../errors.js';
import type { Db } from '../store/database.js';
import { findOrCreateDataset } from '../store/datasets.js';
import { insertLoggedModelMetrics, type LoggedModelMetricRow } from '../store/logged-models.js';
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
import { insertMetricPoints, markPointsStale, upsertLatestMetrics, type MetricPointColumns } from '../store/metric-writes.js';
import { wakeSummaryBuilders } from './metric-summaries.js';
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

/** MLflow 3 metric fields: the logged model (and dataset) a point belongs to. */
export type MetricModelFields = Pick<MetricInput, 'modelId' | 'datasetName' | 'datasetDigest'>;

/**
 * A log-batch's metrics as columns: a 1,000-point batch is four arrays, not 1,000 objects.
 * `models` holds the MLflow 3 fields of the points that have any (absent when none has).
 */
export interface MetricColumns extends MetricPointColumns {
  keys: string[];
  models?: (MetricModelFields | undefined)[];
}

/** Empty columns for `length` points, to be filled in by the caller. */
export function emptyMetricColumns(length: number): MetricColumns {
  return {
    length,
    keys: new Array<string>(length),
    values: new Float64Array(length),
    timestamps: new Float64Array(length),
    steps: new Float64Array(length),
  };
}

function metricColumnsOf(metrics: readonly MetricInput[]): MetricColumns {
  const columns = emptyMetricColumns(metrics.length);
  for (const [index, metric] of metrics.entries()) {
    columns.keys[index] = metric.key;
    columns.values[index] = metric.value;
    columns.timestamps[index] = metric.timestamp;
    columns.steps[index] = metric.step;
    if (metric.modelId !== undefined || metric.datasetName !== undefined || metric.datasetDigest !== undefined) {
      columns.models ??= [];
      columns.models[index] = { modelId: metric.modelId, datasetName: metric.datasetName, datasetDigest: metric.datasetDigest };
    }
  }
  return columns;
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

/** MLflow's checks of one point (`path`: its prefix in messages, such as `metrics[3].`). */
function validatePoint(key: string, value: number, timestamp: number, step: number, path: string): void {
  if (!isInt64(timestamp) || timestamp < 0) {
    throw invalidParameter(
      `Invalid value ${timestamp} for parameter '${path}timestamp' supplied: metric '${key}' (value=${pyFloat(value)}). Timestamp must be a nonnegative long (64-bit integer) `,
    );
  }
  if (!isInt64(step)) {
    throw invalidParameter(
      `Invalid value ${step} for parameter '${path}step' supplied: metric '${key}' (value=${pyFloat(value)}). Step must be a valid long (64-bit integer).`,
    );
  }
}

export function validateMetric(metric: MetricInput, path = ''): void {
  validateKey(metric.key, 'name', 'Metric name');
  validatePoint(metric.key, metric.value, metric.timestamp, metric.step, path);
}

/** Every point of a batch, in order; each distinct key's name is checked once. */
function validateMetricColumns(metrics: MetricColumns): void {
  const { keys, values, timestamps, steps } = metrics;
  const validKeys = new Set<string>();
  for (let index = 0; index < metrics.length; index += 1) {
    const key = keys[index] as string;
    if (!validKeys.has(key)) {
      validateKey(key, 'name', 'Metric name');
      validKeys.add(key);
    }
    const timestamp = timestamps[index] as number;
    const step = steps[index] as number;
    // The common case without a call; out-of-range or fractional values take the full check.
    if (timestamp >= 0 && timestamp < 2 ** 63 && Number.isInteger(timestamp) && Number.isInteger(step) && Math.abs(step) < 2 ** 63)
      continue;
    validatePoint(key, values[index] as number, timestamp, step, `metrics[${index}].`);
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

/** NaN counts as its stored value 0, as in MLflow. */
function storedValue(value: number): number {
  return value !== value ? 0 : value;
}

/**
 * Appends metric points (exact duplicates dropped), moves each key's latest value forward and
 * marks each key's summaries stale from the lowest step written.
 */
async function writeMetrics(trx: Db, runId: string, metrics: MetricColumns): Promise<void> {
  if (metrics.length === 0) return;
  await insertMetricPoints(trx, runId, metrics);
  if (metrics.models) await writeModelMetrics(trx, runId, metrics);
  // Per key, the point with the lowest step, and the batch's latest point: greatest (step,
  // timestamp, value). Only strictly later points replace the stored latest value.
  const { keys, values, timestamps, steps } = metrics;
  const lowest = new Map<string, number>();
  const latest = new Map<string, number>();
  for (let index = 0; index < metrics.length; index += 1) {
    const key = keys[index] as string;
    const step = steps[index] as number;
    const lowestIndex = lowest.get(key);
    if (lowestIndex === undefined || step < (steps[lowestIndex] as number)) lowest.set(key, index);
    const latestIndex = latest.get(key);
    if (
      latestIndex === undefined ||
      isLaterPoint(
        step,
        timestamps[index] as number,
        storedValue(values[index] as number),
        steps[latestIndex] as number,
        timestamps[latestIndex] as number,
        storedValue(values[latestIndex] as number),
      )
    ) {
      latest.set(key, index);
    }
  }
  await markPointsStale(trx, runId, metrics, [...lowest.values()]);
  wakeSummaryBuilders();
  await upsertLatestMetrics(trx, runId, metrics, [...latest.values()]);
}

/** MLflow 3: points that name a logged model are recorded for that model too (duplicates dropped). */
async function writeModelMetrics(trx: Db, runId: string, metrics: MetricColumns): Promise<void> {
  const seen = new Set<string>();
  const rows: LoggedModelMetricRow[] = [];
  for (let index = 0; index < metrics.length; index += 1) {
    const model = metrics.models?.[index];
    if (!model?.modelId) continue;
    const row = {
      model_id: model.modelId,
      key: metrics.keys[index] as string,
      ...toStoredValue(metrics.values[index] as number),
      timestamp: metrics.timestamps[index] as number,
      step: metrics.steps[index] as number,
      run_id: runId,
      dataset_name: model.datasetName ?? null,
      dataset_digest: model.datasetDigest ?? null,
    };
    const identity = JSON.stringify(Object.values(row));
    if (seen.has(identity)) continue;
    seen.add(identity);
    rows.push(row);
  }
  await insertLoggedModelMetrics(trx, rows);
}

/** Whether point a = (step, timestamp, value) comes after point b. */
function isLaterPoint(aStep: number, aTimestamp: number, aValue: number, bStep: number, bTimestamp: number, bValue: number): boolean {
  if (aStep !== bStep) return aStep > bStep;
  if (aTimestamp !== bTimestamp) return aTimestamp > bTimestamp;
  return aValue > bValue;
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
    await writeMetrics(trx, runId, metricColumnsOf([metric]));
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
  metrics: MetricColumns;
  params: KeyValueInput[];
  tags: KeyValueInput[];
}

export async function logBatch(db: Db, runId: string, input: LogBatchInput): Promise<void> {
  checkBatchLimit('metrics', MAX_METRICS_PER_BATCH, input.metrics.length);
  checkBatchLimit('params', MAX_PARAMS_TAGS_PER_BATCH, input.params.length);
  checkBatchLimit('tags', MAX_PARAMS_TAGS_PER_BATCH, input.tags.length);
  checkBatchLimit('metrics, params, and tags', MAX_ENTITIES_PER_BATCH, input.metrics.length + input.params.length + input.tags.length);
  validateMetricColumns(input.metrics);
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
