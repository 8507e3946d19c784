// Precomputed min/max pyramid of every metric series, so get-history-buckets over millions of
// points reads a few thousand summary blocks instead of every point.
//
// Level k summarizes aligned step blocks of SUMMARY_BLOCK_SIZES[k] steps (16, 128, … ×8). Blocks
// are stored 64 to a row, packed as float64s: reading a chart's few thousand blocks per run is
// then a few rows, not thousands (row decoding, not arithmetic, was the cost). Logging
// does not touch the blocks (ingest speed matters more); it only marks the series stale from the
// lowest step it wrote. Stale series are brought up to date by a background pass once the server
// has been idle for a moment, or on demand by the first read. Only blocks at or after the stale
// step are recomputed: appending to a long run costs the new points plus a few parent blocks.
// The SQL is in store/metric-summaries.ts, which also keeps two processes from building one series.
import type { Db } from '../store/database.js';
import { readPackedPoints } from '../store/metric-history.js';
import {
  claimStaleSeries,
  clearStale,
  deleteChunks,
  findStaleSeries,
  insertChunk,
  markStale,
  readChunks,
} from '../store/metric-summaries.js';
import { groupSummaries, mergeSummary, toBucket, type BucketStats, type PointSummary } from './metric-buckets.js';

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
  await markStale(trx, runId, fromSteps);
  wakeSummaryBuilders();
}

/** Tells the background builders that a series went stale (after a write marked it so). */
export function wakeSummaryBuilders(): void {
  for (const builder of summaryBuilders) builder.wake();
}

/** Brings the summaries of these runs' `key` series up to date; cheap when none is stale. */
export async function refreshSummaries(db: Db, runIds: readonly string[], key: string): Promise<void> {
  const stale = await findStaleSeries(db, runIds, key);
  for (const series of stale) await rebuildSeries(db, { runId: series.run_uuid, key });
}

/**
 * Recomputes one stale series' blocks from its stale step, in one transaction: the named series,
 * or (background pass) any stale series no other process is rebuilding. False: nothing to do.
 */
async function rebuildSeries(db: Db, target?: { runId: string; key: string }): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const claimed = await claimStaleSeries(trx, target);
    if (!claimed) return false; // another request or process got here first
    const { run_uuid: runId, key, from_step: fromStep } = claimed;
    for (const [level, size] of SUMMARY_BLOCK_SIZES.entries()) {
      const firstBlock = fromStep === null ? null : Math.floor(fromStep / size);
      const fresh =
        level === 0 ? await pointBlocks(trx, runId, key, firstBlock, size) : await parentBlocks(trx, runId, key, level, firstBlock);
      // The first rewritten chunk keeps its blocks from before the stale step.
      const firstChunk = firstBlock === null ? null : Math.floor(firstBlock / BLOCKS_PER_CHUNK);
      const kept =
        firstBlock === null || firstChunk === null
          ? []
          : await readBlocks(trx, runId, key, level, firstChunk * BLOCKS_PER_CHUNK, firstBlock - 1);
      await deleteChunks(trx, runId, key, level, firstChunk);
      await writeChunks(trx, runId, key, level, [...kept, ...fresh]);
    }
    await clearStale(trx, runId, key);
    return true;
  });
}

/**
 * Level-0 blocks from the points themselves, read as one packed array (no object per row) and
 * folded in one tight loop: this is most of the work of summarizing a long series.
 */
async function pointBlocks(trx: Transaction, runId: string, key: string, firstBlock: number | null, size: number): Promise<SummaryBlock[]> {
  const points = await readPackedPoints(trx, runId, key, firstBlock === null ? null : firstBlock * size, null);
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

/** Blocks per stored row. */
const BLOCKS_PER_CHUNK = 64;
/** Numbers per block in a chunk: block, count, first step and value, min…, max…, last…, last timestamp. */
const BLOCK_FIELDS = 11;

function encodeChunk(blocks: readonly SummaryBlock[]): Buffer {
  const packed = new Float64Array(blocks.length * BLOCK_FIELDS);
  blocks.forEach((b, i) => {
    packed.set(
      [b.block, b.count, b.firstStep, b.first, b.minStep, b.min, b.maxStep, b.max, b.lastStep, b.last, b.lastTimestamp],
      i * BLOCK_FIELDS,
    );
  });
  return Buffer.from(packed.buffer);
}

/**
 * A chunk row's float64s (stored little-endian, as every platform Node runs on reads them): a view
 * on the driver's Buffer when it is 8-byte aligned, else a copy.
 */
function packedFloats(blob: Uint8Array): Float64Array {
  if (blob.byteOffset % 8 === 0) return new Float64Array(blob.buffer, blob.byteOffset, Math.floor(blob.byteLength / 8));
  return new Float64Array(blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.byteLength));
}

