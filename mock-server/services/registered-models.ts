// Registered models: create / get / rename / update / delete / search / latest versions / tags /
// aliases, with the MLflow 2.17 SQL store's semantics. Each write is one transaction that also
// records the change in the registry timeline.
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
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
import type { Database } from '../store/schema.js';
import { recordRegistryEvents, renameRegistryEvents, type RegistryChange } from './registry-events.js';
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
import { compareCondition } from '../store/filter-conditions.js';
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
    const clash = await trx.selectFrom('registered_models').select('name').where('name', '=', input.name).executeTakeFirst();
    if (clash) throw alreadyExistsError(input.name);
    const now = registryNow();
    const description = input.description ?? null;
    await trx
      .insertInto('registered_models')
      .values({ name: input.name, creation_time: now, last_updated_time: now, description })
      .execute();
    if (tags.length > 0) {
      await trx
        .insertInto('registered_model_tags')
        .values(tags.map((tag) => ({ name: input.name, key: tag.key, value: tag.value })))
        .execute();
    }
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
    if (newName !== name) {
      const clash = await trx.selectFrom('registered_models').select('name').where('name', '=', newName).executeTakeFirst();
      if (clash) throw alreadyExistsError(newName);
    }
    await trx.updateTable('registered_models').set({ name: newName, last_updated_time: now }).where('name', '=', name).execute();
    await trx.updateTable('model_versions').set({ name: newName, last_updated_time: now }).where('name', '=', name).execute();
    if (newName !== name) {
      await trx.updateTable('model_version_tags').set({ name: newName }).where('name', '=', name).execute();
      await trx.updateTable('registered_model_tags').set({ name: newName }).where('name', '=', name).execute();
      await trx.updateTable('registered_model_aliases').set({ name: newName }).where('name', '=', name).execute();
      await renameRegistryEvents(trx, name, newName);
      await recordRegistryEvents(trx, actor, now, [{ event_type: 'MODEL_RENAMED', name: newName, from_value: name, to_value: newName }]);
    }
    return registeredModelToWire(trx, await findRegisteredModel(trx, newName));
  });
}

