// Model versions: create / get / update / delete / search / download URI / stage transitions /
// tags, and the UI's file download, with the MLflow SQL store's semantics (2.17 as recorded in
// shared/golden, plus MLflow 3's `models:/<model_id>` sources and alias cleanup on delete).
// Each write is one transaction that also records the change in the registry timeline.
import { posix } from 'node:path';
import { resolve as resolveLocalPath, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { KeyValue, ModelStage, ModelVersion } from '../../src/lib/mlflow/wire-types.js';
import {
  decodePageToken,
  encodePageToken,
  FilterSyntaxError,
  PageTokenError,
  parseFilter,
  parseOrderBy,
  type FilterClause,
  type OrderByClause,
} from '../../src/lib/mlflow/filter/index.js';
import { percentDecode, safeArtifactPath } from '../artifacts/artifact-path.js';
import { invalidParameter, notFound } from '../errors.js';
import type { Db } from '../store/database.js';
import { findLoggedModelRow, findLoggedModelTagValue, upsertLoggedModelTag } from '../store/logged-models.js';
import {
  countVersionsByStage,
  deleteAliasesOfVersion,
  deleteModelVersionTagRow,
  findModelVersionTagValue,
  findVersionsInStage,
  highestVersionNumber,
  insertModelVersion,
  searchModelVersionRows,
  updateModelVersionRows,
  updateRegisteredModelRow,
  upsertModelVersionTag,
} from '../store/registry.js';
import { findRunRow } from '../store/runs.js';
import { joinLocation, locateArtifactUri, openLocation, type ArtifactDownload } from './artifacts.js';
import { recordRegistryEvents, type RegistryChange } from './registry-events.js';
import {
  ACTIVE_STAGES,
  canonicalStage,
  findModelVersion,
  findRegisteredModel,
  isQueryingPrompts,
  modelVersionsToWire,
  modelVersionToWireWithAliases,
  parseVersion,
  PROMPT_TAG_KEY,
  registryNow,
  STAGE_ARCHIVED,
  STAGE_DELETED_INTERNAL,
  validateModelName,
  validateModelVersionTag,
  type RegistryActor,
} from './registry.js';
import type { ServerContext } from './server-context.js';
import { validateKey } from './validation.js';

export const SEARCH_MODEL_VERSIONS_DEFAULT = 200_000;
export const SEARCH_MODEL_VERSIONS_MAX = 200_000;
const DEFAULT_ORDER_BY = ['last_updated_timestamp DESC', 'name ASC', 'version_number DESC'];
/** Logged-model tag listing the registry versions made from it (MLflow 3). */
const MODEL_VERSIONS_TAG = 'mlflow.modelVersions';

// ---------------------------------------------------------------------------------------------
// Source validation (mlflow/server/handlers.py _validate_source_run / _validate_source_model)
// ---------------------------------------------------------------------------------------------

// Schemes for which Python's urlparse splits `;params` off the last path segment.
const USES_PARAMS = new Set([
  '',
  'ftp',
  'hdl',
  'prospero',
  'http',
  'imap',
  'https',
  'shttp',
  'rtsp',
  'rtspu',
  'sip',
  'sips',
  'mms',
  'sftp',
  'tel',
]);

interface ParsedUri {
  scheme: string;
  netloc: string;
  path: string;
}

/** Python's urllib.parse.urlparse, for the parts MLflow looks at. */
function urlParse(uri: string): ParsedUri {
  let rest = uri;
  let scheme = '';
  const schemeMatch = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(uri);
  if (schemeMatch?.[1] !== undefined) {
    scheme = schemeMatch[1].toLowerCase();
    rest = uri.slice(schemeMatch[0].length);
  }
  let netloc = '';
  if (rest.startsWith('//')) {
    const end = rest.slice(2).search(/[/?#]/);
    netloc = end < 0 ? rest.slice(2) : rest.slice(2, end + 2);
    rest = end < 0 ? '' : rest.slice(end + 2);
  }
  rest = rest.replace(/#.*$/s, '').replace(/\?.*$/s, '');
  if (USES_PARAMS.has(scheme) && rest.includes(';')) {
    const from = rest.lastIndexOf('/');
    const semicolon = rest.indexOf(';', from < 0 ? 0 : from);
    if (semicolon >= 0) rest = rest.slice(0, semicolon);
  }
  return { scheme, netloc, path: rest };
}

/** mlflow.utils.uri.is_local_uri: no scheme (a path) or `file:`. */
function isLocalUri(uri: string): boolean {
  const { scheme } = urlParse(uri);
  return scheme === '' || scheme === 'file';
}

function localUriToPath(uri: string): string {
  if (!/^file:/i.test(uri)) return uri;
  try {
    return fileURLToPath(uri);
  } catch {
    return urlParse(uri).path;
  }
}

function isInside(path: string, folder: string): boolean {
  const full = resolveLocalPath(path);
  const root = resolveLocalPath(folder);
  return full === root || full.startsWith(root.endsWith(sep) ? root : root + sep);
}

function unquotePlus(text: string): string {
  return percentDecode(text.replace(/\+/g, ' '));
}

/** Refuses `..`, NUL and non-normalised paths in a source, however many times percent-encoded. */
function checkNoRelativePaths(source: string): void {
  const invalid = () =>
    invalidParameter(
      `Invalid model version source: '${source}'. If supplying a source as an http, https, local file path, ftp, objectstore, ` +
        'or mlflow-artifacts uri, an absolute path must be provided without relative path references present. Please provide an absolute path.',
    );
  let decoded = source;
  for (let round = 0; ; round += 1) {
    const next = unquotePlus(decoded);
    if (next === decoded) break;
    if (round > 20) throw invalid();
    decoded = next;
  }
  const sourcePath = urlParse(decoded).path.replace(/\/+$/, '').replace(/\/+/g, '/');
  if (sourcePath.includes('\u0000') || decoded.split('/').some((part) => part === '..')) throw invalid();
  // pathlib's resolve(): a relative path becomes absolute, `.` segments go away.
  if (posix.resolve(sourcePath) !== sourcePath) throw invalid();
}

async function checkSourceForRun(db: Db, source: string, runId: string): Promise<void> {
  if (isLocalUri(source)) {
    if (runId) {
      const run = await findRunRow(db, runId);
      if (!run) throw notFound(`Run with id=${runId} not found`);
      if (isLocalUri(run.artifact_uri) && isInside(localUriToPath(source), localUriToPath(run.artifact_uri))) return;
    }
    throw invalidParameter(
      `Invalid model version source: '${source}'. To use a local path as a model version source, the run_id request parameter ` +
        'has to be specified and the local path has to be contained within the artifact directory of the run specified by the run_id.',
    );
  }
  checkNoRelativePaths(source);
}

async function findLoggedModel(db: Db, modelId: string): Promise<{ artifact_location: string; source_run_id: string | null }> {
  const model = await findLoggedModelRow(db, modelId);
  if (!model) throw notFound(`Logged model with ID '${modelId}' not found.`);
  return model;
}

async function checkSourceForLoggedModel(db: Db, source: string, modelId: string): Promise<void> {
  if (isLocalUri(source)) {
    const model = await findLoggedModel(db, modelId);
    if (isLocalUri(model.artifact_location) && isInside(localUriToPath(source), localUriToPath(model.artifact_location))) return;
    throw invalidParameter(
      `Invalid model version source: '${source}'. To use a local path as a model version source, the model_id request parameter ` +
        'has to be specified and the local path has to be contained within the artifact directory of the run specified by the model_id.',
    );
  }
  checkNoRelativePaths(source);
}

type ParsedModelUri = { modelId: string } | { name: string; version?: string; stage?: string; alias?: string };

/** mlflow.store.artifact.utils.models._parse_model_uri (MLflow 3: `models:/<model_id>`). */
function parseModelsUri(uri: string): ParsedModelUri {
  const invalid = () =>
    new Error(
      `Not a proper models:/ URI: ${uri}. Models URIs must be of the form 'models:/model_name/suffix' or 'models:/model_name@alias'.`,
    );
  const { path } = urlParse(uri);
  if (!path.startsWith('/') || path.length <= 1) throw invalid();
  const parts = path.replace(/^\/+/, '').split('/');
  const [first = '', suffix] = parts;
  if (parts.length > 2 || first.trim() === '') throw invalid();
  if (suffix !== undefined) {
    if (suffix.trim() === '') throw invalid();
    if (/^\d+$/.test(suffix)) return { name: first, version: suffix };
    if (suffix.toLowerCase() === 'latest') return { name: first };
    return { name: first, stage: suffix };
  }
  if (path.includes('@')) {
    const [name = '', alias = ''] = first.split('@');
    if (name.trim() === '' || alias.trim() === '') throw invalid();
    return { name, alias };
  }
  return { modelId: first };
}

interface ResolvedSource {
  storageLocation: string;
  runId: string | null;
}

/**
 * Where a `models:/` source's files are: a logged model's artifact location (its run becomes the
 * version's run unless one was given), or another version's download URI.
 */
async function resolveModelsSource(db: Db, source: string, runId: string | null): Promise<ResolvedSource> {
  try {
    const parsed = parseModelsUri(source);
    if ('modelId' in parsed) {
      const model = await findLoggedModel(db, parsed.modelId);
      return { storageLocation: model.artifact_location, runId: runId || model.source_run_id };
    }
    return { storageLocation: await getModelVersionDownloadUri(db, parsed.name, parsed.version), runId };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw invalidParameter(`Unable to fetch model from model URI source artifact location '${source}'.Error: ${detail}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Operations
// ---------------------------------------------------------------------------------------------

export interface CreateModelVersionInput {
  name: string;
  source: string;
  runId?: string;
  runLink?: string;
  description?: string;
  tags: KeyValue[];
  /** MLflow 3: the logged model this version registers. */
  modelId?: string;
}

/** Version = highest number ever used for the model (deleted ones included) + 1; READY at once. */
export async function createModelVersion(db: Db, actor: RegistryActor, input: CreateModelVersionInput): Promise<ModelVersion> {
  const isPrompt = input.tags.some((tag) => tag.key === PROMPT_TAG_KEY);
  if (!isPrompt) {
    if (input.modelId) await checkSourceForLoggedModel(db, input.source, input.modelId);
    else await checkSourceForRun(db, input.source, input.runId ?? '');
  }
  validateModelName(input.name);
  for (const tag of input.tags) validateModelVersionTag(tag.key, tag.value ?? '');
  const tags = new Map<string, string>();
  for (const tag of input.tags) tags.set(tag.key, tag.value ?? '');

  let storageLocation = input.source;
  let runId: string | null = input.runId ?? '';
  if (urlParse(input.source).scheme === 'models') {
    ({ storageLocation, runId } = await resolveModelsSource(db, input.source, runId));
  }
  return db.transaction().execute(async (trx) => {
    await findRegisteredModel(trx, input.name);
    if (input.modelId && !isPrompt) await findLoggedModel(trx, input.modelId);
    const now = registryNow();
    const version = (await highestVersionNumber(trx, input.name)) + 1;
    const description = input.description ?? '';
    await insertModelVersion(
      trx,
      {
        name: input.name,
        version,
        creation_time: now,
        last_updated_time: now,
        description,
        user_id: null,
        current_stage: 'None',
        source: input.source,
        storage_location: storageLocation,
        run_id: runId,
        run_link: input.runLink ?? '',
        status: 'READY',
        status_message: null,
        model_id: input.modelId || null,
      },
      tags,
    );
    await updateRegisteredModelRow(trx, input.name, { last_updated_time: now });
    if (input.modelId && !isPrompt) await addLoggedModelRegistration(trx, input.modelId, input.name, version);

    const changes: RegistryChange[] = [{ event_type: 'VERSION_CREATED', name: input.name, version, to_value: input.source }];
    if (description) changes.push({ event_type: 'VERSION_DESCRIPTION_CHANGED', name: input.name, version, to_value: description });
    for (const [key, value] of tags) changes.push({ event_type: 'VERSION_TAG_SET', name: input.name, version, key, to_value: value });
    await recordRegistryEvents(trx, actor, now, changes);
    return modelVersionToWireWithAliases(trx, await findModelVersion(trx, input.name, String(version)));
  });
}

/** Appends `{name, version}` to the logged model's `mlflow.modelVersions` tag (a JSON list). */
async function addLoggedModelRegistration(trx: Db, modelId: string, name: string, version: number): Promise<void> {
  const existing = await findLoggedModelTagValue(trx, modelId, MODEL_VERSIONS_TAG);
  let registrations: unknown[] = [];
  if (existing !== undefined) {
    try {
      const parsed: unknown = JSON.parse(existing);
      if (Array.isArray(parsed)) registrations = parsed;
    } catch {
      registrations = [];
    }
  }
  const entry = { name, version: String(version) };
  const present = registrations.some(
    (item) =>
      typeof item === 'object' &&
      item !== null &&
      (item as { name?: unknown }).name === name &&
      String((item as { version?: unknown }).version) === entry.version,
  );
  if (!present) registrations.push(entry);
  // Python's json.dumps spacing.
  const value = `[${registrations.map((item) => JSON.stringify(item).replace(/","/g, '", "').replace(/":/g, '": ')).join(', ')}]`;
  await upsertLoggedModelTag(trx, modelId, MODEL_VERSIONS_TAG, value);
}

export async function getModelVersion(db: Db, name: string, version: string): Promise<ModelVersion> {
  return modelVersionToWireWithAliases(db, await findModelVersion(db, name, version));
}

/** Sets the description (`undefined` clears it); bumps the version's `last_updated_timestamp` only. */
export async function updateModelVersion(
  db: Db,
  actor: RegistryActor,
  name: string,
  version: string,
  description: string | undefined,
): Promise<ModelVersion> {
  return db.transaction().execute(async (trx) => {
    const row = await findModelVersion(trx, name, version);
    const now = registryNow();
    const next = description ?? null;
    await updateModelVersionRows(trx, row.name, row.version, { description: next, last_updated_time: now });
    if ((row.description || null) !== (next || null)) {
      await recordRegistryEvents(trx, actor, now, [
        {
          event_type: 'VERSION_DESCRIPTION_CHANGED',
          name: row.name,
          version: row.version,
          from_value: row.description || null,
          to_value: next || null,
        },
      ]);
    }
    return modelVersionToWireWithAliases(trx, await findModelVersion(trx, name, version));
  });
}

/**
 * Soft delete: the version disappears from get and search, its source and run are redacted, the
 * aliases pointing at it are removed (newer MLflow), and its number is never given out again.
 */
export async function deleteModelVersion(db: Db, actor: RegistryActor, name: string, version: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await findModelVersion(trx, name, version);
    const now = registryNow();
    const aliases = await deleteAliasesOfVersion(trx, row.name, row.version);
    await updateModelVersionRows(trx, row.name, row.version, {
      current_stage: STAGE_DELETED_INTERNAL,
      last_updated_time: now,
      description: null,
      user_id: null,
      source: 'REDACTED-SOURCE-PATH',
      run_id: 'REDACTED-RUN-ID',
      run_link: 'REDACTED-RUN-LINK',
      status_message: null,
    });
    await updateRegisteredModelRow(trx, row.name, { last_updated_time: now });
    await recordRegistryEvents(trx, actor, now, [
      ...aliases.map((alias): RegistryChange => ({
        event_type: 'ALIAS_DELETED',
        name: row.name,
        alias,
        version: row.version,
        from_value: String(row.version),
      })),
      { event_type: 'VERSION_DELETED', name: row.name, version: row.version },
    ]);
  });
}

/** The stored location of the files: the resolved storage location, else the source as given. */
export async function getModelVersionDownloadUri(db: Db, name: string, version: string | undefined): Promise<string> {
  validateModelName(name);
  parseVersion(version);
  const row = await findModelVersion(db, name, version ?? '');
  return row.storage_location || row.source || '';
}

/**
 * Moves a version to another stage (case-insensitive name). With `archiveExisting` (Staging and
 * Production only) the other versions in that stage move to Archived. Bumps the model too.
 */
export async function transitionModelVersionStage(
  db: Db,
  actor: RegistryActor,
  name: string,
  version: string,
  stage: string,
  archiveExisting: boolean,
): Promise<ModelVersion> {
  const target = canonicalStage(stage);
  if (archiveExisting && !ACTIVE_STAGES.includes(target)) {
    throw invalidParameter(
      `Model version transition cannot archive existing model versions because '${stage}' is not an Active stage. ` +
        `Valid stages are [${ACTIVE_STAGES.map((active) => `'${active}'`).join(', ')}]`,
    );
  }
  return db.transaction().execute(async (trx) => {
    const row = await findModelVersion(trx, name, version);
    const now = registryNow();
    const changes: RegistryChange[] = [];
    if (archiveExisting) {
      const others = await findVersionsInStage(trx, row.name, target, row.version);
      await updateModelVersionRows(
        trx,
        row.name,
        others.map((other) => other.version),
        { current_stage: STAGE_ARCHIVED, last_updated_time: now },
      );
      for (const other of others) {
        changes.push({
          event_type: 'VERSION_STAGE_CHANGED',
          name: row.name,
          version: other.version,
          from_value: other.current_stage,
          to_value: STAGE_ARCHIVED,
        });
      }
    }
    await updateModelVersionRows(trx, row.name, row.version, { current_stage: target, last_updated_time: now });
    await updateRegisteredModelRow(trx, row.name, { last_updated_time: now });
    if (row.current_stage !== target) {
      changes.push({
        event_type: 'VERSION_STAGE_CHANGED',
        name: row.name,
        version: row.version,
        from_value: row.current_stage,
        to_value: target,
      });
    }
    await recordRegistryEvents(trx, actor, now, changes);
    return modelVersionToWireWithAliases(trx, await findModelVersion(trx, name, version));
  });
}

/** Upsert; does not change `last_updated_timestamp`. */
export async function setModelVersionTag(
  db: Db,
  actor: RegistryActor,
  name: string,
  version: string,
  key: string,
  value: string,
): Promise<void> {
  validateModelName(name);
  parseVersion(version);
  validateModelVersionTag(key, value);
  await db.transaction().execute(async (trx) => {
    const row = await findModelVersion(trx, name, version);
    const previous = await findModelVersionTagValue(trx, row.name, row.version, key);
    if (previous === value) return;
    await upsertModelVersionTag(trx, row.name, row.version, key, value);
    await recordRegistryEvents(trx, actor, registryNow(), [
      { event_type: 'VERSION_TAG_SET', name: row.name, version: row.version, key, from_value: previous ?? null, to_value: value },
    ]);
  });
}

/** Deleting a tag that is not there succeeds; the version must exist. */
export async function deleteModelVersionTag(db: Db, actor: RegistryActor, name: string, version: string, key: string): Promise<void> {
  validateModelName(name);
  parseVersion(version);
  validateKey(key);
  await db.transaction().execute(async (trx) => {
    const row = await findModelVersion(trx, name, version);
    const previous = await findModelVersionTagValue(trx, row.name, row.version, key);
    if (previous === undefined) return;
    await deleteModelVersionTagRow(trx, row.name, row.version, key);
    await recordRegistryEvents(trx, actor, registryNow(), [
      { event_type: 'VERSION_TAG_DELETED', name: row.name, version: row.version, key, from_value: previous },
    ]);
  });
}

// ---------------------------------------------------------------------------------------------
// Search
// ---------------------------------------------------------------------------------------------

export interface SearchModelVersionsInput {
  filter?: string;
  maxResults: number;
  orderBy: string[];
  pageToken?: string;
}

export async function searchModelVersions(
  db: Db,
  input: SearchModelVersionsInput,
): Promise<{ model_versions?: ModelVersion[]; next_page_token?: string }> {
  if (input.maxResults < 1) {
    throw invalidParameter(`Invalid value for max_results. It must be a positive integer, but got ${input.maxResults}`);
  }
  if (input.maxResults > SEARCH_MODEL_VERSIONS_MAX) {
    throw invalidParameter(
      `Invalid value for request parameter max_results. It must be at most ${SEARCH_MODEL_VERSIONS_MAX}, but got value ${input.maxResults}`,
    );
  }
  let clauses: FilterClause[];
  let orderBy: OrderByClause[];
  let offset = 0;
  try {
    clauses = parseFilter(input.filter ?? '', 'model_versions').clauses;
    orderBy = parseOrderBy(input.orderBy.length > 0 ? input.orderBy : DEFAULT_ORDER_BY, 'model_versions');
    if (input.pageToken) offset = decodePageToken(input.pageToken);
  } catch (error) {
    if (error instanceof FilterSyntaxError || error instanceof PageTokenError) throw invalidParameter(error.message);
    throw error;
  }
  const queryingPrompts = isQueryingPrompts(clauses);
  // MLflow hides every version of a model that has a version tagged as a prompt, unless the filter asks for prompts.
  const rows = await searchModelVersionRows(db, {
    clauses: clauses.filter((clause) => queryingPrompts || !(clause.type === 'tag' && clause.key === PROMPT_TAG_KEY)),
    orderBy,
    hiddenStage: STAGE_DELETED_INTERNAL,
    ...(queryingPrompts ? {} : { hidden: { key: PROMPT_TAG_KEY, value: 'true' } }),
    offset,
    // Look one row ahead so the last page carries no token.
    limit: input.maxResults + 1,
  });
  const versions = await modelVersionsToWire(db, rows.slice(0, input.maxResults), false);
  return {
    ...(versions.length > 0 ? { model_versions: versions } : {}),
    ...(rows.length > input.maxResults ? { next_page_token: encodePageToken(offset + input.maxResults) } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// Runboard: versions per stage of several models (the models list), in one request
// ---------------------------------------------------------------------------------------------

/** As many names as one page of registered-models/search can hold. */
export const MAX_STAGE_COUNT_NAMES = 1000;

export interface ModelStageCounts {
  name: string;
  /** Live versions per stage; stages without versions are 0. */
  stages: Record<ModelStage, number>;
}

/**
 * How many live versions each named model has in each stage, in the order asked. MLflow's own
 * model-versions/search accepts no `name IN (...)`, so without this a list of models costs one
 * search per model. Unknown names count zero everywhere.
 */
export async function countModelVersionsByStage(db: Db, names: readonly string[]): Promise<{ models: ModelStageCounts[] }> {
  if (names.length === 0) throw invalidParameter("Missing value for required parameter 'name'.");
  if (names.length > MAX_STAGE_COUNT_NAMES) {
    throw invalidParameter(`At most ${MAX_STAGE_COUNT_NAMES} model names may be given, got ${names.length}.`);
  }
  const unique = [...new Set(names)];
  const counts = new Map<string, ModelStageCounts>(
    unique.map((name) => [name, { name, stages: { None: 0, Staging: 0, Production: 0, Archived: 0 } }]),
  );
  for (const row of await countVersionsByStage(db, unique, STAGE_DELETED_INTERNAL)) {
    const entry = counts.get(row.name);
    const stage = row.current_stage as ModelStage;
    if (entry && stage in entry.stages) entry.stages[stage] = Number(row.count);
  }
  return { models: unique.map((name) => counts.get(name) as ModelStageCounts) };
}

// ---------------------------------------------------------------------------------------------
// Files (UI route /model-versions/get-artifact)
// ---------------------------------------------------------------------------------------------

/** One file of a version, found through its download URI (`mlflow-artifacts:/`, `runs:/`, ...). */
export async function openModelVersionArtifact(
  context: ServerContext,
  name: string | undefined,
  version: string | undefined,
  path: string,
): Promise<ArtifactDownload> {
  const relativePath = safeArtifactPath(path);
  const uri = await getModelVersionDownloadUri(context.db, name ?? '', version);
  return openLocation(joinLocation(await locateArtifactUri(context, uri), relativePath));
}
