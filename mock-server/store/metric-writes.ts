// Writes of metric points, of each run's latest value per key and of the summaries' stale markers
// (log-metric, log-batch).
//
// A log-batch carries up to 1,000 points, and its cost was dominated by work around SQLite rather
// than SQLite itself: an object per point, and Kysely building and compiling the same statements
// for every request. Here each statement is compiled by Kysely once per dialect and row count and
// kept as SQL text; a request only fills one flat parameter array per statement from the batch's
// columns (the prepared statement itself is cached by the SQLite dialect, store/database.ts).
import { CompiledQuery, sql } from 'kysely';
import { isPostgres, type Db } from './database.js';

/** A batch of metric points as columns, one array per field (no object per point). */
export interface MetricPointColumns {
  length: number;
  keys: readonly string[];
  values: Float64Array;
  timestamps: Float64Array;
  steps: Float64Array;
}

const METRIC_COLUMNS = 6;
/** Rows per metrics INSERT; a batch's last statement is padded up to a power of two. */
const METRIC_INSERT_ROWS = 256;

/** Compiled SQL by statement kind, dialect and row count (one process may hold SQLite and PostgreSQL stores). */
const compiledSql = new Map<string, string>();

function cachedSql(trx: Db, kind: string, rows: number, compile: () => string): string {
  const cacheKey = `${kind}:${isPostgres(trx) ? 'pg' : 'sqlite'}:${rows}`;
  let text = compiledSql.get(cacheKey);
  if (text === undefined) {
    text = compile();
    compiledSql.set(cacheKey, text);
  }
  return text;
}

/** `rows` rows of placeholder values, only for compiling a statement's shape. */
function placeholderRows<T>(rows: number, row: T): T[] {
  return Array.from({ length: rows }, () => row);
}

const POINT_SHAPE = { run_uuid: '', key: '', step: 0, timestamp: 0, value: 0, is_nan: 0 };

/** `INSERT INTO metrics (run_uuid, key, step, timestamp, value, is_nan) VALUES … ON CONFLICT DO NOTHING`. */
function pointInsertSql(trx: Db, rows: number): string {
  return cachedSql(
    trx,
    'points',
    rows,
    () =>
      trx
        .insertInto('metrics')
        .values(placeholderRows(rows, POINT_SHAPE))
        .onConflict((conflict) => conflict.doNothing())
        .compile().sql,
  );
}

/** Writes point `index` of `points` as the six parameters of one metrics row, in POINT_SHAPE's column order. */
function putPoint(parameters: unknown[], at: number, runId: string, points: MetricPointColumns, index: number): void {
  const value = points.values[index] as number;
  const isNan = value !== value;
  parameters[at] = runId;
  parameters[at + 1] = points.keys[index];
  parameters[at + 2] = points.steps[index];
  parameters[at + 3] = points.timestamps[index];
  parameters[at + 4] = isNan ? 0 : value;
  parameters[at + 5] = isNan ? 1 : 0;
}

/**
 * Appends the points; exact duplicates (the whole row is the primary key) are dropped. NaN is
 * stored as value 0 with is_nan 1 (services/metric-values.ts).
 */
export async function insertMetricPoints(trx: Db, runId: string, points: MetricPointColumns): Promise<void> {
  if (isPostgres(trx)) return insertMetricPointsFromArrays(trx, runId, points);
  for (let first = 0; first < points.length; first += METRIC_INSERT_ROWS) {
    const count = Math.min(METRIC_INSERT_ROWS, points.length - first);
    // Padding repeats the last row, which ON CONFLICT DO NOTHING then ignores; it keeps the
    // number of distinct statement sizes (and cached SQL texts) small.
    const rows = Math.min(METRIC_INSERT_ROWS, 2 ** Math.ceil(Math.log2(count)));
    const parameters: unknown[] = new Array<unknown>(rows * METRIC_COLUMNS);
    for (let row = 0; row < rows; row += 1) putPoint(parameters, row * METRIC_COLUMNS, runId, points, first + Math.min(row, count - 1));
    await trx.executeQuery(CompiledQuery.raw(pointInsertSql(trx, rows), parameters));
  }
}

/**
 * PostgreSQL: the whole batch in one statement with one array parameter per column. The same
 * points as 256-row VALUES statements cost PostgreSQL a parse and plan of 1,536 parameters each.
 */
