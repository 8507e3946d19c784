// Experiments: MLflow semantics for create / get / search / rename / delete / restore / tags.
import { resolve, sep } from 'node:path';
import type { Experiment, ViewType } from '../../src/lib/mlflow/wire-types.js';
import { parseFilter, parseOrderBy, decodePageToken, encodePageToken, FilterSyntaxError } from '../../src/lib/mlflow/filter/index.js';
import type { FilterClause } from '../../src/lib/mlflow/filter/index.js';
import { alreadyExists, invalidParameter, MlflowError, notFound } from '../errors.js';
import type { Db } from '../store/database.js';
import {
  deleteExperimentTagRow,
  experimentNameTaken,
  findExperimentRow,
  findExperimentRowsByName,
  insertExperiment,
  insertExperimentTags,
  loadExperimentTags,
  searchExperimentRows,
  setExperimentAndRunsStage,
  updateExperiment,
  upsertExperimentTag,
  type ExperimentRow,
} from '../store/experiments.js';
import type { ServerContext } from './server-context.js';
import { MAX_ENTITY_TAG_VALUE_LENGTH, MAX_EXPERIMENT_NAME_LENGTH, validateKey, validateValueLength } from './validation.js';
import { viewTypeStages } from '../store/filter-conditions.js';

export const DEFAULT_EXPERIMENT_ID = 0;
export const ARTIFACTS_SCHEME = 'mlflow-artifacts:';
/** The default artifact root with artifacts served (`mlflow server`'s default since 2.0). */
export const PROXIED_ARTIFACT_ROOT = `${ARTIFACTS_SCHEME}/`;
const MAX_SEARCH_RESULTS = 50000;

/** `<root>/<part>` with one slash between, as MLflow's append_to_uri_path joins them. */
export function appendToUri(root: string, part: string): string {
  return root.endsWith('/') ? `${root}${part}` : `${root}/${part}`;
}

/**
 * An experiment's location as MLflow stores it (resolve_uri_if_local): a relative local path
 * ("my_location") becomes an absolute path under the server's working folder; URIs with a scheme
 * (`file:///x`, `s3://b/p`, `mlflow-artifacts:/x`) and absolute paths stay as given.
 */
export function resolveArtifactLocation(location: string): string {
  const hasScheme = /^[A-Za-z][A-Za-z0-9+.-]*:/.test(location) && !/^[A-Za-z]:[\\/]/.test(location);
  if (hasScheme) return location;
  return resolve(process.cwd(), location).split(sep).join('/');
}

export async function ensureDefaultExperiment({ db, defaultArtifactRoot }: ServerContext): Promise<void> {
  if (await findExperimentRow(db, DEFAULT_EXPERIMENT_ID)) return;
  await insertExperiment(db, {
    experimentId: DEFAULT_EXPERIMENT_ID,
    name: 'Default',
    artifactLocation: appendToUri(defaultArtifactRoot ?? PROXIED_ARTIFACT_ROOT, String(DEFAULT_EXPERIMENT_ID)),
    now: Date.now(),
  });
}

/** Experiment ids are integers in the store; anything else names no experiment. */
export function parseExperimentId(id: string): number | undefined {
  return /^\d{1,15}$/.test(id) ? Number(id) : undefined;
}

export async function findExperiment(db: Db, id: string): Promise<ExperimentRow> {
  const numericId = parseExperimentId(id);
  const row = numericId === undefined ? undefined : await findExperimentRow(db, numericId);
  if (!row) throw notFound(`No Experiment with id=${id} exists`);
  return row;
}

export async function findActiveExperiment(db: Db, id: string): Promise<ExperimentRow> {
  const row = await findExperiment(db, id);
  if (row.lifecycle_stage !== 'active') {
    throw invalidParameter(`The experiment ${id} must be in the 'active' state. Current state is ${row.lifecycle_stage}.`);
  }
  return row;
}

async function toWire(db: Db, rows: ExperimentRow[]): Promise<Experiment[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.experiment_id);
  const tags = await loadExperimentTags(db, ids);
  return rows.map((row) => {
    const own = tags.filter((tag) => tag.experiment_id === row.experiment_id).map(({ key, value }) => ({ key, value }));
    return {
      experiment_id: String(row.experiment_id),
      name: row.name,
      artifact_location: row.artifact_location,
      lifecycle_stage: row.lifecycle_stage as Experiment['lifecycle_stage'],
      last_update_time: row.last_update_time,
      creation_time: row.creation_time,
      ...(own.length > 0 ? { tags: own } : {}),
    };
  });
}

export async function getExperiment(db: Db, id: string): Promise<Experiment> {
  const [experiment] = await toWire(db, [await findExperiment(db, id)]);
  return experiment as Experiment;
}

export async function getExperimentByName(db: Db, name: string): Promise<Experiment> {
  const rows = await findExperimentRowsByName(db, name);
  if (rows.length === 0) throw notFound(`Could not find experiment with name '${name}'`);
  const [experiment] = await toWire(db, rows.slice(0, 1));
  return experiment as Experiment;
}

