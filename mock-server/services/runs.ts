// Runs: MLflow semantics for create / get / update / delete / restore, and the shared pieces that
// turn stored rows into wire runs (info, data, inputs) for runs/get and runs/search.
import { randomInt, randomUUID } from 'node:crypto';
import type { DatasetInput, KeyValue, Run, RunInfo, RunStatus } from '../../src/lib/mlflow/wire-types.js';
import { invalidParameter, notFound } from '../errors.js';
import type { Db } from '../store/database.js';
import { insertRun, updateRunRow, upsertRunTag } from '../store/run-writes.js';
import { findRunRow, loadDatasetLinks, loadInputTags, loadModelIo, loadRunKeyValues, type RunRow } from '../store/runs.js';
import { findActiveExperiment } from './experiments.js';
import { metricRowToWire, type WireMetric } from './metric-values.js';
import { MAX_RUN_TAG_VALUE_LENGTH, truncate, validateKey } from './validation.js';

export const RUN_NAME_TAG = 'mlflow.runName';
const ARTIFACTS_FOLDER = 'artifacts';

export { DATASET_CONTEXT_TAG, type RunRow } from '../store/runs.js';

// ---------------------------------------------------------------------------------------------
// Lookups and state checks
// ---------------------------------------------------------------------------------------------

export async function findRun(db: Db, runId: string): Promise<RunRow> {
  const row = await findRunRow(db, runId);
  if (!row) throw notFound(`Run with id=${runId} not found`);
  return row;
}

export function assertRunActive(run: Pick<RunRow, 'run_uuid' | 'lifecycle_stage'>): void {
  if (run.lifecycle_stage !== 'active') {
    throw invalidParameter(`The run ${run.run_uuid} must be in the 'active' state. Current state is ${run.lifecycle_stage}.`);
  }
}

export async function findActiveRun(db: Db, runId: string): Promise<RunRow> {
  const run = await findRun(db, runId);
  assertRunActive(run);
  return run;
}

// ---------------------------------------------------------------------------------------------
// Rows to wire
// ---------------------------------------------------------------------------------------------

export function runInfoToWire(row: RunRow): RunInfo {
  return {
    run_uuid: row.run_uuid,
    experiment_id: String(row.experiment_id),
    run_name: row.name,
    user_id: row.user_id,
    status: row.status as RunStatus,
    start_time: row.start_time,
    ...(row.end_time !== null && row.end_time !== undefined ? { end_time: row.end_time } : {}),
    artifact_uri: row.artifact_uri,
    lifecycle_stage: row.lifecycle_stage as RunInfo['lifecycle_stage'],
    run_id: row.run_uuid,
  };
}

export interface WireRunData {
  metrics?: WireMetric[];
  params?: KeyValue[];
  tags?: KeyValue[];
}

function groupByRun<T extends { run_uuid: string }>(rows: T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const group = groups.get(row.run_uuid);
    if (group) group.push(row);
    else groups.set(row.run_uuid, [row]);
  }
  return groups;
}

/** Latest metrics, params and tags of many runs, in a few `IN (...)` queries. */
export async function loadRunData(db: Db, runIds: readonly string[]): Promise<Map<string, WireRunData>> {
  const result = new Map<string, WireRunData>();
  if (runIds.length === 0) return result;
  const { metrics, params, tags } = await loadRunKeyValues(db, runIds);
  const metricsByRun = groupByRun(metrics);
  const paramsByRun = groupByRun(params);
  const tagsByRun = groupByRun(tags);
  for (const runId of runIds) {
    const runMetrics = metricsByRun.get(runId);
    const runParams = paramsByRun.get(runId);
    const runTags = tagsByRun.get(runId);
    result.set(runId, {
      ...(runMetrics ? { metrics: runMetrics.map(metricRowToWire) } : {}),
      ...(runParams ? { params: runParams.map(({ key, value }) => ({ key, value })) } : {}),
      ...(runTags ? { tags: runTags.map(({ key, value }) => ({ key, value })) } : {}),
    });
  }
  return result;
}

/** Dataset inputs (dataset + input tags) of many runs. */
export async function loadDatasetInputs(db: Db, runIds: readonly string[]): Promise<Map<string, DatasetInput[]>> {
  const result = new Map<string, DatasetInput[]>();
  if (runIds.length === 0) return result;
  const links = await loadDatasetLinks(db, runIds);
  if (links.length === 0) return result;
  const inputTags = await loadInputTags(db, runIds);
  const tagsByLink = new Map<string, KeyValue[]>();
  for (const tag of inputTags) {
    const linkKey = `${tag.run_uuid}/${tag.dataset_uuid}`;
    const list = tagsByLink.get(linkKey);
    if (list) list.push({ key: tag.key, value: tag.value });
    else tagsByLink.set(linkKey, [{ key: tag.key, value: tag.value }]);
  }
  for (const link of links) {
    const tags = tagsByLink.get(`${link.run_uuid}/${link.dataset_uuid}`);
    const input: DatasetInput = {
      ...(tags ? { tags } : {}),
      dataset: {
        name: link.name,
        digest: link.digest,
        source_type: link.dataset_source_type,
        source: link.dataset_source,
        ...(link.dataset_schema !== null ? { schema: link.dataset_schema } : {}),
        ...(link.dataset_profile !== null ? { profile: link.dataset_profile } : {}),
      },
    };
    const list = result.get(link.run_uuid);
    if (list) list.push(input);
    else result.set(link.run_uuid, [input]);
  }
  return result;
}

