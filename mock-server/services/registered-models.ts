// Registered models: create / get / rename / update / delete / search / latest versions / tags /
// aliases, with the MLflow 2.17 SQL store's semantics. Each write is one transaction that also
// records the change in the registry timeline.
import type { KeyValue, ModelVersion, RegisteredModel } from '../../src/lib/mlflow/wire-types.js';
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
import { alreadyExists, invalidParameter } from '../errors.js';
import type { Db } from '../store/database.js';
import {
  deleteModelAlias,
  deleteRegisteredModelRows,
  deleteRegisteredModelTagRow,
  findAliasVersion,
  findModelVersionRow,
  findRegisteredModelTagValue,
  insertRegisteredModel,
  loadModelVersionRows,
  registeredModelExists,
  renameRegisteredModelRows,
  searchRegisteredModelRows,
  updateRegisteredModelRow,
  upsertModelAlias,
  upsertRegisteredModelTag,
} from '../store/registry.js';
import { recordRegistryEvents, type RegistryChange } from './registry-events.js';
import {
  canonicalStage,
  findModelVersion,
  findRegisteredModel,
  isQueryingPrompts,
  latestPerStage,
  modelVersionNotFound,
  modelVersionsToWire,
  modelVersionToWireWithAliases,
  parseVersion,
  PROMPT_TAG_KEY,
  registeredModelsToWire,
  registeredModelToWire,
  registryNow,
  STAGE_DELETED_INTERNAL,
  validateAlias,
  validateModelName,
  validateRegisteredModelTag,
  type RegistryActor,
} from './registry.js';
import { validateKey } from './validation.js';

export const SEARCH_REGISTERED_MODELS_DEFAULT = 100;
export const SEARCH_REGISTERED_MODELS_MAX = 1000;

function alreadyExistsError(name: string): Error {
  return alreadyExists(`Registered Model (name=${name}) already exists.`);
}

/** Tags as MLflow stores them: the last of duplicate keys wins, first position kept. */
function dedupeTags(tags: readonly KeyValue[]): { key: string; value: string }[] {
  const byKey = new Map<string, string>();
  for (const tag of tags) byKey.set(tag.key, tag.value ?? '');
  return [...byKey].map(([key, value]) => ({ key, value }));
}

export interface CreateRegisteredModelInput {
  name: string;
  description?: string;
  tags: KeyValue[];
}

export async function createRegisteredModel(db: Db, actor: RegistryActor, input: CreateRegisteredModelInput): Promise<RegisteredModel> {
  validateModelName(input.name);
  for (const tag of input.tags) validateRegisteredModelTag(tag.key, tag.value ?? '');
  const tags = dedupeTags(input.tags);
  return db.transaction().execute(async (trx) => {
    if (await registeredModelExists(trx, input.name)) throw alreadyExistsError(input.name);
    const now = registryNow();
    const description = input.description ?? null;
    await insertRegisteredModel(trx, { name: input.name, now, description, tags });
    const changes: RegistryChange[] = [{ event_type: 'MODEL_CREATED', name: input.name }];
    if (description) changes.push({ event_type: 'MODEL_DESCRIPTION_CHANGED', name: input.name, to_value: description });
    for (const tag of tags) changes.push({ event_type: 'MODEL_TAG_SET', name: input.name, key: tag.key, to_value: tag.value });
    await recordRegistryEvents(trx, actor, now, changes);
    return registeredModelToWire(trx, await findRegisteredModel(trx, input.name));
  });
}

export async function getRegisteredModel(db: Db, name: string): Promise<RegisteredModel> {
  return registeredModelToWire(db, await findRegisteredModel(db, name));
}

