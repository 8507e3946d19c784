// Writes for `runboard import`: entities copied from another MLflow store keep their original ids
// and times, so they bypass the services' create paths (which mint ids and stamp "now"). Every
// write is idempotent (ON CONFLICT), so a repeated or resumed import adds only what is missing.
import { CompiledQuery, sql } from 'kysely';
import { findOrCreateDataset } from './datasets.js';
import { isPostgres, type Db } from './database.js';
import type { ModelVersionsTable, RegisteredModelsTable, RunsTable } from './schema.js';

const MAX_SQL_VARIABLES = 30000;
const METRIC_ROWS_PER_INSERT = 500;

export interface KeyValueRow {
  key: string;
  value: string;
}

export interface ImportedMetricRow {
  key: string;
  step: number;
  timestamp: number;
  value: number;
  is_nan: number;
}

export interface ImportedDataset {
  name: string;
  digest: string;
  source_type: string;
  source: string;
  schema: string | null;
  profile: string | null;
  tags: KeyValueRow[];
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const parts: T[][] = [];
  for (let start = 0; start < items.length; start += size) parts.push(items.slice(start, start + size));
  return parts;
}

export async function experimentIdByName(db: Db, name: string): Promise<number | undefined> {
  const row = await db.selectFrom('experiments').select('experiment_id').where('name', '=', name).executeTakeFirst();
  return row?.experiment_id;
}

export async function experimentIdTaken(db: Db, id: number): Promise<boolean> {
  return (await db.selectFrom('experiments').select('experiment_id').where('experiment_id', '=', id).executeTakeFirst()) !== undefined;
}

export interface ImportedExperiment {
  /** The source's id when it is free here; otherwise a new one is assigned. */
  id: number | undefined;
  name: string;
  lifecycle_stage: string;
  creation_time: number;
  last_update_time: number;
  tags: KeyValueRow[];
}

/** Inserts an experiment (artifacts under `mlflow-artifacts:/<id>`) with its tags; returns its id. */
export async function insertImportedExperiment(db: Db, experiment: ImportedExperiment): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const base = {
      name: experiment.name,
      lifecycle_stage: experiment.lifecycle_stage,
      creation_time: experiment.creation_time,
      last_update_time: experiment.last_update_time,
    };
    const inserted = await trx
      .insertInto('experiments')
      .values(
        experiment.id === undefined
          ? { ...base, artifact_location: '' }
          : { ...base, experiment_id: experiment.id, artifact_location: `mlflow-artifacts:/${experiment.id}` },
      )
      .returning('experiment_id')
      .executeTakeFirstOrThrow();
    const id = inserted.experiment_id;
    // An id given explicitly does not move PostgreSQL's identity sequence: bring it past the
    // largest id, or the next experiments/create would be handed an id that is taken.
    if (experiment.id !== undefined && isPostgres(trx))
      await sql`select setval(pg_get_serial_sequence('experiments', 'experiment_id'), (select max(experiment_id) from experiments))`.execute(
        trx,
      );
    if (experiment.id === undefined)
      await trx
        .updateTable('experiments')
        .set({ artifact_location: `mlflow-artifacts:/${id}` })
        .where('experiment_id', '=', id)
        .execute();
    await upsertExperimentTags(trx, id, experiment.tags);
    return id;
  });
}

export async function upsertExperimentTags(db: Db, experimentId: number, tags: readonly KeyValueRow[]): Promise<void> {
  for (const part of chunk(tags, 1000)) {
    await db
      .insertInto('experiment_tags')
      .values(part.map((tag) => ({ experiment_id: experimentId, key: tag.key, value: tag.value })))
      .onConflict((conflict) => conflict.columns(['experiment_id', 'key']).doUpdateSet((eb) => ({ value: eb.ref('excluded.value') })))
      .execute();
  }
}

export async function experimentArtifactLocation(db: Db, experimentId: number): Promise<string> {
  const row = await db
    .selectFrom('experiments')
    .select('artifact_location')
    .where('experiment_id', '=', experimentId)
    .executeTakeFirstOrThrow();
  return row.artifact_location;
}

export interface StoredRunCounts {
  params: number;
  tags: number;
  metrics: number;
  inputs: number;
}

