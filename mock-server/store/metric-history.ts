// Reads of metric histories. On SQLite the big answers (get-history, bulk-interval) are built as
// JSON text inside the database (json_group_array): several times faster than materialising one
// JavaScript object per point and stringifying them. On PostgreSQL they are concatenated with
// string_agg, about twice as fast there as json_agg(json_build_object(...)).
//
// The metrics table's primary key (run_uuid, key, step, timestamp, value, is_nan) keeps every
// run's history in step order on SQLite (WITHOUT ROWID), so its range reads need no sort there.
import { sql, type RawBuilder } from 'kysely';
import { isPostgres, type Db } from './database.js';

export interface PointRow {
  step: number;
  timestamp: number;
  value: number;
  is_nan: number;
}

/** One point as [step, timestamp, value, is_nan]; ±Infinity values are numbers. */
export type PackedPoint = [number, number, number, number];

/** A run's points of one metric in (step, timestamp, value) order. */
export function readPointsInStepOrder(db: Db, runId: string, key: string): Promise<PointRow[]> {
  return db
    .selectFrom('metrics')
    .select(['step', 'timestamp', 'value', 'is_nan'])
    .where('run_uuid', '=', runId)
    .where('key', '=', key)
    .orderBy('step')
    .orderBy('timestamp')
    .orderBy('value')
    .execute();
}

/**
 * SQLite: `{key, value, timestamp, step[, run_id]}` of the current row, as JSON. The value as
 * MLflow writes it: NaN and ±Infinity as strings, other values as JSON numbers with round-trip
 * precision (1.2999999999999998 stays exact).
 */
function wirePoint(withRunId: boolean): RawBuilder<unknown> {
  const runId = withRunId ? sql`, 'run_id', run_uuid` : sql``;
  const value = sql`CASE WHEN is_nan = 1 THEN 'NaN' WHEN value = 9e999 THEN 'Infinity' WHEN value = -9e999 THEN '-Infinity' ELSE value END`;
  return sql`json_object('key', key, 'value', ${value}, 'timestamp', timestamp, 'step', step${runId})`;
}

const TIME_ORDER = sql`timestamp, step, value`;
const STEP_ORDER = sql`step, timestamp, value`;

/** JSON array text of `element` over the rows, in `order` (SQLite: aggregate ORDER BY as well). */
function jsonArray(postgres: boolean, element: RawBuilder<unknown>, order?: RawBuilder<unknown>): RawBuilder<string | null> {
  const orderBy = order ? sql` ORDER BY ${order}` : sql``;
  return postgres ? sql<string | null>`json_agg(${element}${orderBy})::text` : sql<string | null>`json_group_array(${element}${orderBy})`;
}

/**
 * A run's metric history as a JSON array of wire points ordered by timestamp, step, value:
 * `limit` points from `offset` on. `total` counts the points from `offset` on, up to `limit + 1`
 * when limited (one past the page, to tell whether another page follows).
 */
export async function readHistoryJson(
  db: Db,
  runId: string,
  key: string,
  page: { offset: number; limit?: number },
): Promise<{ total: number; body: string | null }> {
  if (isPostgres(db)) return readHistoryJsonPostgres(db, runId, key, page);
  const point = wirePoint(false);
  const where = sql`run_uuid = ${runId} AND key = ${key}`;
  if (page.limit === undefined && page.offset === 0) {
    const inStepOrder = await readHistoryJsonInStepOrder(db, runId, key);
    if (inStepOrder) return inStepOrder;
    const row = (
      await sql<{ n: number; body: string | null }>`SELECT count(*) AS n, ${jsonArray(false, point, TIME_ORDER)} AS body
        FROM metrics WHERE ${where}`.execute(db)
    ).rows[0];
    return { total: Number(row?.n ?? 0), body: row?.body ?? null };
  }
  // Rank by time order, read one row past the page to know whether another page follows.
  const last = page.limit === undefined ? Number.MAX_SAFE_INTEGER : page.offset + page.limit;
  const limit = page.limit !== undefined ? sql`LIMIT ${page.limit + 1}` : sql`LIMIT -1`;
  const row = (
    await sql<{ n: number; body: string | null }>`SELECT count(*) AS n,
        json_group_array(${point} ORDER BY ${TIME_ORDER}) FILTER (WHERE rn <= ${last}) AS body
      FROM (SELECT key, value, is_nan, timestamp, step, row_number() OVER (ORDER BY ${TIME_ORDER}) AS rn
        FROM metrics WHERE ${where} ORDER BY ${TIME_ORDER} ${limit} OFFSET ${page.offset}) AS page`.execute(db)
  ).rows[0];
  return { total: Number(row?.n ?? 0), body: row?.body ?? null };
}

/**
 * PostgreSQL: the JSON text concatenated by string_agg. json_agg(json_build_object(...)) took
 * about twice as long for 100,000 points (534 against 262 ms, medians of 7 on a busy machine), and
 * reading the rows to write the text in JavaScript 316 ms.
 */