/**
 * Wire runs for rows already in the wanted order. runs/search returns info, data and
 * `inputs.dataset_inputs` only; runs/get adds logged-model inputs and outputs (MLflow 3).
 */
export async function rowsToWireRuns(db: Db, rows: readonly RunRow[], options: { modelIo?: boolean } = {}): Promise<Run[]> {
  const runIds = rows.map((row) => row.run_uuid);
  const [data, datasetInputs] = [await loadRunData(db, runIds), await loadDatasetInputs(db, runIds)];
  let modelInputs = new Map<string, { model_id: string }[]>();
  let modelOutputs = new Map<string, { model_id: string; step: number }[]>();
  if (options.modelIo && runIds.length > 0) {
    const { inputs, outputs } = await loadModelIo(db, runIds);
    modelInputs = new Map([...groupByRun(inputs)].map(([id, list]) => [id, list.map(({ model_id }) => ({ model_id }))]));
    modelOutputs = new Map([...groupByRun(outputs)].map(([id, list]) => [id, list.map(({ model_id, step }) => ({ model_id, step }))]));
  }
  return rows.map((row) => {
    const datasets = datasetInputs.get(row.run_uuid);
    const models = modelInputs.get(row.run_uuid);
    const outputs = modelOutputs.get(row.run_uuid);
    return {
      info: runInfoToWire(row),
      data: data.get(row.run_uuid) ?? {},
      inputs: { ...(datasets ? { dataset_inputs: datasets } : {}), ...(models ? { model_inputs: models } : {}) },
      ...(outputs ? { outputs: { model_outputs: outputs } } : {}),
    };
  });
}

export async function getRun(db: Db, runId: string): Promise<Run> {
  const row = await findRun(db, runId);
  const [run] = await rowsToWireRuns(db, [row], { modelIo: true });
  return run as Run;
}

// ---------------------------------------------------------------------------------------------
// Run names
// ---------------------------------------------------------------------------------------------

const NAME_ADJECTIVES = [
  'able',
  'agile',
  'amazing',
  'bold',
  'brave',
  'bright',
  'calm',
  'capable',
  'clean',
  'clever',
  'crisp',
  'curious',
  'dapper',
  'daring',
  'eager',
  'easy',
  'fast',
  'fearless',
  'fun',
  'gentle',
  'glamorous',
  'grand',
  'handsome',
  'honest',
  'humble',
  'intrigued',
  'judicious',
  'kindly',
  'likeable',
  'lively',
  'loud',
  'lucky',
  'magnificent',
  'merciful',
  'mercurial',
  'nebulous',
  'nimble',
  'orderly',
  'polite',
  'placid',
  'quick',
  'quiet',
  'rare',
  'resilient',
  'rogue',
  'salty',
  'shivering',
  'silent',
  'skillful',
  'smiling',
  'spiffy',
  'stately',
  'sincere',
  'suave',
  'sunny',
  'tasteful',
  'thoughtful',
  'tranquil',
  'unique',
  'upbeat',
  'useful',
  'valuable',
  'vaunted',
  'victorious',
  'welcoming',
  'whimsical',
  'wise',
  'worried',
  'youthful',
  'zealous',
];
const NAME_NOUNS = [
  'ant',
  'ape',
  'asp',
  'auk',
  'bass',
  'bat',
  'bear',
  'bee',
  'bird',
  'boar',
  'bug',
  'calf',
  'carp',
  'cat',
  'chimp',
  'cod',
  'colt',
  'conch',
  'cow',
  'crab',
  'crane',
  'croc',
  'crow',
  'cub',
  'deer',
  'doe',
  'dog',
  'dolphin',
  'donkey',
  'dove',
  'duck',
  'eel',
  'elk',
  'fawn',
  'finch',
  'fish',
  'flea',
  'fly',
  'foal',
  'fowl',
  'fox',
  'frog',
  'gnat',
  'gnu',
  'goat',
  'goose',
  'grouse',
  'grub',
  'gull',
  'hare',
  'hawk',
  'hen',
  'hog',
  'horse',
  'hound',
  'jay',
  'kit',
  'kite',
  'koi',
  'lamb',
  'lark',
  'loon',
  'lynx',
  'mare',
  'midge',
  'mink',
  'mole',
  'moose',
  'moth',
  'mouse',
  'mule',
  'newt',
  'owl',
  'ox',
  'panda',
  'penguin',
  'perch',
  'pig',
  'pug',
  'quail',
  'ram',
  'rat',
  'ray',
  'robin',
  'roo',
  'rook',
  'seal',
  'shad',
  'shark',
  'sheep',
  'shoat',
  'shrew',
  'shrike',
  'shrimp',
  'skink',
  'skunk',
  'sloth',
  'slug',
  'smelt',
  'snail',
  'snake',
  'snipe',
  'sow',
  'sponge',
  'squid',
  'squirrel',
  'stag',
  'steed',
  'stoat',
  'stork',
  'swan',
  'tern',
  'toad',
  'trout',
  'turtle',
  'vole',
  'wasp',
  'whale',
  'wolf',
  'worm',
  'wren',
  'yak',
  'zebra',
];
const MAX_GENERATED_NAME_LENGTH = 20;