/**
 * The one reader of encodeChunk's layout: for each block of the chunk rows numbered within
 * [firstBlock, lastBlock], in order, puts its fields into `block` (reused, not copied) and calls
 * `visit` with its number.
 */
function forEachBlock(
  chunks: readonly Uint8Array[],
  firstBlock: number,
  lastBlock: number,
  block: PointSummary,
  visit: (number: number) => void,
): void {
  for (const chunk of chunks) {
    const packed = packedFloats(chunk);
    for (let at = 0; at + BLOCK_FIELDS <= packed.length; at += BLOCK_FIELDS) {
      const number = packed[at] as number;
      if (number < firstBlock || number > lastBlock) continue;
      block.count = packed[at + 1] as number;
      block.firstStep = packed[at + 2] as number;
      block.first = packed[at + 3] as number;
      block.minStep = packed[at + 4] as number;
      block.min = packed[at + 5] as number;
      block.maxStep = packed[at + 6] as number;
      block.max = packed[at + 7] as number;
      block.lastStep = packed[at + 8] as number;
      block.last = packed[at + 9] as number;
      block.lastTimestamp = packed[at + 10] as number;
      visit(number);
    }
  }
}

function emptySummary(): PointSummary {
  return { firstStep: 0, first: 0, minStep: 0, min: 0, maxStep: 0, max: 0, lastStep: 0, last: 0, lastTimestamp: 0, count: 0 };
}

/** Writes blocks (in block order) as chunk rows; their chunks must not exist yet. */
async function writeChunks(trx: Transaction, runId: string, key: string, level: number, blocks: readonly SummaryBlock[]): Promise<void> {
  let start = 0;
  while (start < blocks.length) {
    const chunk = Math.floor((blocks[start] as SummaryBlock).block / BLOCKS_PER_CHUNK);
    let end = start;
    while (end < blocks.length && Math.floor((blocks[end] as SummaryBlock).block / BLOCKS_PER_CHUNK) === chunk) end += 1;
    await insertChunk(trx, runId, key, level, chunk, encodeChunk(blocks.slice(start, end)));
    start = end;
  }
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
  const low = firstBlock ?? -Infinity;
  const high = lastBlock ?? Infinity;
  const chunks = await readChunks(
    db,
    runId,
    key,
    level,
    firstBlock === null ? null : Math.floor(low / BLOCKS_PER_CHUNK),
    lastBlock === null ? null : Math.floor(high / BLOCKS_PER_CHUNK),
  );
  const blocks: SummaryBlock[] = [];
  const block = emptySummary();
  forEachBlock(chunks, low, high, block, (number) => blocks.push({ block: number, ...block }));
  return blocks;
}

/**
 * Buckets of `blocksPerBucket` consecutive level-`level` blocks over blocks [firstBlock, lastBlock],
 * folded straight from the packed chunk rows: one object per bucket, none per block (a 100-run
 * chart request reads ~80,000 blocks). The same merge as groupSummaries over readBlocks.
 */
export async function readBucketsFromBlocks(
  db: Db,
  runId: string,
  key: string,
  level: number,
  firstBlock: number,
  lastBlock: number,
  blocksPerBucket: number,
  width: number,
): Promise<BucketStats[]> {
  const chunks = await readChunks(
    db,
    runId,
    key,
    level,
    Math.floor(firstBlock / BLOCKS_PER_CHUNK),
    Math.floor(lastBlock / BLOCKS_PER_CHUNK),
  );
  const buckets: BucketStats[] = [];
  const block = emptySummary();
  let current: BucketStats | undefined;
  forEachBlock(chunks, firstBlock, lastBlock, block, (number) => {
    const index = Math.floor(number / blocksPerBucket);
    if (current?.index === index) mergeSummary(current, block);
    else {
      current = toBucket(index, width, block);
      buckets.push(current);
    }
  });
  return buckets;
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
      if (!(await rebuildSeries(this.db))) return;
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