async function insertMetricPointsFromArrays(trx: Db, runId: string, points: MetricPointColumns): Promise<void> {
  const length = points.length;
  const values = new Array<number>(length);
  const isNan = new Array<number>(length);
  for (let index = 0; index < length; index += 1) {
    const value = points.values[index] as number;
    values[index] = value !== value ? 0 : value;
    isNan[index] = value !== value ? 1 : 0;
  }
  const steps = Array.from(points.steps.subarray(0, length));
  const timestamps = Array.from(points.timestamps.subarray(0, length));
  await sql`INSERT INTO metrics (run_uuid, key, step, timestamp, value, is_nan)
    SELECT ${runId}, key, step, timestamp, value, is_nan
    FROM unnest(${points.keys.slice(0, length)}::text[], ${steps}::bigint[], ${timestamps}::bigint[], ${values}::float8[], ${isNan}::integer[])
      AS batch(key, step, timestamp, value, is_nan)
    ON CONFLICT DO NOTHING`.execute(trx);
}

/** The latest-metrics upsert: a row replaces the stored one only when later by (step, timestamp, value). */
function latestUpsertSql(trx: Db, rows: number): string {
  return cachedSql(
    trx,
    'latest',
    rows,
    () =>
      trx
        .insertInto('latest_metrics')
        .values(placeholderRows(rows, POINT_SHAPE))
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
        .compile().sql,
  );
}

/** Point indexes in the order of their keys, so concurrent writers lock rows in one order. */
function byKey(points: MetricPointColumns, indexes: readonly number[]): number[] {
  return [...indexes].sort((a, b) => {
    const keyA = points.keys[a] as string;
    const keyB = points.keys[b] as string;
    return keyA < keyB ? -1 : keyA > keyB ? 1 : 0;
  });
}

/**
 * Stores the points at `indexes` (at most one per key) as their keys' latest values, each where
 * it is later by (step, timestamp, value) than the stored one. One statement.
 */
export async function upsertLatestMetrics(trx: Db, runId: string, points: MetricPointColumns, indexes: readonly number[]): Promise<void> {
  if (indexes.length === 0) return;
  const ordered = byKey(points, indexes);
  const parameters: unknown[] = new Array<unknown>(ordered.length * METRIC_COLUMNS);
  for (const [row, index] of ordered.entries()) putPoint(parameters, row * METRIC_COLUMNS, runId, points, index);
  await trx.executeQuery(CompiledQuery.raw(latestUpsertSql(trx, ordered.length), parameters));
}

function staleUpsertSql(trx: Db, rows: number): string {
  // The lower step wins; a NULL (stale from the start) stays NULL.
  const existing = sql.ref('metric_summary_stale.from_step');
  const proposed = sql.ref('excluded.from_step');
  return cachedSql(
    trx,
    'stale',
    rows,
    () =>
      trx
        .insertInto('metric_summary_stale')
        .values(placeholderRows(rows, { run_uuid: '', key: '', from_step: 0 }))
        .onConflict((conflict) =>
          conflict.columns(['run_uuid', 'key']).doUpdateSet({
            from_step: sql<number | null>`CASE WHEN ${existing} IS NULL OR ${proposed} IS NULL THEN NULL
            WHEN ${proposed} < ${existing} THEN ${proposed} ELSE ${existing} END`,
          }),
        )
        .compile().sql,
  );
}

/**
 * Marks the summaries of the keys of the points at `indexes` stale from each point's step (the
 * lowest step written per key), in one statement. Same rule as store/metric-summaries.ts markStale.
 */
export async function markPointsStale(trx: Db, runId: string, points: MetricPointColumns, indexes: readonly number[]): Promise<void> {
  if (indexes.length === 0) return;
  const ordered = byKey(points, indexes);
  const parameters: unknown[] = new Array<unknown>(ordered.length * 3);
  for (const [row, index] of ordered.entries()) {
    parameters[row * 3] = runId;
    parameters[row * 3 + 1] = points.keys[index];
    parameters[row * 3 + 2] = points.steps[index];
  }
  await trx.executeQuery(CompiledQuery.raw(staleUpsertSql(trx, ordered.length), parameters));
}
