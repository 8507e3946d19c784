// SQL of the model registry: registered models, model versions, their tags and aliases, the
// registry timeline, and the two searches. MLflow's rules (validation, stages, prompts, events)
// stay in services/registry*.ts, registered-models.ts and model-versions.ts.
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { FilterClause, OrderByClause } from '../../src/lib/mlflow/filter/index.js';
import { invalidParameter } from '../errors.js';
import type { Db } from './database.js';
import { compareCondition } from './filter-conditions.js';
import type { Database, ModelVersionsTable, RegisteredModelsTable, RegistryEventsTable } from './schema.js';

export type RegisteredModelRow = RegisteredModelsTable;
export type ModelVersionRow = ModelVersionsTable;
export type RegistryEventRow = Omit<RegistryEventsTable, 'id'> & { id: number };
export type NewRegistryEvent = Omit<RegistryEventsTable, 'id'>;

/** A tag whose models (or versions) a search leaves out, unless the filter asks for them. */
export interface HiddenTag {
  key: string;
  value: string;
}

// SQLite's limit on bound parameters is far above this; chunks keep big searches safe anyway.
const IN_CHUNK = 500;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += IN_CHUNK) out.push(items.slice(start, start + IN_CHUNK));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Registered models
// ---------------------------------------------------------------------------------------------

export function findRegisteredModelRow(db: Db, name: string): Promise<RegisteredModelRow | undefined> {
  return db.selectFrom('registered_models').selectAll().where('name', '=', name).executeTakeFirst();
}

export async function registeredModelExists(db: Db, name: string): Promise<boolean> {
  const row = await db.selectFrom('registered_models').select('name').where('name', '=', name).executeTakeFirst();
  return row !== undefined;
}

export async function insertRegisteredModel(
  db: Db,
  model: { name: string; now: number; description: string | null; tags: readonly { key: string; value: string }[] },
): Promise<void> {
  await db
    .insertInto('registered_models')
    .values({ name: model.name, creation_time: model.now, last_updated_time: model.now, description: model.description })
    .execute();
  if (model.tags.length > 0) {
    await db
      .insertInto('registered_model_tags')
      .values(model.tags.map((tag) => ({ name: model.name, key: tag.key, value: tag.value })))
      .execute();
  }
}

/** Renames the model and everything that hangs off it (versions, tags, aliases, its timeline); bumps both timestamps. */
export async function renameRegisteredModelRows(db: Db, name: string, newName: string, now: number): Promise<void> {
  await db.updateTable('registered_models').set({ name: newName, last_updated_time: now }).where('name', '=', name).execute();
  await db.updateTable('model_versions').set({ name: newName, last_updated_time: now }).where('name', '=', name).execute();
  if (newName === name) return;
  await db.updateTable('model_version_tags').set({ name: newName }).where('name', '=', name).execute();
  await db.updateTable('registered_model_tags').set({ name: newName }).where('name', '=', name).execute();
  await db.updateTable('registered_model_aliases').set({ name: newName }).where('name', '=', name).execute();
  await db.updateTable('registry_events').set({ name: newName }).where('name', '=', name).execute();
}

export async function updateRegisteredModelRow(
  db: Db,
  name: string,
  changes: { description?: string | null; last_updated_time: number },
): Promise<void> {
  await db.updateTable('registered_models').set(changes).where('name', '=', name).execute();
}

/** Hard delete of the model, all of its versions (deleted ones too), tags and aliases. */
export async function deleteRegisteredModelRows(db: Db, name: string): Promise<void> {
  await db.deleteFrom('model_version_tags').where('name', '=', name).execute();
  await db.deleteFrom('model_versions').where('name', '=', name).execute();
  await db.deleteFrom('registered_model_tags').where('name', '=', name).execute();
  await db.deleteFrom('registered_model_aliases').where('name', '=', name).execute();
  await db.deleteFrom('registered_models').where('name', '=', name).execute();
}

