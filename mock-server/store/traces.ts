// SQL of the traces service: trace rows, their tags and request metadata, search and deletion.
// Spans are not here: they live in the artifact store (traces.json under the trace's artifact location).
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { FilterOp, FilterValue } from '../../src/lib/mlflow/filter/index.js';
import { isPostgres, type Db } from './database.js';
import { compareCondition } from './filter-conditions.js';
import type { Database, TraceInfoTable } from './schema.js';

export type TraceRow = TraceInfoTable;

export interface TraceKeyValue {
  key: string;
  value: string;
}

export type TraceColumn = 'experiment_id' | 'request_id' | 'timestamp_ms' | 'execution_time_ms' | 'status';

/** What a filter clause or an order_by entry reads: a column of trace_info, a tag or a request-metadata entry. */
export type TraceField = { kind: 'column'; column: TraceColumn } | { kind: 'tag' | 'metadata'; key: string };

export interface TraceCondition {
  field: TraceField;
  op: FilterOp;
  value: FilterValue;
}

export interface TraceOrder {
  field: TraceField;
  ascending: boolean;
}

export interface TraceSearch {
  experimentIds: number[];
  conditions: TraceCondition[];
  orderBy: TraceOrder[];
  limit: number;
  offset: number;
}

type TraceEb = ExpressionBuilder<Database, 'trace_info'>;

/** IN lists are cut to this many values: far below SQLite's bound-variable limit. */
const IN_LIST_CHUNK = 500;

/** The request-metadata key naming the run a trace was logged in. */
const SOURCE_RUN_KEY = 'mlflow.sourceRun';

const KEYED_TABLES = { tag: 'trace_tags', metadata: 'trace_request_metadata' } as const;

/** Advisory-lock class of trace merges (the second key is a hash of the request id). */
const TRACE_MERGE_LOCK_CLASS = 726_451_914;

/**
 * Runs `work` in a write transaction that no other merge of this trace, in this process or another
 * on the same database, runs alongside: a read-merge-write of the trace's spans must not interleave.
 * PostgreSQL: a transaction-scoped advisory lock on the request id (released at commit or rollback).
 * SQLite: the write transaction itself (BEGIN IMMEDIATE takes the file's write lock).
 * `work` must use the transaction it is given for every query (SQLite has one connection).
 */
export function withTraceMergeLock<T>(db: Db, requestId: string, work: (trx: Db) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    if (isPostgres(db)) await sql`select pg_advisory_xact_lock(${TRACE_MERGE_LOCK_CLASS}, hashtext(${requestId}))`.execute(trx);
    return work(trx);
  });
}

export async function insertTrace(
  db: Db,
  row: TraceRow,
  tags: readonly TraceKeyValue[],
  metadata: readonly TraceKeyValue[],
): Promise<void> {
  await db.insertInto('trace_info').values(row).execute();
  await upsertKeyValues(db, 'tag', row.request_id, tags);
  await upsertKeyValues(db, 'metadata', row.request_id, metadata);
}

export function findTrace(db: Db, requestId: string): Promise<TraceRow | undefined> {
  return db.selectFrom('trace_info').selectAll().where('request_id', '=', requestId).executeTakeFirst();
}

/** The traces of these ids there are (optionally only in these experiments), in no particular order. */
export async function findTraces(db: Db, requestIds: readonly string[], experimentIds?: readonly number[]): Promise<TraceRow[]> {
  const rows: TraceRow[] = [];
  for (let start = 0; start < requestIds.length; start += IN_LIST_CHUNK) {
    let query = db
      .selectFrom('trace_info')
      .selectAll()
      .where('request_id', 'in', requestIds.slice(start, start + IN_LIST_CHUNK));
    if (experimentIds !== undefined) query = query.where('experiment_id', 'in', [...experimentIds]);
    rows.push(...(await query.execute()));
  }
  return rows;
}

/** Links traces to a run; a link already there stays. */
export async function insertTraceRunLinks(db: Db, requestIds: readonly string[], runId: string): Promise<void> {
  if (requestIds.length === 0) return;
  await db
    .insertInto('trace_run_links')
    .values(requestIds.map((requestId) => ({ request_id: requestId, run_uuid: runId })))
    .onConflict((conflict) => conflict.columns(['request_id', 'run_uuid']).doNothing())
    .execute();
}

export async function updateTrace(db: Db, requestId: string, patch: Partial<Omit<TraceRow, 'request_id'>>): Promise<void> {
  if (Object.keys(patch).length === 0) return;
  await db.updateTable('trace_info').set(patch).where('request_id', '=', requestId).execute();
}

/** Sets entries (a key given twice keeps its last value). */
export async function upsertKeyValues(
  db: Db,
  kind: 'tag' | 'metadata',
  requestId: string,
  entries: readonly TraceKeyValue[],
): Promise<void> {
  const byKey = new Map(entries.map((entry) => [entry.key, entry.value]));
  if (byKey.size === 0) return;
  await db
    .insertInto(KEYED_TABLES[kind])
    .values([...byKey].map(([key, value]) => ({ request_id: requestId, key, value })))
    .onConflict((conflict) => conflict.columns(['request_id', 'key']).doUpdateSet((eb) => ({ value: eb.ref('excluded.value') })))
    .execute();
}