export interface CreateExperimentInput {
  name: string;
  artifactLocation?: string;
  /** Where the experiment's artifacts go when no location is given: `<root>/<experiment id>`. */
  defaultArtifactRoot?: string;
  tags: { key: string; value: string }[];
}

export async function createExperiment(db: Db, input: CreateExperimentInput): Promise<string> {
  if (input.name.length > MAX_EXPERIMENT_NAME_LENGTH) {
    throw invalidParameter(
      `Experiment name '${input.name}' had length ${input.name.length}, which exceeded length limit of ${MAX_EXPERIMENT_NAME_LENGTH}`,
    );
  }
  const seenKeys = new Set<string>();
  for (const tag of input.tags) {
    if (seenKeys.has(tag.key)) throw invalidParameter(`Duplicate tag key '${tag.key}' in experiment tags.`);
    seenKeys.add(tag.key);
    validateValueLength(tag.value, MAX_ENTITY_TAG_VALUE_LENGTH, 'Tag value');
  }
  return db.transaction().execute(async (trx) => {
    if (await experimentNameTaken(trx, input.name)) throw alreadyExists(`Experiment(name=${input.name}) already exists.`);
    const location = input.artifactLocation ? resolveArtifactLocation(input.artifactLocation) : '';
    const id = await insertExperiment(trx, { name: input.name, artifactLocation: location, now: Date.now() });
    // The default location names the experiment's own id, known only once it is inserted.
    if (!location) {
      await updateExperiment(trx, id, { artifact_location: appendToUri(input.defaultArtifactRoot ?? PROXIED_ARTIFACT_ROOT, String(id)) });
    }
    await insertExperimentTags(trx, id, input.tags);
    return String(id);
  });
}

export async function renameExperiment(db: Db, id: string, newName: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await findExperiment(trx, id);
    if (row.lifecycle_stage !== 'active') throw new MlflowError('INVALID_STATE', 'Cannot rename a non-active experiment.');
    if (await experimentNameTaken(trx, newName, row.experiment_id)) throw alreadyExists(`Experiment(name=${newName}) already exists.`);
    await updateExperiment(trx, row.experiment_id, { name: newName, last_update_time: Date.now() });
  });
}

/** Soft delete: the experiment and every run in it move to `deleted`. */
export async function deleteExperiment(db: Db, id: string): Promise<void> {
  await setExperimentStage(db, id, 'active', 'deleted');
}

/** Restores the experiment and all of its runs, including runs deleted one by one before. */
export async function restoreExperiment(db: Db, id: string): Promise<void> {
  await setExperimentStage(db, id, 'deleted', 'active');
}

async function setExperimentStage(db: Db, id: string, from: string, to: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await findExperiment(trx, id);
    if (row.lifecycle_stage !== from) throw notFound(`No Experiment with id=${id} exists`);
    await setExperimentAndRunsStage(trx, row.experiment_id, to, Date.now());
  });
}

export async function setExperimentTag(db: Db, id: string, key: string, value: string): Promise<void> {
  validateKey(key);
  validateValueLength(value, MAX_ENTITY_TAG_VALUE_LENGTH, 'Tag value');
  await db.transaction().execute(async (trx) => {
    const row = await findActiveExperiment(trx, id);
    await upsertExperimentTag(trx, row.experiment_id, key, value);
  });
}

export async function deleteExperimentTag(db: Db, id: string, key: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await findActiveExperiment(trx, id);
    if (!(await deleteExperimentTagRow(trx, row.experiment_id, key)))
      throw notFound(`No tag with name: ${key} in experiment with id ${id}`);
  });
}

export interface SearchExperimentsInput {
  filter?: string;
  maxResults: number;
  orderBy: string[];
  pageToken?: string;
  viewType: ViewType;
}

export async function searchExperiments(
  db: Db,
  input: SearchExperimentsInput,
): Promise<{ experiments?: Experiment[]; next_page_token?: string }> {
  if (input.maxResults < 1 || input.maxResults > MAX_SEARCH_RESULTS) {
    throw invalidParameter(
      `Invalid value ${input.maxResults} for parameter 'max_results' supplied. It must be at most ${MAX_SEARCH_RESULTS}, and at least 1.`,
    );
  }
  let clauses: FilterClause[];
  let orderBy;
  let offset = 0;
  try {
    clauses = parseFilter(input.filter ?? '', 'experiments').clauses;
    orderBy = parseOrderBy(input.orderBy, 'experiments');
    if (input.pageToken) offset = decodePageToken(input.pageToken);
  } catch (error) {
    if (error instanceof FilterSyntaxError || (error instanceof Error && error.name === 'PageTokenError'))
      throw invalidParameter(error.message);
    throw error;
  }
  // Look one row ahead so the last page carries no token.
  const rows = await searchExperimentRows(db, {
    stages: viewTypeStages(input.viewType),
    clauses,
    orderBy,
    offset,
    limit: input.maxResults + 1,
  });
  const page = rows.slice(0, input.maxResults);
  const experiments = await toWire(db, page);
  return {
    ...(experiments.length > 0 ? { experiments } : {}),
    ...(rows.length > input.maxResults ? { next_page_token: encodePageToken(offset + input.maxResults) } : {}),
  };
}
