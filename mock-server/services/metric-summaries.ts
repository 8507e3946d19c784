// Precomputed min/max pyramid of every metric series, so get-history-buckets over millions of
// points reads a few thousand summary blocks instead of every point.
//
// Level k summarizes aligned step blocks of SUMMARY_BLOCK_SIZES[k] steps (16, 128, … ×8). Logging
// does not touch the blocks (ingest speed matters more); it only marks the series stale from the
// lowest step it wrote. Stale series are brought up to date by a background pass once the server
// has been idle for a moment, or on demand by the first read. Only blocks at or after the stale
// step are recomputed: appending to a long run costs the new points plus a few parent blocks.
import { sql } from 'kysely';
import type { Db } from '../store/database.js';
import { groupSummaries, type PointSummary } from './metric-buckets.js';

export const SUMMARY_BLOCK_SIZES = [16, 128, 1024, 8192, 65536, 524288] as const;

/** A block of one level: block number `block` covers steps [block·size, block·size + size − 1]. */
export interface SummaryBlock extends PointSummary {
  block: number;
}

type Transaction = Db;

/**
 * Marks series of one run stale from the lowest step just written (inside the writing
 * transaction). `fromSteps` maps metric key → lowest step written.
 */
export async function markSeriesStale(trx: Transaction, runId: string, fromSteps: ReadonlyMap<string, number>): Promise<void> {
  if (fromSteps.size === 0) return;
  const rows = JSON.stringify([...fromSteps]);
  // min() of a NULL (stale from the start) stays NULL.
  await sql`INSERT INTO metric_summary_stale (run_uuid, key, from_step)
      SELECT ${runId}, json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(${rows}) WHERE true
      ON CONFLICT (run_uuid, key) DO UPDATE SET from_step = min(from_step, excluded.from_step)`.execute(trx);
  for (const builder of summaryBuilders) builder.wake();
}

/** Which of these runs' series of `key` are stale, with the step they are stale from (null: all). */
async function staleSeries(db: Db, runIds: readonly string[], key: string): Promise<Map<string, number | null>> {
  const stale = new Map<string, number | null>();
  if (runIds.length === 0) return stale;
  const rows = await sql<{ run_uuid: string; from_step: number | null }>`
    SELECT run_uuid, from_step FROM metric_summary_stale WHERE key = ${key} AND run_uuid IN (SELECT value FROM json_each(${JSON.stringify(runIds)}))`.execute(
    db,
  );
  for (const row of rows.rows) stale.set(row.run_uuid, row.from_step);
  return stale;
}

/** Brings the summaries of these runs' `key` series up to date; cheap when none is stale. */
export async function refreshSummaries(db: Db, runIds: readonly string[], key: string): Promise<void> {
  const stale = await staleSeries(db, runIds, key);
  for (const runId of stale.keys()) await rebuildSeries(db, runId, key);
}

/** Recomputes one stale series' blocks from its stale step, in one transaction. */
async function rebuildSeries(db: Db, runId: string, key: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const marker = await sql<{ from_step: number | null }>`
      SELECT from_step FROM metric_summary_stale WHERE run_uuid = ${runId} AND key = ${key}`.execute(trx);
    const row = marker.rows[0];
    if (!row) return; // another request got here first
    const fromStep = row.from_step;
    for (const [level, size] of SUMMARY_BLOCK_SIZES.entries()) {
      const firstBlock = fromStep === null ? null : Math.floor(fromStep / size);
      const blocks =
        level === 0 ? await pointBlocks(trx, runId, key, firstBlock, size) : await parentBlocks(trx, runId, key, level, firstBlock);
      await sql`DELETE FROM metric_summaries WHERE run_uuid = ${runId} AND key = ${key} AND level = ${level}${
        firstBlock === null ? sql`` : sql` AND block >= ${firstBlock}`
      }`.execute(trx);
      if (blocks.length > 0) await insertBlocks(trx, runId, key, level, blocks);
    }
    await sql`DELETE FROM metric_summary_stale WHERE run_uuid = ${runId} AND key = ${key}`.execute(trx);
  });
}