/** Sets the description (absent clears it) and bumps `last_updated_timestamp`. */
export async function updateRegisteredModel(db: Db, actor: RegistryActor, name: string, description: string | undefined): Promise<RegisteredModel> {
  return db.transaction().execute(async (trx) => {
    const row = await findRegisteredModel(trx, name);
    const now = registryNow();
    const next = description ?? null;
    await trx.updateTable('registered_models').set({ description: next, last_updated_time: now }).where('name', '=', name).execute();
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
    await trx.deleteFrom('model_version_tags').where('name', '=', name).execute();
    await trx.deleteFrom('model_versions').where('name', '=', name).execute();
    await trx.deleteFrom('registered_model_tags').where('name', '=', name).execute();
    await trx.deleteFrom('registered_model_aliases').where('name', '=', name).execute();
    await trx.deleteFrom('registered_models').where('name', '=', name).execute();
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
  let query = db
    .selectFrom('registered_models')
    .selectAll()
    .where((eb) => eb.and(clauses.filter((clause) => queryingPrompts || !isPromptTagClause(clause)).map((clause) => modelClause(eb, clause))));
  if (!queryingPrompts) query = query.where((eb) => eb.not(eb.exists(promptTagOf(eb))));
  for (const clause of orderBy) {
    const column = clause.key === 'name' ? 'name' : 'last_updated_time';
    query = query.orderBy(column, clause.ascending ? 'asc' : 'desc');
  }
  if (!orderBy.some((clause) => clause.key === 'name')) query = query.orderBy('name', 'asc');
  // Look one row ahead so the last page carries no token.
  const rows = await query.limit(input.maxResults + 1).offset(offset).execute();
  const models = await registeredModelsToWire(db, rows.slice(0, input.maxResults));
  return {
    ...(models.length > 0 ? { registered_models: models } : {}),
    ...(rows.length > input.maxResults ? { next_page_token: encodePageToken(offset + input.maxResults) } : {}),
  };
}

function isPromptTagClause(clause: FilterClause): boolean {
  return clause.type === 'tag' && clause.key === PROMPT_TAG_KEY;
}

function promptTagOf(eb: ExpressionBuilder<Database, 'registered_models'>) {
  return eb
    .selectFrom('registered_model_tags as prompt_tag')
    .select(sql`1`.as('one'))
    .whereRef('prompt_tag.name', '=', 'registered_models.name')
    .where('prompt_tag.key', '=', PROMPT_TAG_KEY)
    .where('prompt_tag.value', '=', 'true');
}

function modelClause(eb: ExpressionBuilder<Database, 'registered_models'>, clause: FilterClause): Expression<SqlBool> {
  if (clause.type === 'tag') {
    return eb.exists(
      eb
        .selectFrom('registered_model_tags')
        .select(sql`1`.as('one'))
        .whereRef('registered_model_tags.name', '=', 'registered_models.name')
        .where('registered_model_tags.key', '=', clause.key)
        .where(compareCondition('registered_model_tags.value', clause.op, clause.value)),
    );
  }
  return compareCondition('registered_models.name', clause.op, clause.value);
}

/** Latest version per requested stage (all four when none are given), case-insensitive stages. */
export async function getLatestVersions(db: Db, name: string, stages: readonly string[]): Promise<ModelVersion[]> {
  await findRegisteredModel(db, name);
  const wanted = new Set<string>(stages.map(canonicalStage));
  const versions = await db
    .selectFrom('model_versions')
    .selectAll()
    .where('name', '=', name)
    .where('current_stage', '!=', STAGE_DELETED_INTERNAL)
    .execute();
  const latest = latestPerStage(versions).filter((version) => wanted.size === 0 || wanted.has(version.current_stage));
  return modelVersionsToWire(db, latest, false);
}

/** Upsert; does not change `last_updated_timestamp`. */
export async function setRegisteredModelTag(db: Db, actor: RegistryActor, name: string, key: string, value: string): Promise<void> {
  validateModelName(name);
  validateRegisteredModelTag(key, value);
  await db.transaction().execute(async (trx) => {
    await findRegisteredModel(trx, name);
    const previous = await trx.selectFrom('registered_model_tags').select('value').where('name', '=', name).where('key', '=', key).executeTakeFirst();
    if (previous?.value === value) return;
    await trx
      .insertInto('registered_model_tags')
      .values({ name, key, value })
      .onConflict((conflict) => conflict.columns(['name', 'key']).doUpdateSet({ value }))
      .execute();
    await recordRegistryEvents(trx, actor, registryNow(), [
      { event_type: 'MODEL_TAG_SET', name, key, from_value: previous?.value ?? null, to_value: value },
    ]);
  });
}

/** Deleting a tag that is not there succeeds; the model must exist. */
export async function deleteRegisteredModelTag(db: Db, actor: RegistryActor, name: string, key: string): Promise<void> {
  validateModelName(name);
  validateKey(key);
  await db.transaction().execute(async (trx) => {
    await findRegisteredModel(trx, name);
    const previous = await trx.selectFrom('registered_model_tags').select('value').where('name', '=', name).where('key', '=', key).executeTakeFirst();
    if (!previous) return;
    await trx.deleteFrom('registered_model_tags').where('name', '=', name).where('key', '=', key).execute();
    await recordRegistryEvents(trx, actor, registryNow(), [{ event_type: 'MODEL_TAG_DELETED', name, key, from_value: previous.value }]);
  });
}

/** Points `alias` at a live version (moving it if it exists); an unknown model reads as a missing version. */
export async function setRegisteredModelAlias(db: Db, actor: RegistryActor, name: string, alias: string, version: string): Promise<void> {
  validateModelName(name);
  validateAlias(alias);
  parseVersion(version);
  await db.transaction().execute(async (trx) => {
    const target = await findModelVersion(trx, name, version);
    const previous = await trx
      .selectFrom('registered_model_aliases')
      .select('version')
      .where('name', '=', name)
      .where('alias', '=', alias)
      .executeTakeFirst();
    if (previous?.version === target.version) return;
    await trx
      .insertInto('registered_model_aliases')
      .values({ name, alias, version: target.version })
      .onConflict((conflict) => conflict.columns(['name', 'alias']).doUpdateSet({ version: target.version }))
      .execute();
    await recordRegistryEvents(trx, actor, registryNow(), [
      {
        event_type: 'ALIAS_SET',
        name,
        alias,
        version: target.version,
        from_value: previous ? String(previous.version) : null,
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
    const previous = await trx
      .selectFrom('registered_model_aliases')
      .select('version')
      .where('name', '=', name)
      .where('alias', '=', alias)
      .executeTakeFirst();
    if (!previous) return;
    await trx.deleteFrom('registered_model_aliases').where('name', '=', name).where('alias', '=', alias).execute();
    await recordRegistryEvents(trx, actor, registryNow(), [
      { event_type: 'ALIAS_DELETED', name, alias, version: previous.version, from_value: String(previous.version) },
    ]);
  });
}

/** The version an alias points to; an unknown alias (or model) is 400, not 404, as in MLflow. */
export async function getModelVersionByAlias(db: Db, name: string, alias: string): Promise<ModelVersion> {
  validateModelName(name);
  validateAlias(alias);
  const found = await db
    .selectFrom('registered_model_aliases')
    .select('version')
    .where('name', '=', name)
    .where('alias', '=', alias)
    .executeTakeFirst();
  if (!found) throw invalidParameter(`Registered model alias ${alias} not found.`);
  const row = await db
    .selectFrom('model_versions')
    .selectAll()
    .where('name', '=', name)
    .where('version', '=', found.version)
    .where('current_stage', '!=', STAGE_DELETED_INTERNAL)
    .executeTakeFirst();
  if (!row) throw modelVersionNotFound(name, found.version);
  return modelVersionToWireWithAliases(db, row);
}