async function readHistoryJsonPostgres(
  db: Db,
  runId: string,
  key: string,
  page: { offset: number; limit?: number },
): Promise<{ total: number; body: string | null }> {
  const last = page.limit === undefined ? Number.MAX_SAFE_INTEGER : page.offset + page.limit;
  const limit = page.limit !== undefined ? sql`LIMIT ${page.limit + 1}` : sql``;
  const row = (
    await sql<{ n: number; body: string | null }>`SELECT count(*) AS n,
        '[' || string_agg(${postgresPointText(key, false)}, ',' ORDER BY rn) FILTER (WHERE rn <= ${last}) || ']' AS body
      FROM (SELECT value, is_nan, timestamp, step, row_number() OVER (ORDER BY ${TIME_ORDER}) AS rn
        FROM metrics WHERE run_uuid = ${runId} AND key = ${key} ORDER BY ${TIME_ORDER} ${limit} OFFSET ${page.offset}) AS page`.execute(db)
  ).rows[0];
  return { total: Number(row?.n ?? 0), body: row?.body ?? null };
}

/**
 * PostgreSQL: `{key, value, timestamp, step[, run_id]}` of the current row as JSON text, written
 * by concatenation (the key's JSON is the same on every row, so it is a parameter). float8's text
 * form is the shortest exact one, which JSON reads back to the same double.
 */