/**
 * Level-0 blocks from the points themselves, read as one packed JSON array (no object per row)
 * and folded in one tight loop: this is most of the work of summarizing a long series.
 */
async function pointBlocks(trx: Transaction, runId: string, key: string, firstBlock: number | null, size: number): Promise<SummaryBlock[]> {
  const from = firstBlock === null ? sql`` : sql` AND step >= ${firstBlock * size}`;
  const packed = await sql<{ rows: string | null }>`
    SELECT json_group_array(json_array(step, timestamp, value, is_nan)) AS rows FROM
      (SELECT step, timestamp, value, is_nan FROM metrics WHERE run_uuid = ${runId} AND key = ${key}${from} ORDER BY step, timestamp, value)`.execute(
    trx,
  );
  const points = JSON.parse(packed.rows[0]?.rows ?? '[]') as [number, number, number, number][];
  const blocks: SummaryBlock[] = [];
  let current: SummaryBlock | undefined;
  for (const [step, timestamp, stored, isNan] of points) {
    const block = Math.floor(step / size);
    const value = isNan ? NaN : stored;
    if (current?.block !== block) {
      current = {
        block,
        count: 0,
        firstStep: step,
        first: value,
        minStep: step,
        min: value,
        maxStep: step,
        max: value,
        lastStep: step,
        last: value,
        lastTimestamp: timestamp,
      };
      blocks.push(current);
    }
    current.count += 1;
    current.lastStep = step;
    current.last = value;
    current.lastTimestamp = timestamp;
    if (isNan) continue;
    // As mergeSummary: NaN never wins min or max, ties keep the earlier point.
    if (Number.isNaN(current.min) || value < current.min) {
      current.min = value;
      current.minStep = step;
    }
    if (Number.isNaN(current.max) || value > current.max) {
      current.max = value;
      current.maxStep = step;
    }
  }
  return blocks;
}

/** Level-k blocks from level k−1's (already up to date): each parent merges 8 children. */
async function parentBlocks(
  trx: Transaction,
  runId: string,
  key: string,
  level: number,
  firstBlock: number | null,
): Promise<SummaryBlock[]> {
  const ratio = (SUMMARY_BLOCK_SIZES[level] as number) / (SUMMARY_BLOCK_SIZES[level - 1] as number);
  const children = await readBlocks(trx, runId, key, level - 1, firstBlock === null ? null : firstBlock * ratio, null);
  return groupSummaries(
    children,
    (child) => child,
    (child) => Math.floor(child.block / ratio),
  ).map(({ group, summary }) => ({ ...summary, block: group }));
}

/** NaN is stored as NULL (SQL has no NaN); ±Infinity pass through JSON as ±9e999, which SQLite reads back as infinities. */
function blocksJson(blocks: readonly SummaryBlock[]): string {
  const encode = (value: number): number | string =>
    Number.isNaN(value) ? 'null' : value === Infinity ? '9e999' : value === -Infinity ? '-9e999' : value;
  const rows = blocks.map((b) =>
    [
      b.block,
      b.count,
      b.firstStep,
      encode(b.first),
      b.minStep,
      encode(b.min),
      b.maxStep,
      encode(b.max),
      b.lastStep,
      encode(b.last),
      b.lastTimestamp,
    ].join(','),
  );
  return `[[${rows.join('],[')}]]`;
}

async function insertBlocks(trx: Transaction, runId: string, key: string, level: number, blocks: readonly SummaryBlock[]): Promise<void> {
  await sql`INSERT INTO metric_summaries
      (run_uuid, key, level, block, count, first_step, first_value, min_step, min_value, max_step, max_value, last_step, last_value, last_timestamp)
    SELECT ${runId}, ${key}, ${level}, j.value ->> 0, j.value ->> 1, j.value ->> 2, j.value ->> 3, j.value ->> 4, j.value ->> 5,
      j.value ->> 6, j.value ->> 7, j.value ->> 8, j.value ->> 9, j.value ->> 10
    FROM json_each(${blocksJson(blocks)}) AS j`.execute(trx);
}