function pick(words: readonly string[]): string {
  return words[randomInt(words.length)] ?? 'run';
}

/** `adjective-noun-NNN`, at most 20 characters, like MLflow's `_generate_random_name`. */
export function generateRunName(): string {
  let name = '';
  for (let attempt = 0; attempt < 10; attempt += 1) {
    name = `${pick(NAME_ADJECTIVES)}-${pick(NAME_NOUNS)}-${randomInt(1000)}`;
    if (name.length <= MAX_GENERATED_NAME_LENGTH) return name;
  }
  return name.slice(0, MAX_GENERATED_NAME_LENGTH);
}

// ---------------------------------------------------------------------------------------------
// Create / update / delete / restore
// ---------------------------------------------------------------------------------------------

export interface CreateRunInput {
  experimentId: string;
  userId: string;
  runName?: string;
  startTime: number;
  tags: { key: string; value: string }[];
}

/** `<experiment artifact_location>/<run_id>/artifacts`. */
export function runArtifactUri(experimentLocation: string, runId: string): string {
  return `${experimentLocation.replace(/\/+$/, '')}/${runId}/${ARTIFACTS_FOLDER}`;
}

/** Validates run tag keys, truncates long values; a repeated key keeps its last value. */
export function prepareRunTags(tags: readonly { key: string; value: string }[]): { key: string; value: string }[] {
  const byKey = new Map<string, string>();
  for (const tag of tags) {
    validateKey(tag.key, 'key', 'Tag key');
    byKey.delete(tag.key);
    byKey.set(tag.key, truncate(tag.value, MAX_RUN_TAG_VALUE_LENGTH));
  }
  return [...byKey].map(([key, value]) => ({ key, value }));
}

export async function createRun(db: Db, input: CreateRunInput): Promise<Run> {
  const tags = prepareRunTags(input.tags);
  return db.transaction().execute(async (trx) => {
    // MLflow checks the experiment first, then the name.
    const experiment = await findActiveExperiment(trx, input.experimentId || '0');
    const nameTag = tags.find((tag) => tag.key === RUN_NAME_TAG);
    if (input.runName && nameTag?.value && input.runName !== nameTag.value) {
      throw invalidParameter(
        `Both 'run_name' argument and '${RUN_NAME_TAG}' tag are specified, but with different values (run_name='${input.runName}', ${RUN_NAME_TAG}='${nameTag.value}').`,
      );
    }
    const name = input.runName || nameTag?.value || generateRunName();
    if (nameTag) nameTag.value = name;
    else tags.push({ key: RUN_NAME_TAG, value: name });
    const runId = randomUUID().replaceAll('-', '');
    const row: RunRow = {
      run_uuid: runId,
      name,
      experiment_id: experiment.experiment_id,
      user_id: input.userId,
      status: 'RUNNING',
      start_time: input.startTime,
      end_time: null,
      lifecycle_stage: 'active',
      artifact_uri: runArtifactUri(experiment.artifact_location, runId),
    };
    await insertRun(trx, { ...row, deleted_time: null }, tags);
    return { info: runInfoToWire(row), data: { tags } };
  });
}

export interface UpdateRunInput {
  status?: RunStatus;
  endTime?: number;
  runName?: string;
}

export async function updateRun(db: Db, runId: string, input: UpdateRunInput): Promise<RunInfo> {
  return db.transaction().execute(async (trx) => {
    const run = await findActiveRun(trx, runId);
    const changes: Partial<RunRow> = {};
    if (input.status !== undefined) changes.status = input.status;
    if (input.endTime !== undefined) changes.end_time = input.endTime;
    if (input.runName) changes.name = input.runName;
    await updateRunRow(trx, runId, changes);
    if (input.runName) await upsertRunTag(trx, runId, RUN_NAME_TAG, truncate(input.runName, MAX_RUN_TAG_VALUE_LENGTH));
    return runInfoToWire({ ...run, ...changes });
  });
}

/** Soft delete; deleting a deleted run again is fine. */
export async function deleteRun(db: Db, runId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const run = await findRun(trx, runId);
    if (run.lifecycle_stage === 'deleted') return;
    await updateRunRow(trx, runId, { lifecycle_stage: 'deleted', deleted_time: Date.now() });
  });
}

export async function restoreRun(db: Db, runId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await findRun(trx, runId);
    await updateRunRow(trx, runId, { lifecycle_stage: 'active', deleted_time: null });
  });
}
