// Writes of metric points and of each run's latest value per key (log-metric, log-batch).
import { CompiledQuery } from 'kysely';
import type { Db } from './database.js';

/** Most bound values one statement may carry (SQLite as bundled: 32766, PostgreSQL: 65535). */
const MAX_SQL_VARIABLES = 30000;

export interface MetricRow {
  run_uuid: string;
  key: string;
  step: number;
  timestamp: number;
  value: number;
  is_nan: number;
}

const METRIC_COLUMNS = 6;
/** Rows per metrics INSERT; a batch's last statement is padded up to a power of two. */
const METRIC_INSERT_ROWS = 256;
/** Compiled SQL per dialect and statement size (one process may hold SQLite and PostgreSQL stores). */
const metricInsertSql = new Map<string, string>();

/**
 * `INSERT INTO metrics ... VALUES (...) x rows ON CONFLICT DO NOTHING`, compiled by Kysely once
 * per statement size. Building and compiling a 6000-value query per log-batch costs about as
 * much as SQLite's own work, so only the parameters are made per request.
 */
function metricInsert(trx: Db, rows: readonly MetricRow[]): CompiledQuery {
  const cacheKey = `${trx.getExecutor().adapter.constructor.name}:${rows.length}`;
  let sqlText = metricInsertSql.get(cacheKey);
  if (sqlText === undefined) {
    sqlText = trx
      .insertInto('metrics')
      .values([...rows])
      .onConflict((conflict) => conflict.doNothing())
      .compile().sql;
    metricInsertSql.set(cacheKey, sqlText);
  }
  const parameters: unknown[] = [];
  for (const row of rows) parameters.push(row.run_uuid, row.key, row.step, row.timestamp, row.value, row.is_nan);
  return CompiledQuery.raw(sqlText, parameters);
}

/** Appends metric points; exact duplicates (the whole row is the primary key) are dropped. */
export async function insertMetricPoints(trx: Db, metricRows: readonly MetricRow[]): Promise<void> {
  const rows = [...metricRows];
  const rowsPerInsert = Math.min(METRIC_INSERT_ROWS, Math.floor(MAX_SQL_VARIABLES / METRIC_COLUMNS));
  for (const part of chunk(rows, rowsPerInsert)) {
    // Padding repeats the last row, which ON CONFLICT DO NOTHING then ignores; it keeps the
    // number of distinct statement sizes (and cached SQL texts) small.
    const size = Math.min(rowsPerInsert, 2 ** Math.ceil(Math.log2(part.length)));
    const last = part[part.length - 1] as MetricRow;
    while (part.length < size) part.push(last);
    await trx.executeQuery(metricInsert(trx, part));
  }
}

/**
 * Stores each row as its key's latest value where it is later by (step, timestamp, value) than
 * the stored one. Rows are written in key order, so concurrent writers lock them in one order.
 */
export async function upsertLatestMetrics(trx: Db, latestRows: readonly MetricRow[]): Promise<void> {
  const sorted = [...latestRows].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  for (const part of chunk(sorted, Math.floor(MAX_SQL_VARIABLES / METRIC_COLUMNS))) {
    await trx
      .insertInto('latest_metrics')
      .values(part)
      .onConflict((conflict) =>
        conflict
          .columns(['run_uuid', 'key'])
          .doUpdateSet((eb) => ({
            step: eb.ref('excluded.step'),
            timestamp: eb.ref('excluded.timestamp'),
            value: eb.ref('excluded.value'),
            is_nan: eb.ref('excluded.is_nan'),
          }))
          .where((eb) =>
            eb.or([
              eb('excluded.step', '>', eb.ref('latest_metrics.step')),
              eb.and([
                eb('excluded.step', '=', eb.ref('latest_metrics.step')),
                eb('excluded.timestamp', '>', eb.ref('latest_metrics.timestamp')),
              ]),
              eb.and([
                eb('excluded.step', '=', eb.ref('latest_metrics.step')),
                eb('excluded.timestamp', '=', eb.ref('latest_metrics.timestamp')),
                eb('excluded.value', '>', eb.ref('latest_metrics.value')),
              ]),
            ]),
          ),
      )
      .execute();
  }
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}