/** Blocks of one level in [firstBlock, lastBlock] (null: unbounded), in step order. */
export async function readBlocks(
  db: Db,
  runId: string,
  key: string,
  level: number,
  firstBlock: number | null,
  lastBlock: number | null,
): Promise<SummaryBlock[]> {
  const range = sql`${firstBlock === null ? sql`` : sql` AND block >= ${firstBlock}`}${lastBlock === null ? sql`` : sql` AND block <= ${lastBlock}`}`;
  const packed = await sql<{ rows: string | null }>`
    SELECT json_group_array(json_array(block, count, first_step, first_value, min_step, min_value, max_step, max_value, last_step, last_value, last_timestamp)) AS rows
    FROM (SELECT * FROM metric_summaries WHERE run_uuid = ${runId} AND key = ${key} AND level = ${level}${range} ORDER BY block)`.execute(
    db,
  );
  const rows = JSON.parse(packed.rows[0]?.rows ?? '[]') as (number | null)[][];
  const value = (cell: number | null | undefined): number => (cell === null || cell === undefined ? NaN : cell);
  return rows.map((row) => ({
    block: row[0] as number,
    count: row[1] as number,
    firstStep: row[2] as number,
    first: value(row[3]),
    minStep: row[4] as number,
    min: value(row[5]),
    maxStep: row[6] as number,
    max: value(row[7]),
    lastStep: row[8] as number,
    last: value(row[9]),
    lastTimestamp: row[10] as number,
  }));
}

// ---------------------------------------------------------------------------------------------
// Background pass
// ---------------------------------------------------------------------------------------------

/** Quiet time after the last write before the background pass starts. */
const IDLE_DELAY_MS = 1000;

/** The running builders; a write wakes them all (one per server, usually one per process). */
const summaryBuilders = new Set<SummaryBuilder>();

/**
 * Rebuilds stale series while the server is idle: one series per transaction, so reads and
 * writes in between wait at most one series. Writes push the start back by IDLE_DELAY_MS.
 */
export class SummaryBuilder {
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private stopped = false;
  private lastWake = 0;

  constructor(private readonly db: Db) {
    summaryBuilders.add(this);
  }

  /** Schedules a pass (after a quiet spell). */
  wake(): void {
    if (this.stopped) return;
    this.lastWake = Date.now();
    if (this.timer || this.running) return;
    this.timer = setTimeout(() => void this.run(), IDLE_DELAY_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    summaryBuilders.delete(this);
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    while (this.running) await new Promise((resolve) => setTimeout(resolve, 10));
  }

  /** Processes every stale series now, or until `shouldPause` says a write came in. */
  async drain(shouldPause: () => boolean = () => false): Promise<void> {
    for (;;) {
      if (this.stopped || shouldPause()) return;
      const next = await sql<{ run_uuid: string; key: string }>`SELECT run_uuid, key FROM metric_summary_stale LIMIT 1`.execute(this.db);
      const series = next.rows[0];
      if (!series) return;
      await rebuildSeries(this.db, series.run_uuid, series.key);
      // better-sqlite3 is synchronous, so without a macrotask break this loop would starve the
      // event loop: no request could even be read until the whole pass ended.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  private async run(): Promise<void> {
    this.timer = undefined;
    const quietFor = Date.now() - this.lastWake;
    if (quietFor < IDLE_DELAY_MS) {
      this.timer = setTimeout(() => void this.run(), IDLE_DELAY_MS - quietFor);
      this.timer.unref();
      return;
    }
    this.running = true;
    const started = Date.now();
    try {
      // Ingest comes first: a write during the pass pauses it until the next quiet spell.
      await this.drain(() => this.lastWake > started);
    } catch (error) {
      // A failed pass leaves the series stale; reads rebuild them on demand.
      console.error('metric summaries: background rebuild failed:', error);
    } finally {
      this.running = false;
    }
    if (this.lastWake > started) this.wake();
  }
}