export function loadRegisteredModelTags(db: Db, names: readonly string[]): Promise<{ name: string; key: string; value: string }[]> {
  return collect(names, (part) => db.selectFrom('registered_model_tags').selectAll().where('name', 'in', part).execute());
}

export async function findRegisteredModelTagValue(db: Db, name: string, key: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('registered_model_tags')
    .select('value')
    .where('name', '=', name)
    .where('key', '=', key)
    .executeTakeFirst();
  return row?.value;
}

export async function upsertRegisteredModelTag(db: Db, name: string, key: string, value: string): Promise<void> {
  await db
    .insertInto('registered_model_tags')
    .values({ name, key, value })
    .onConflict((conflict) => conflict.columns(['name', 'key']).doUpdateSet({ value }))
    .execute();
}

export async function deleteRegisteredModelTagRow(db: Db, name: string, key: string): Promise<void> {
  await db.deleteFrom('registered_model_tags').where('name', '=', name).where('key', '=', key).execute();
}

export interface RegisteredModelSearch {
  clauses: readonly FilterClause[];
  orderBy: readonly OrderByClause[];
  hidden?: HiddenTag;
  offset: number;
  limit: number;
}

/** registered-models/search: by name or last update, the name as tie-breaker. */
export function searchRegisteredModelRows(db: Db, search: RegisteredModelSearch): Promise<RegisteredModelRow[]> {
  let query = db
    .selectFrom('registered_models')
    .selectAll()
    .where((eb) => eb.and(search.clauses.map((clause) => modelClause(eb, clause))));
  const hidden = search.hidden;
  if (hidden) {
    query = query.where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('registered_model_tags as hidden_tag')
            .select(sql`1`.as('one'))
            .whereRef('hidden_tag.name', '=', 'registered_models.name')
            .where('hidden_tag.key', '=', hidden.key)
            .where('hidden_tag.value', '=', hidden.value),
        ),
      ),
    );
  }
  for (const clause of search.orderBy) {
    const column = clause.key === 'name' ? 'name' : 'last_updated_time';
    query = query.orderBy(column, clause.ascending ? 'asc' : 'desc');
  }
  if (!search.orderBy.some((clause) => clause.key === 'name')) query = query.orderBy('name', 'asc');
  return query.limit(search.limit).offset(search.offset).execute();
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

// ---------------------------------------------------------------------------------------------
// Aliases
// ---------------------------------------------------------------------------------------------

/** Aliases of these models, ordered by alias. */
export function loadModelAliases(db: Db, names: readonly string[]): Promise<{ name: string; alias: string; version: number }[]> {
  return collect(names, (part) =>
    db.selectFrom('registered_model_aliases').selectAll().where('name', 'in', part).orderBy('alias').execute(),
  );
}

/** The version an alias points to. */
export async function findAliasVersion(db: Db, name: string, alias: string): Promise<number | undefined> {
  const row = await db
    .selectFrom('registered_model_aliases')
    .select('version')
    .where('name', '=', name)
    .where('alias', '=', alias)
    .executeTakeFirst();
  return row?.version;
}

export async function upsertModelAlias(db: Db, name: string, alias: string, version: number): Promise<void> {
  await db
    .insertInto('registered_model_aliases')
    .values({ name, alias, version })
    .onConflict((conflict) => conflict.columns(['name', 'alias']).doUpdateSet({ version }))
    .execute();
}

export async function deleteModelAlias(db: Db, name: string, alias: string): Promise<void> {
  await db.deleteFrom('registered_model_aliases').where('name', '=', name).where('alias', '=', alias).execute();
}

/** Removes the aliases pointing at one version; returns their names, sorted. */
export async function deleteAliasesOfVersion(db: Db, name: string, version: number): Promise<string[]> {
  const aliases = await db
    .selectFrom('registered_model_aliases')
    .select('alias')
    .where('name', '=', name)
    .where('version', '=', version)
    .orderBy('alias')
    .execute();
  await db.deleteFrom('registered_model_aliases').where('name', '=', name).where('version', '=', version).execute();
  return aliases.map((row) => row.alias);
}

// ---------------------------------------------------------------------------------------------
// Model versions
// ---------------------------------------------------------------------------------------------