/** Renames the model and everything that hangs off it: versions, tags, aliases, its history. */
export async function renameRegisteredModel(db: Db, actor: RegistryActor, name: string, newName: string): Promise<RegisteredModel> {
  validateModelName(newName);
  return db.transaction().execute(async (trx) => {
    await findRegisteredModel(trx, name);
    const now = registryNow();
    if (newName !== name && (await registeredModelExists(trx, newName))) throw alreadyExistsError(newName);
    // The model keeps its history: earlier events move to the new name.
    await renameRegisteredModelRows(trx, name, newName, now);
    if (newName !== name) {
      await recordRegistryEvents(trx, actor, now, [{ event_type: 'MODEL_RENAMED', name: newName, from_value: name, to_value: newName }]);
    }
    return registeredModelToWire(trx, await findRegisteredModel(trx, newName));
  });
}

/** Sets the description (absent clears it) and bumps `last_updated_timestamp`. */
export async function updateRegisteredModel(
  db: Db,
  actor: RegistryActor,
  name: string,
  description: string | undefined,
): Promise<RegisteredModel> {
  return db.transaction().execute(async (trx) => {
    const row = await findRegisteredModel(trx, name);
    const now = registryNow();
    const next = description ?? null;
    await updateRegisteredModelRow(trx, name, { description: next, last_updated_time: now });
    if ((row.description || null) !== (next || null)) {
      await recordRegistryEvents(trx, actor, now, [
        { event_type: 'MODEL_DESCRIPTION_CHANGED', name, from_value: row.description || null, to_value: next || null },
      ]);
    }
    return registeredModelToWire(trx, await findRegisteredModel(trx, name));
  });
}

/** Hard delete: the model, all of its versions (deleted ones too), tags and aliases. */
export async function deleteRegisteredModel(db: Db, actor: RegistryActor, name: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await findRegisteredModel(trx, name);
    await deleteRegisteredModelRows(trx, name);
    await recordRegistryEvents(trx, actor, registryNow(), [{ event_type: 'MODEL_DELETED', name }]);
  });
}

export interface SearchRegisteredModelsInput {
  filter?: string;
  maxResults: number;
  orderBy: string[];
  pageToken?: string;
}

export async function searchRegisteredModels(
  db: Db,
  input: SearchRegisteredModelsInput,
): Promise<{ registered_models?: RegisteredModel[]; next_page_token?: string }> {
  if (input.maxResults < 1 || input.maxResults > SEARCH_REGISTERED_MODELS_MAX) {
    throw invalidParameter(
      `Invalid value for request parameter max_results. It must be at most ${SEARCH_REGISTERED_MODELS_MAX} and at least 1, but got value ${input.maxResults}`,
    );
  }
  let clauses: FilterClause[];
  let orderBy: OrderByClause[];
  let offset = 0;
  try {
    clauses = parseFilter(input.filter ?? '', 'registered_models').clauses;
    orderBy = parseOrderBy(input.orderBy, 'registered_models');
    if (input.pageToken) offset = decodePageToken(input.pageToken);
  } catch (error) {
    if (error instanceof FilterSyntaxError || error instanceof PageTokenError) throw invalidParameter(error.message);
    throw error;
  }
  const queryingPrompts = isQueryingPrompts(clauses);
  // Prompts (MLflow 3) are registered models too, shown only when the filter asks for them.
  const rows = await searchRegisteredModelRows(db, {
    clauses: clauses.filter((clause) => queryingPrompts || !isPromptTagClause(clause)),
    orderBy,
    ...(queryingPrompts ? {} : { hidden: { key: PROMPT_TAG_KEY, value: 'true' } }),
    offset,
    // Look one row ahead so the last page carries no token.
    limit: input.maxResults + 1,
  });
  const models = await registeredModelsToWire(db, rows.slice(0, input.maxResults));
  return {
    ...(models.length > 0 ? { registered_models: models } : {}),
    ...(rows.length > input.maxResults ? { next_page_token: encodePageToken(offset + input.maxResults) } : {}),
  };
}

function isPromptTagClause(clause: FilterClause): boolean {
  return clause.type === 'tag' && clause.key === PROMPT_TAG_KEY;
}

