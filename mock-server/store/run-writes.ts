// Writes of runs and of what a client logs into them, metric points aside (metric-writes.ts):
// the run row, tags, params, dataset and logged-model inputs.
import type { Db } from './database.js';
import type { RunsTable } from './schema.js';

/** Most bound values one statement may carry (SQLite as bundled: 32766, PostgreSQL: 65535). */
const MAX_SQL_VARIABLES = 30000;

type KeyValue = { key: string; value: string };

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}

export async function insertRun(db: Db, row: RunsTable, tags: readonly KeyValue[]): Promise<void> {
  await db.insertInto('runs').values(row).execute();
  if (tags.length === 0) return;
  await db
    .insertInto('tags')
    .values(tags.map((tag) => ({ run_uuid: row.run_uuid, key: tag.key, value: tag.value })))
    .execute();
}

export async function updateRunRow(
  db: Db,
  runId: string,
  changes: Partial<Pick<RunsTable, 'status' | 'end_time' | 'name' | 'lifecycle_stage' | 'deleted_time'>>,
): Promise<void> {
  if (Object.keys(changes).length === 0) return;
  await db.updateTable('runs').set(changes).where('run_uuid', '=', runId).execute();
}

export async function findRunTagValue(db: Db, runId: string, key: string): Promise<string | undefined> {
  const row = await db.selectFrom('tags').select('value').where('run_uuid', '=', runId).where('key', '=', key).executeTakeFirst();
  return row?.value;
}

/** Inserts or replaces tags; keys must be unique within `tags`. */
export async function upsertRunTags(db: Db, runId: string, tags: readonly KeyValue[]): Promise<void> {
  for (const part of chunk(tags, Math.floor(MAX_SQL_VARIABLES / 3))) {
    await db
      .insertInto('tags')
      .values(part.map((tag) => ({ run_uuid: runId, key: tag.key, value: tag.value })))
      .onConflict((conflict) => conflict.columns(['run_uuid', 'key']).doUpdateSet((eb) => ({ value: eb.ref('excluded.value') })))
      .execute();
  }
}

export async function upsertRunTag(db: Db, runId: string, key: string, value: string): Promise<void> {
  await db
    .insertInto('tags')
    .values({ run_uuid: runId, key, value })
    .onConflict((conflict) => conflict.columns(['run_uuid', 'key']).doUpdateSet({ value }))
    .execute();
}

/** Deletes one tag; false when there was none. */
export async function deleteRunTag(db: Db, runId: string, key: string): Promise<boolean> {
  const result = await db.deleteFrom('tags').where('run_uuid', '=', runId).where('key', '=', key).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** The run's params among `keys` (at most 100, a log-batch's limit). */
export function findRunParams(db: Db, runId: string, keys: readonly string[]): Promise<KeyValue[]> {
  if (keys.length === 0) return Promise.resolve([]);
  return db.selectFrom('params').select(['key', 'value']).where('run_uuid', '=', runId).where('key', 'in', keys).execute();
}

export async function insertRunParams(db: Db, runId: string, params: readonly KeyValue[]): Promise<void> {
  if (params.length === 0) return;
  await db
    .insertInto('params')
    .values(params.map((param) => ({ run_uuid: runId, key: param.key, value: param.value })))
    .execute();
}

/** Links logged models to the run as inputs; links already there stay. */
export async function insertRunModelInputs(db: Db, runId: string, modelIds: readonly string[]): Promise<void> {
  if (modelIds.length === 0) return;
  await db
    .insertInto('run_model_inputs')
    .values(modelIds.map((modelId) => ({ run_uuid: runId, model_id: modelId })))
    .onConflict((conflict) => conflict.doNothing())
    .execute();
}

export async function runInputExists(db: Db, runId: string, datasetUuid: string): Promise<boolean> {
  const row = await db
    .selectFrom('run_inputs')
    .select('dataset_uuid')
    .where('run_uuid', '=', runId)
    .where('dataset_uuid', '=', datasetUuid)
    .executeTakeFirst();
  return row !== undefined;
}

/** Links a dataset to the run as an input, with the input's tags (context...). */
export async function insertRunInput(db: Db, runId: string, datasetUuid: string, tags: readonly KeyValue[]): Promise<void> {
  await db.insertInto('run_inputs').values({ run_uuid: runId, dataset_uuid: datasetUuid }).execute();
  if (tags.length === 0) return;
  await db
    .insertInto('input_tags')
    .values(tags.map((tag) => ({ run_uuid: runId, dataset_uuid: datasetUuid, key: tag.key, value: tag.value })))
    .onConflict((conflict) => conflict.doNothing())
    .execute();
}