function postgresPointText(key: string, withRunId: boolean): RawBuilder<string> {
  const value = sql`CASE WHEN is_nan = 1 THEN '"NaN"' WHEN value = 'Infinity'::float8 THEN '"Infinity"'
    WHEN value = '-Infinity'::float8 THEN '"-Infinity"' ELSE value::text END`;
  const runId = withRunId ? sql` || ',"run_id":"' || run_uuid || '"'` : sql``;
  return sql<string>`${`{"key":${JSON.stringify(key)},"value":`} || ${value} || ',"timestamp":' || timestamp || ',"step":' || step${runId} || '}'`;
}

/**
 * SQLite: the whole history in primary-key (step) order, which needs no sort, when that is also
 * its time order: the usual case, where timestamps grow with steps. An aggregate ORDER BY always
 * sorts through a temporary B-tree (2-3× the cost for 50,000 points). Whether timestamps never
 * decrease along the steps is checked first on the timestamps alone; undefined when they do.
 */
async function readHistoryJsonInStepOrder(db: Db, runId: string, key: string): Promise<{ total: number; body: string | null } | undefined> {
  const where = sql`run_uuid = ${runId} AND key = ${key}`;
  const timestamps = (
    await sql<{ list: string }>`SELECT json_group_array(timestamp) AS list FROM
      (SELECT timestamp FROM metrics WHERE ${where} ORDER BY ${STEP_ORDER})`.execute(db)
  ).rows[0]?.list;
  const parsed = JSON.parse(timestamps ?? '[]') as number[];
  // Equal timestamps fall back to step, then value, in both orders; so the two orders agree.
  // Past 2^53 JSON numbers lose digits, and such timestamps take the sorting query.
  for (let index = 0; index < parsed.length; index += 1) {
    const timestamp = parsed[index] as number;
    if (timestamp > Number.MAX_SAFE_INTEGER || (index > 0 && timestamp < (parsed[index - 1] as number))) return undefined;
  }
  const row = (
    await sql<{ n: number; body: string | null }>`SELECT count(*) AS n, ${jsonArray(false, wirePoint(false))} AS body FROM
      (SELECT key, value, is_nan, timestamp, step FROM metrics WHERE ${where} ORDER BY ${STEP_ORDER})`.execute(db)
  ).rows[0];
  return { total: Number(row?.n ?? 0), body: row?.body ?? null };
}

/** Each run's first and last step of `key` (undefined: no points), two key seeks per run, in one statement. */
export async function readStepBounds(db: Db, runIds: readonly string[], key: string): Promise<Map<string, { lo: number; hi: number }>> {
  const bounds = new Map<string, { lo: number; hi: number }>();
  if (runIds.length === 0) return bounds;
  const perRun = runIds.map(
    (runId) => sql`SELECT CAST(${runId} AS varchar(32)) AS run_uuid,
      (SELECT step FROM metrics m WHERE m.run_uuid = ${runId} AND m.key = ${key} ORDER BY step LIMIT 1) AS lo,
      (SELECT step FROM metrics m WHERE m.run_uuid = ${runId} AND m.key = ${key} ORDER BY step DESC LIMIT 1) AS hi`,
  );
  const rows = (await sql<{ run_uuid: string; lo: number | null; hi: number | null }>`${sql.join(perRun, sql` UNION ALL `)}`.execute(db))
    .rows;
  for (const row of rows) if (row.lo !== null && row.hi !== null) bounds.set(row.run_uuid, { lo: Number(row.lo), hi: Number(row.hi) });
  return bounds;
}

/** The union of the runs' steps of `key`, sorted; as one JSON array, much cheaper than a row per step. */
export async function readDistinctSteps(db: Db, runIds: readonly string[], key: string): Promise<number[]> {
  if (runIds.length === 0) return [];
  const postgres = isPostgres(db);
  const row = (
    await sql<{ steps: string | null }>`SELECT ${jsonArray(postgres, sql`step`, sql`step`)} AS steps FROM
      (SELECT DISTINCT step FROM metrics WHERE run_uuid IN (${sql.join(runIds)}) AND key = ${key}) AS s`.execute(db)
  ).rows[0];
  return JSON.parse(row?.steps ?? '[]') as number[];
}

/**
 * Per run, its points of `key` with steps in [first, last] (and in `steps` when given) as a JSON
 * array of wire points with run_id, in (step, timestamp, value) order, and their count.
 */
export async function readPointsJsonByRun(
  db: Db,
  runIds: readonly string[],
  key: string,
  first: number,
  last: number,
  steps: readonly number[] | undefined,
): Promise<{ run_uuid: string; n: number; body: string }[]> {
  const postgres = isPostgres(db);
  const stepFilter = steps ? sql` AND step IN (${sql.join(steps)})` : sql``;
  // SQLite: no ORDER BY inside the aggregate; the primary-key scan already yields each run's
  // points in order, and sorting them again costs a third of the query.
  const body = postgres
    ? sql<string>`'[' || string_agg(${postgresPointText(key, true)}, ',' ORDER BY ${STEP_ORDER}) || ']'`
    : jsonArray(false, wirePoint(true));
  const rows = (
    await sql<{ run_uuid: string; n: number; body: string }>`SELECT run_uuid, count(*) AS n, ${body} AS body
      FROM metrics
      WHERE run_uuid IN (${sql.join(runIds)}) AND key = ${key} AND step BETWEEN ${first} AND ${last}${stepFilter}
      GROUP BY run_uuid`.execute(db)
  ).rows;
  return rows.map((row) => ({ ...row, n: Number(row.n) }));
}

/**
 * Each run's first and last step of `key` within [start, end] (undefined: unbounded), in one
 * statement for all runs: two index probes per run instead of two statements per run. Runs
 * without a point in the range are absent from the map.
 */
export async function readStepRanges(
  db: Db,
  runIds: readonly string[],
  key: string,
  start: number | undefined,
  end: number | undefined,
): Promise<Map<string, { first: number; last: number }>> {
  const ranges = new Map<string, { first: number; last: number }>();
  if (runIds.length === 0) return ranges;
  const postgres = isPostgres(db);
  const run = postgres ? sql`ids.run_uuid` : sql`ids.value`;
  const within = sql`${start === undefined ? sql`` : sql` AND step >= ${start}`}${end === undefined ? sql`` : sql` AND step <= ${end}`}`;
  const ids = postgres ? sql`unnest(${[...runIds]}::text[]) AS ids(run_uuid)` : sql`json_each(${JSON.stringify(runIds)}) AS ids`;
  const { rows } = await sql<{ run_uuid: string; first: number | string | null; last: number | string | null }>`
    SELECT ${run} AS run_uuid,
      (SELECT step FROM metrics WHERE run_uuid = ${run} AND key = ${key}${within} ORDER BY step ASC LIMIT 1) AS first,
      (SELECT step FROM metrics WHERE run_uuid = ${run} AND key = ${key}${within} ORDER BY step DESC LIMIT 1) AS last
    FROM ${ids}`.execute(db);
  for (const row of rows) {
    if (row.first === null || row.last === null) continue;
    ranges.set(row.run_uuid, { first: Number(row.first), last: Number(row.last) });
  }
  return ranges;
}

/**
 * The points of one run's metric with steps in [lo, hi] (null: unbounded), in (step, timestamp,
 * value) order, read as one packed JSON array (no object per row).
 */
export async function readPackedPoints(db: Db, runId: string, key: string, lo: number | null, hi: number | null): Promise<PackedPoint[]> {
  const postgres = isPostgres(db);
  const range = sql`${lo === null ? sql`` : sql` AND step >= ${lo}`}${hi === null ? sql`` : sql` AND step <= ${hi}`}`;
  const where = sql`run_uuid = ${runId} AND key = ${key}${range}`;
  const packed = postgres
    ? sql<{ rows: string | null }>`SELECT json_agg(json_build_array(step, timestamp, value, is_nan) ORDER BY ${STEP_ORDER})::text AS rows
        FROM metrics WHERE ${where}`
    : sql<{ rows: string | null }>`SELECT json_group_array(json_array(step, timestamp, value, is_nan)) AS rows FROM
        (SELECT step, timestamp, value, is_nan FROM metrics WHERE ${where} ORDER BY ${STEP_ORDER})`;
  const text = (await packed.execute(db)).rows[0]?.rows ?? '[]';
  // SQLite writes ±Infinity as ±9e999, which JSON.parse reads back; PostgreSQL as "Infinity" strings.
  const points = JSON.parse(text) as [number, number, number | string, number][];
  if (postgres) for (const point of points) if (typeof point[2] === 'string') point[2] = Number(point[2]);
  return points as PackedPoint[];
}
