// SQL of the metric summary pyramid (services/metric-summaries.ts): stale markers and chunk rows.
//
// Several server processes may share one database, so a series is rebuilt only by the process
// that claims its stale marker inside the rebuilding transaction: on PostgreSQL with a row lock
// (FOR UPDATE; the background pass skips series another process holds), on SQLite through the
// write lock every transaction takes up front (BEGIN IMMEDIATE, store/database.ts).
import { sql } from 'kysely';
import { isPostgres, type Db } from './database.js';

/** A transaction, or the database itself outside one. */
type Executor = Db;

export interface StaleSeries {
  run_uuid: string;
  key: string;
  /** Stale from this step on; null: the whole series. */
  from_step: number | null;
}

/**
 * Marks series of one run stale from the lowest step just written (inside the writing
 * transaction). Keys are written in sorted order so concurrent writers lock rows in one order.
 */
export async function markStale(trx: Executor, runId: string, fromSteps: ReadonlyMap<string, number>): Promise<void> {
  if (fromSteps.size === 0) return;
  const rows = [...fromSteps]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, fromStep]) => ({ run_uuid: runId, key, from_step: fromStep }));
  // The lower step wins; a NULL (stale from the start) stays NULL.
  const existing = sql.ref('metric_summary_stale.from_step');
  const proposed = sql.ref('excluded.from_step');
  await trx
    .insertInto('metric_summary_stale')
    .values(rows)
    .onConflict((conflict) =>
      conflict.columns(['run_uuid', 'key']).doUpdateSet({
        from_step: sql<number | null>`CASE WHEN ${existing} IS NULL OR ${proposed} IS NULL THEN NULL
          WHEN ${proposed} < ${existing} THEN ${proposed} ELSE ${existing} END`,
      }),
    )
    .execute();
}

/** Which of these runs' series of `key` are stale. */
export async function findStaleSeries(db: Executor, runIds: readonly string[], key: string): Promise<StaleSeries[]> {
  if (runIds.length === 0) return [];
  return db
    .selectFrom('metric_summary_stale')
    .select(['run_uuid', 'key', 'from_step'])
    .where('key', '=', key)
    .where('run_uuid', 'in', runIds)
    .execute();
}

/**
 * Claims a stale series for rebuilding inside `trx`: the named one (waiting for a process that
 * is rebuilding it, then finding it done), or any one no other process holds. Undefined: none.
 */
export async function claimStaleSeries(trx: Executor, series?: { runId: string; key: string }): Promise<StaleSeries | undefined> {
  const postgres = isPostgres(trx);
  return trx
    .selectFrom('metric_summary_stale')
    .select(['run_uuid', 'key', 'from_step'])
    .$if(series !== undefined, (query) => query.where('run_uuid', '=', series?.runId ?? '').where('key', '=', series?.key ?? ''))
    .limit(1)
    .$if(postgres, (query) => query.forUpdate())
    .$if(postgres && series === undefined, (query) => query.skipLocked())
    .executeTakeFirst();
}

export async function clearStale(trx: Executor, runId: string, key: string): Promise<void> {
  await trx.deleteFrom('metric_summary_stale').where('run_uuid', '=', runId).where('key', '=', key).execute();
}

/** Deletes a level's chunks from `firstChunk` on (null: all of them). */
export async function deleteChunks(trx: Executor, runId: string, key: string, level: number, firstChunk: number | null): Promise<void> {
  await trx
    .deleteFrom('metric_summaries')
    .where('run_uuid', '=', runId)
    .where('key', '=', key)
    .where('level', '=', level)
    .$if(firstChunk !== null, (query) => query.where('chunk', '>=', firstChunk as number))
    .execute();
}

export async function insertChunk(trx: Executor, runId: string, key: string, level: number, chunk: number, blocks: Buffer): Promise<void> {
  await trx.insertInto('metric_summaries').values({ run_uuid: runId, key, level, chunk, blocks }).execute();
}

/** A level's chunk blobs in [firstChunk, lastChunk] (null: unbounded), in chunk order. */
export async function readChunks(
  db: Executor,
  runId: string,
  key: string,
  level: number,
  firstChunk: number | null,
  lastChunk: number | null,
): Promise<Uint8Array[]> {
  const rows = await db
    .selectFrom('metric_summaries')
    .select('blocks')
    .where('run_uuid', '=', runId)
    .where('key', '=', key)
    .where('level', '=', level)
    .$if(firstChunk !== null, (query) => query.where('chunk', '>=', firstChunk as number))
    .$if(lastChunk !== null, (query) => query.where('chunk', '<=', lastChunk as number))
    .orderBy('chunk')
    .execute();
  return rows.map((row) => row.blocks);
}