/** A version whose stage is not `hiddenStage` (the soft-deleted marker). */
export function findModelVersionRow(db: Db, name: string, version: number, hiddenStage: string): Promise<ModelVersionRow | undefined> {
  return db
    .selectFrom('model_versions')
    .selectAll()
    .where('name', '=', name)
    .where('version', '=', version)
    .where('current_stage', '!=', hiddenStage)
    .executeTakeFirst();
}

/** Versions of these models whose stage is not `hiddenStage`. */
export function loadModelVersionRows(db: Db, names: readonly string[], hiddenStage: string): Promise<ModelVersionRow[]> {
  return collect(names, (part) =>
    db.selectFrom('model_versions').selectAll().where('name', 'in', part).where('current_stage', '!=', hiddenStage).execute(),
  );
}

/** The highest version number the model ever had (deleted versions included), 0 for none. */
export async function highestVersionNumber(db: Db, name: string): Promise<number> {
  const row = await db
    .selectFrom('model_versions')
    .select((eb) => eb.fn.max('version').as('highest'))
    .where('name', '=', name)
    .executeTakeFirst();
  return Number(row?.highest ?? 0);
}

export async function insertModelVersion(db: Db, row: ModelVersionRow, tags: ReadonlyMap<string, string>): Promise<void> {
  await db.insertInto('model_versions').values(row).execute();
  if (tags.size > 0) {
    await db
      .insertInto('model_version_tags')
      .values([...tags].map(([key, value]) => ({ name: row.name, version: row.version, key, value })))
      .execute();
  }
}

export async function updateModelVersionRows(
  db: Db,
  name: string,
  versions: number | readonly number[],
  changes: Partial<Omit<ModelVersionRow, 'name' | 'version'>>,
): Promise<void> {
  const list = typeof versions === 'number' ? [versions] : versions;
  if (list.length === 0) return;
  await db.updateTable('model_versions').set(changes).where('name', '=', name).where('version', 'in', list).execute();
}

/** Versions of a model in `stage`, except `exceptVersion`, by version. */
export function findVersionsInStage(
  db: Db,
  name: string,
  stage: string,
  exceptVersion: number,
): Promise<{ version: number; current_stage: string }[]> {
  return db
    .selectFrom('model_versions')
    .select(['version', 'current_stage'])
    .where('name', '=', name)
    .where('version', '!=', exceptVersion)
    .where('current_stage', '=', stage)
    .orderBy('version')
    .execute();
}

/** Tags of these versions' models (callers keep the versions they asked for). */
export function loadModelVersionTags(
  db: Db,
  names: readonly string[],
): Promise<{ name: string; version: number; key: string; value: string }[]> {
  return collect(names, (part) => db.selectFrom('model_version_tags').selectAll().where('name', 'in', part).execute());
}

export async function findModelVersionTagValue(db: Db, name: string, version: number, key: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('model_version_tags')
    .select('value')
    .where('name', '=', name)
    .where('version', '=', version)
    .where('key', '=', key)
    .executeTakeFirst();
  return row?.value;
}

export async function upsertModelVersionTag(db: Db, name: string, version: number, key: string, value: string): Promise<void> {
  await db
    .insertInto('model_version_tags')
    .values({ name, version, key, value })
    .onConflict((conflict) => conflict.columns(['name', 'version', 'key']).doUpdateSet({ value }))
    .execute();
}

export async function deleteModelVersionTagRow(db: Db, name: string, version: number, key: string): Promise<void> {
  await db.deleteFrom('model_version_tags').where('name', '=', name).where('version', '=', version).where('key', '=', key).execute();
}

/** Live versions per (model, stage) of these models; `hiddenStage` is not counted. */
export function countVersionsByStage(
  db: Db,
  names: readonly string[],
  hiddenStage: string,
): Promise<{ name: string; current_stage: string; count: number }[]> {
  return collect(names, (part) =>
    db
      .selectFrom('model_versions')
      .select(['name', 'current_stage', (eb) => eb.fn.countAll<number>().as('count')])
      .where('name', 'in', part)
      .where('current_stage', '!=', hiddenStage)
      .groupBy(['name', 'current_stage'])
      .execute(),
  );
}