/** Latest version per requested stage (all four when none are given), case-insensitive stages. */
export async function getLatestVersions(db: Db, name: string, stages: readonly string[]): Promise<ModelVersion[]> {
  await findRegisteredModel(db, name);
  const wanted = new Set<string>(stages.map(canonicalStage));
  const versions = await loadModelVersionRows(db, [name], STAGE_DELETED_INTERNAL);
  const latest = latestPerStage(versions).filter((version) => wanted.size === 0 || wanted.has(version.current_stage));
  return modelVersionsToWire(db, latest, false);
}

/** Upsert; does not change `last_updated_timestamp`. */
export async function setRegisteredModelTag(db: Db, actor: RegistryActor, name: string, key: string, value: string): Promise<void> {
  validateModelName(name);
  validateRegisteredModelTag(key, value);
  await db.transaction().execute(async (trx) => {
    await findRegisteredModel(trx, name);
    const previous = await findRegisteredModelTagValue(trx, name, key);
    if (previous === value) return;
    await upsertRegisteredModelTag(trx, name, key, value);
    await recordRegistryEvents(trx, actor, registryNow(), [
      { event_type: 'MODEL_TAG_SET', name, key, from_value: previous ?? null, to_value: value },
    ]);
  });
}

/** Deleting a tag that is not there succeeds; the model must exist. */
export async function deleteRegisteredModelTag(db: Db, actor: RegistryActor, name: string, key: string): Promise<void> {
  validateModelName(name);
  validateKey(key);
  await db.transaction().execute(async (trx) => {
    await findRegisteredModel(trx, name);
    const previous = await findRegisteredModelTagValue(trx, name, key);
    if (previous === undefined) return;
    await deleteRegisteredModelTagRow(trx, name, key);
    await recordRegistryEvents(trx, actor, registryNow(), [{ event_type: 'MODEL_TAG_DELETED', name, key, from_value: previous }]);
  });
}

/** Points `alias` at a live version (moving it if it exists); an unknown model reads as a missing version. */
export async function setRegisteredModelAlias(db: Db, actor: RegistryActor, name: string, alias: string, version: string): Promise<void> {
  validateModelName(name);
  validateAlias(alias);
  parseVersion(version);
  await db.transaction().execute(async (trx) => {
    const target = await findModelVersion(trx, name, version);
    const previous = await findAliasVersion(trx, name, alias);
    if (previous === target.version) return;
    await upsertModelAlias(trx, name, alias, target.version);
    await recordRegistryEvents(trx, actor, registryNow(), [
      {
        event_type: 'ALIAS_SET',
        name,
        alias,
        version: target.version,
        from_value: previous !== undefined ? String(previous) : null,
        to_value: String(target.version),
      },
    ]);
  });
}

/** Deleting an alias that is not there succeeds; the model must exist. */
export async function deleteRegisteredModelAlias(db: Db, actor: RegistryActor, name: string, alias: string): Promise<void> {
  validateModelName(name);
  validateAlias(alias);
  await db.transaction().execute(async (trx) => {
    await findRegisteredModel(trx, name);
    const previous = await findAliasVersion(trx, name, alias);
    if (previous === undefined) return;
    await deleteModelAlias(trx, name, alias);
    await recordRegistryEvents(trx, actor, registryNow(), [
      { event_type: 'ALIAS_DELETED', name, alias, version: previous, from_value: String(previous) },
    ]);
  });
}

/** The version an alias points to; an unknown alias (or model) is 400, not 404, as in MLflow. */
export async function getModelVersionByAlias(db: Db, name: string, alias: string): Promise<ModelVersion> {
  validateModelName(name);
  validateAlias(alias);
  const version = await findAliasVersion(db, name, alias);
  if (version === undefined) throw invalidParameter(`Registered model alias ${alias} not found.`);
  const row = await findModelVersionRow(db, name, version, STAGE_DELETED_INTERNAL);
  if (!row) throw modelVersionNotFound(name, version);
  return modelVersionToWireWithAliases(db, row);
}