/** What the store holds of a run, to decide whether a resumed import must copy it again. */
export async function storedRunCounts(db: Db, runId: string): Promise<StoredRunCounts | undefined> {
  const run = await db.selectFrom('runs').select('run_uuid').where('run_uuid', '=', runId).executeTakeFirst();
  if (!run) return undefined;
  const count = async (table: 'params' | 'tags' | 'metrics' | 'run_inputs'): Promise<number> => {
    const row = await db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('run_uuid', '=', runId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };
  return { params: await count('params'), tags: await count('tags'), metrics: await count('metrics'), inputs: await count('run_inputs') };
}

export interface ImportedRun {
  row: RunsTable;
  params: KeyValueRow[];
  tags: KeyValueRow[];
  metrics: ImportedMetricRow[];
  inputs: ImportedDataset[];
}

const metricInsertSql = new Map<number, string>();

function metricInsert(trx: Db, runId: string, rows: readonly ImportedMetricRow[]): CompiledQuery {
  let sqlText = metricInsertSql.get(rows.length);
  if (sqlText === undefined) {
    sqlText = trx
      .insertInto('metrics')
      .values(rows.map((row) => ({ run_uuid: runId, ...row })))
      .onConflict((conflict) => conflict.doNothing())
      .compile().sql;
    metricInsertSql.set(rows.length, sqlText);
  }
  const parameters: unknown[] = [];
  // Kysely lists the columns in the order of the first row's keys: run_uuid, key, step, timestamp, value, is_nan.
  for (const row of rows) parameters.push(runId, row.key, row.step, row.timestamp, row.value, row.is_nan);
  return CompiledQuery.raw(sqlText, parameters);
}

function isLater(a: ImportedMetricRow, b: ImportedMetricRow): boolean {
  if (a.step !== b.step) return a.step > b.step;
  if (a.timestamp !== b.timestamp) return a.timestamp > b.timestamp;
  return a.value > b.value;
}

/** The artifact URI a stored run has (a resumed import keeps it). */
export async function storedRunArtifactUri(db: Db, runId: string): Promise<string> {
  const row = await db.selectFrom('runs').select('artifact_uri').where('run_uuid', '=', runId).executeTakeFirstOrThrow();
  return row.artifact_uri;
}

/**
 * Writes one run and everything logged to it in one transaction. Rows already present are left
 * alone (params are write-once in MLflow; tags take the source's value).
 */
export function writeImportedRun(db: Db, run: ImportedRun): Promise<void> {
  return db.transaction().execute((trx) => writeRunRows(trx, run));
}

async function writeRunRows(trx: Db, run: ImportedRun): Promise<void> {
  const runId = run.row.run_uuid;
  await trx
    .insertInto('runs')
    .values(run.row)
    .onConflict((conflict) =>
      conflict.column('run_uuid').doUpdateSet((eb) => ({
        status: eb.ref('excluded.status'),
        end_time: eb.ref('excluded.end_time'),
        lifecycle_stage: eb.ref('excluded.lifecycle_stage'),
        deleted_time: eb.ref('excluded.deleted_time'),
      })),
    )
    .execute();
  for (const part of chunk(run.params, 1000)) {
    await trx
      .insertInto('params')
      .values(part.map((param) => ({ run_uuid: runId, ...param })))
      .onConflict((conflict) => conflict.doNothing())
      .execute();
  }
  for (const part of chunk(run.tags, 1000)) {
    await trx
      .insertInto('tags')
      .values(part.map((tag) => ({ run_uuid: runId, ...tag })))
      .onConflict((conflict) => conflict.columns(['run_uuid', 'key']).doUpdateSet((eb) => ({ value: eb.ref('excluded.value') })))
      .execute();
  }
  const rowsPerInsert = Math.min(METRIC_ROWS_PER_INSERT, Math.floor(MAX_SQL_VARIABLES / 6));
  for (const part of chunk(run.metrics, rowsPerInsert)) await trx.executeQuery(metricInsert(trx, runId, part));
  const latest = new Map<string, ImportedMetricRow>();
  for (const point of run.metrics) {
    const current = latest.get(point.key);
    if (!current || isLater(point, current)) latest.set(point.key, point);
  }
  for (const part of chunk([...latest.values()], 1000)) {
    await trx
      .insertInto('latest_metrics')
      .values(part.map((point) => ({ run_uuid: runId, ...point })))
      .onConflict((conflict) =>
        conflict.columns(['run_uuid', 'key']).doUpdateSet((eb) => ({
          step: eb.ref('excluded.step'),
          timestamp: eb.ref('excluded.timestamp'),
          value: eb.ref('excluded.value'),
          is_nan: eb.ref('excluded.is_nan'),
        })),
      )
      .execute();
  }
  // The chart summaries of these series are rebuilt from scratch by the server's idle pass.
  for (const part of chunk([...latest.keys()], 1000)) {
    await trx
      .insertInto('metric_summary_stale')
      .values(part.map((key) => ({ run_uuid: runId, key, from_step: null })))
      .onConflict((conflict) => conflict.columns(['run_uuid', 'key']).doUpdateSet({ from_step: null }))
      .execute();
  }
  for (const input of run.inputs) await linkDataset(trx, runId, run.row.experiment_id, input);
}

async function linkDataset(trx: Db, runId: string, experimentId: number, input: ImportedDataset): Promise<void> {
  const datasetUuid = await findOrCreateDataset(trx, experimentId, input);
  await trx
    .insertInto('run_inputs')
    .values({ run_uuid: runId, dataset_uuid: datasetUuid })
    .onConflict((conflict) => conflict.doNothing())
    .execute();
  if (input.tags.length > 0) {
    await trx
      .insertInto('input_tags')
      .values(input.tags.map((tag) => ({ run_uuid: runId, dataset_uuid: datasetUuid, key: tag.key, value: tag.value })))
      .onConflict((conflict) => conflict.doNothing())
      .execute();
  }
}

export interface ImportedRegisteredModel {
  row: RegisteredModelsTable;
  tags: KeyValueRow[];
  aliases: { alias: string; version: number }[];
  versions: { row: ModelVersionsTable; tags: KeyValueRow[] }[];
}

/** Writes a registered model with its versions, tags and aliases (one transaction). */
export async function writeImportedRegisteredModel(db: Db, model: ImportedRegisteredModel): Promise<void> {
  const name = model.row.name;
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('registered_models')
      .values(model.row)
      .onConflict((conflict) => conflict.doNothing())
      .execute();
    if (model.tags.length > 0) {
      await trx
        .insertInto('registered_model_tags')
        .values(model.tags.map((tag) => ({ name, ...tag })))
        .onConflict((conflict) => conflict.columns(['name', 'key']).doUpdateSet((eb) => ({ value: eb.ref('excluded.value') })))
        .execute();
    }
    for (const version of model.versions) {
      await trx
        .insertInto('model_versions')
        .values(version.row)
        .onConflict((conflict) => conflict.doNothing())
        .execute();
      if (version.tags.length > 0) {
        await trx
          .insertInto('model_version_tags')
          .values(version.tags.map((tag) => ({ name, version: version.row.version, ...tag })))
          .onConflict((conflict) => conflict.columns(['name', 'version', 'key']).doUpdateSet((eb) => ({ value: eb.ref('excluded.value') })))
          .execute();
      }
    }
    if (model.aliases.length > 0) {
      await trx
        .insertInto('registered_model_aliases')
        .values(model.aliases.map((alias) => ({ name, ...alias })))
        .onConflict((conflict) => conflict.columns(['name', 'alias']).doUpdateSet((eb) => ({ version: eb.ref('excluded.version') })))
        .execute();
    }
  });
}

export interface RegistryCounts {
  versions: number;
  tags: number;
  aliases: number;
  versionTags: number;
}

export async function storedRegistryCounts(db: Db, name: string): Promise<RegistryCounts | undefined> {
  const model = await db.selectFrom('registered_models').select('name').where('name', '=', name).executeTakeFirst();
  if (!model) return undefined;
  const count = async (
    table: 'model_versions' | 'registered_model_tags' | 'registered_model_aliases' | 'model_version_tags',
  ): Promise<number> =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number | string>().as('n'))
          .where('name', '=', name)
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    versions: await count('model_versions'),
    tags: await count('registered_model_tags'),
    aliases: await count('registered_model_aliases'),
    versionTags: await count('model_version_tags'),
  };
}