/** Deletes one tag; returns whether there was one. */
export async function deleteTraceTag(db: Db, requestId: string, key: string): Promise<boolean> {
  const result = await db.deleteFrom('trace_tags').where('request_id', '=', requestId).where('key', '=', key).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** Tags and request metadata of these traces, sorted by key. */
export async function loadKeyValues(
  db: Db,
  requestIds: readonly string[],
): Promise<{ tags: (TraceKeyValue & { request_id: string })[]; metadata: (TraceKeyValue & { request_id: string })[] }> {
  if (requestIds.length === 0) return { tags: [], metadata: [] };
  const ids = [...requestIds];
  const [tags, metadata] = await Promise.all([
    db.selectFrom('trace_tags').selectAll().where('request_id', 'in', ids).orderBy('key').execute(),
    db.selectFrom('trace_request_metadata').selectAll().where('request_id', 'in', ids).orderBy('key').execute(),
  ]);
  return { tags, metadata };
}

function keyedValue(eb: TraceEb, kind: 'tag' | 'metadata', key: string): Expression<unknown> {
  // Both tables have the same shape; one literal type keeps the builder's type simple.
  const table = `${KEYED_TABLES[kind]} as kv` as 'trace_tags as kv';
  return eb.selectFrom(table).select('kv.value').whereRef('kv.request_id', '=', 'trace_info.request_id').where('kv.key', '=', key);
}

function fieldExpression(eb: TraceEb, field: TraceField): Expression<unknown> {
  return field.kind === 'column' ? sql.ref(`trace_info.${field.column}`) : keyedValue(eb, field.kind, field.key);
}

function conditionOf(eb: TraceEb, condition: TraceCondition): Expression<SqlBool> {
  const { field } = condition;
  if (field.kind === 'column') return compareCondition(`trace_info.${field.column}`, condition.op, condition.value);
  // EXISTS on the (request_id, key) primary key: a trace without the key never matches, as in MLflow.
  const table = `${KEYED_TABLES[field.kind]} as kv` as 'trace_tags as kv';
  const keyed = eb.exists(
    eb
      .selectFrom(table)
      .select(sql`1`.as('one'))
      .whereRef('kv.request_id', '=', 'trace_info.request_id')
      .where('kv.key', '=', field.key)
      .where(compareCondition(sql.ref('kv.value'), condition.op, condition.value)),
  );
  // A run's traces are those logged in it and those linked to it (LinkTracesToRun), as MLflow searches them.
  if (field.kind !== 'metadata' || field.key !== SOURCE_RUN_KEY || condition.op !== '=' || typeof condition.value !== 'string')
    return keyed;
  const linked = eb.exists(
    eb
      .selectFrom('trace_run_links as link')
      .select(sql`1`.as('one'))
      .whereRef('link.request_id', '=', 'trace_info.request_id')
      .where('link.run_uuid', '=', condition.value),
  );
  return eb.or([keyed, linked]);
}

/** One page of traces, `limit` + 1 rows when there is a next page. */
export async function searchTraceRows(db: Db, search: TraceSearch): Promise<TraceRow[]> {
  if (search.experimentIds.length === 0) return [];
  let query = db
    .selectFrom('trace_info')
    .selectAll('trace_info')
    .where('trace_info.experiment_id', 'in', search.experimentIds)
    .where((eb) => eb.and(search.conditions.map((condition) => conditionOf(eb, condition))));
  let byTimestamp = false;
  let byId = false;
  for (const order of search.orderBy) {
    if (order.field.kind === 'column' && order.field.column === 'timestamp_ms') byTimestamp = true;
    if (order.field.kind === 'column' && order.field.column === 'request_id') byId = true;
    const direction = order.ascending ? 'asc' : 'desc';
    query = query.orderBy((eb) => {
      const value = fieldExpression(eb, order.field);
      // Missing values (a trace still running, a trace without the tag) sort last either way.
      return sql`CASE WHEN ${value} IS NULL THEN 1 ELSE 0 END`;
    });
    query = query.orderBy((eb) => sql`${fieldExpression(eb, order.field)}`, direction);
  }
  // MLflow's default and tie-breakers: newest first, then the id.
  if (!byTimestamp) query = query.orderBy('trace_info.timestamp_ms', 'desc');
  if (!byId) query = query.orderBy('trace_info.request_id', 'asc');
  return query
    .limit(search.limit + 1)
    .offset(search.offset)
    .execute();
}

export interface TraceDeletion {
  experimentId: number;
  maxTimestampMillis?: number;
  maxTraces?: number;
  requestIds?: string[];
}

/** The traces a delete-traces request removes: by ids, or up to `maxTraces` of the oldest before a time. */
export async function selectTracesToDelete(db: Db, deletion: TraceDeletion): Promise<Pick<TraceRow, 'request_id' | 'experiment_id'>[]> {
  let query = db
    .selectFrom('trace_info')
    .select(['request_id', 'experiment_id'])
    .where('experiment_id', '=', deletion.experimentId)
    .orderBy('timestamp_ms', 'asc')
    .orderBy('request_id', 'asc');
  if (deletion.maxTimestampMillis !== undefined) query = query.where('timestamp_ms', '<=', deletion.maxTimestampMillis);
  if (deletion.requestIds !== undefined) query = query.where('request_id', 'in', deletion.requestIds);
  if (deletion.maxTraces !== undefined) query = query.limit(deletion.maxTraces);
  return query.execute();
}

/** Deletes trace rows (their tags and metadata cascade); returns how many went. */
export async function deleteTraceRows(db: Db, requestIds: readonly string[]): Promise<number> {
  let deleted = 0;
  for (let start = 0; start < requestIds.length; start += IN_LIST_CHUNK) {
    const chunk = requestIds.slice(start, start + IN_LIST_CHUNK);
    const result = await db.deleteFrom('trace_info').where('request_id', 'in', chunk).executeTakeFirst();
    deleted += Number(result.numDeletedRows);
  }
  return deleted;
}