const VERSION_ORDER_COLUMNS: Readonly<Record<string, keyof ModelVersionRow>> = {
  name: 'name',
  version_number: 'version',
  creation_timestamp: 'creation_time',
  last_updated_timestamp: 'last_updated_time',
};

const VERSION_FILTER_COLUMNS: Readonly<Record<string, keyof ModelVersionRow>> = {
  name: 'name',
  run_id: 'run_id',
  source_path: 'source',
  version_number: 'version',
};

export interface ModelVersionSearch {
  clauses: readonly FilterClause[];
  orderBy: readonly OrderByClause[];
  /** Stage of soft-deleted versions, never returned. */
  hiddenStage: string;
  /** Every version of a model with a version tagged so is left out. */
  hidden?: HiddenTag;
  offset: number;
  limit: number;
}

/** model-versions/search; ties broken by name ascending, then version descending. */
export function searchModelVersionRows(db: Db, search: ModelVersionSearch): Promise<ModelVersionRow[]> {
  let query = db
    .selectFrom('model_versions')
    .selectAll()
    .where('current_stage', '!=', search.hiddenStage)
    .where((eb) => eb.and(search.clauses.map((clause) => versionClause(eb, clause))));
  const hidden = search.hidden;
  if (hidden) {
    query = query.where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('model_version_tags as hidden_tag')
            .select(sql`1`.as('one'))
            .whereRef('hidden_tag.name', '=', 'model_versions.name')
            .where('hidden_tag.key', '=', hidden.key)
            .where('hidden_tag.value', '=', hidden.value),
        ),
      ),
    );
  }
  for (const clause of search.orderBy)
    query = query.orderBy(VERSION_ORDER_COLUMNS[clause.key] ?? 'name', clause.ascending ? 'asc' : 'desc');
  if (!search.orderBy.some((clause) => clause.key === 'name')) query = query.orderBy('name', 'asc');
  if (!search.orderBy.some((clause) => clause.key === 'version_number')) query = query.orderBy('version', 'desc');
  return query.limit(search.limit).offset(search.offset).execute();
}

function versionClause(eb: ExpressionBuilder<Database, 'model_versions'>, clause: FilterClause): Expression<SqlBool> {
  if (clause.type === 'tag') {
    return eb.exists(
      eb
        .selectFrom('model_version_tags')
        .select(sql`1`.as('one'))
        .whereRef('model_version_tags.name', '=', 'model_versions.name')
        .whereRef('model_version_tags.version', '=', 'model_versions.version')
        .where('model_version_tags.key', '=', clause.key)
        .where(compareCondition('model_version_tags.value', clause.op, clause.value)),
    );
  }
  const column = VERSION_FILTER_COLUMNS[clause.key];
  if (column === undefined) throw invalidParameter(`Invalid attribute name: ${clause.key}`);
  return compareCondition(`model_versions.${column}`, clause.op, clause.value);
}

// ---------------------------------------------------------------------------------------------
// Registry timeline (Runboard's registry_events)
// ---------------------------------------------------------------------------------------------

/** Inserts events in the order given, so their ids grow in that order. */
export async function insertRegistryEvents(db: Db, events: readonly NewRegistryEvent[]): Promise<void> {
  if (events.length === 0) return;
  await db
    .insertInto('registry_events')
    .values([...events])
    .execute();
}

/** Events of one model, newest first, with ids below `belowId` when given. */
export function listRegistryEventRows(db: Db, name: string, belowId: number | undefined, limit: number): Promise<RegistryEventRow[]> {
  return db
    .selectFrom('registry_events')
    .selectAll()
    .where('name', '=', name)
    .$if(belowId !== undefined, (query) => query.where('id', '<', belowId as number))
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

async function collect<T>(names: readonly string[], query: (part: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (const part of chunks(names)) out.push(...(await query(part)));
  return out;
}
