// Metric histories: metrics/get-history, get-history-bulk-interval (MLflow's step sampling for
// charts), the UI's legacy get-history-bulk, and Runboard's spike-preserving
// get-history-buckets. Reads only; the SQL is in store/metric-history.ts.
import type { MetricWithRunId } from '../../src/lib/mlflow/wire-types.js';
import type { BucketSeriesInput } from '../../src/lib/mlflow/history-buckets-wire.js';
import { decodePageToken, encodePageToken, PageTokenError } from '../../src/lib/mlflow/filter/index.js';
import { invalidParameter } from '../errors.js';
import type { Db } from '../store/database.js';
import {
  readDistinctSteps,
  readHistoryJson,
  readPackedPoints,
  readPointsInStepOrder,
  readPointsJsonByRun,
  readStepBounds,
  readStepRanges,
  type PointRow,
} from '../store/metric-history.js';
import { alignedBucketWidth, bucketPoints, type BucketPoint, type BucketStats } from './metric-buckets.js';
import { readBucketsFromBlocks, refreshSummaries, SUMMARY_BLOCK_SIZES } from './metric-summaries.js';
import { storedToWire, type WireMetric } from './metric-values.js';

const API_DOCS_HINT = 'See the API docs for more information about request parameters.';
export const MAX_RUNS_PER_BULK_REQUEST = 100;
export const MAX_BULK_INTERVAL_RESULTS = 2500;
/** Per-run cap on the points get-history-bulk-interval returns (MLflow's MAX_RESULTS_GET_METRIC_HISTORY). */
const MAX_POINTS_PER_RUN = 25000;
export const MAX_LEGACY_BULK_RESULTS = 25000;
export const DEFAULT_BUCKETS = 1000;

function comparePoints(a: PointRow, b: PointRow): number {
  return a.timestamp - b.timestamp || a.step - b.step || a.value - b.value;
}

function isSortedByTime(rows: readonly PointRow[]): boolean {
  for (let i = 1; i < rows.length; i += 1) {
    if (comparePoints(rows[i - 1] as PointRow, rows[i] as PointRow) > 0) return false;
  }
  return true;
}

/** Every point of one run's metric ordered by timestamp, step, value (MLflow's history order). */
async function historyInTimeOrder(db: Db, runId: string, key: string): Promise<PointRow[]> {
  // Read in key order (no sort in SQL); histories are nearly always already in time order too.
  const rows = await readPointsInStepOrder(db, runId, key);
  return isSortedByTime(rows) ? rows : rows.sort(comparePoints);
}

function toWire(key: string, row: PointRow): WireMetric {
  return { key, value: storedToWire(row.value, row.is_nan), timestamp: row.timestamp, step: row.step };
}

/**
 * A response body already serialised to JSON. The big answers (get-history, bulk-interval) are
 * built as JSON text inside the database (see store/metric-history.ts); routes send it as is.
 */
export class JsonText {
  constructor(readonly text: string) {}

  toJSON(): unknown {
    return JSON.parse(this.text) as unknown;
  }
}

const EMPTY = new JsonText('{}');

function decodeToken(token: string): number {
  try {
    return decodePageToken(token);
  } catch (error) {
    if (error instanceof PageTokenError) throw invalidParameter(error.message);
    throw error;
  }
}

export interface GetHistoryInput {
  runId: string;
  metricKey: string;
  maxResults?: number;
  pageToken?: string;
}

/**
 * `metrics/get-history`, ordered by timestamp, step, value. Without `max_results` every point
 * comes back; with it, pages of that size with an offset token (look-ahead, so the last page has
 * none). An unknown run or key is `{}`.
 */
export async function getMetricHistory(db: Db, input: GetHistoryInput): Promise<JsonText> {
  const offset = input.pageToken ? decodeToken(input.pageToken) : 0;
  const maxResults = input.maxResults;
  if (maxResults !== undefined && maxResults < 1) {
    throw invalidParameter(
      `Invalid value ${maxResults} for parameter 'max_results' supplied. It must be a positive integer. ${API_DOCS_HINT}`,
    );
  }
  const row = await readHistoryJson(db, input.runId, input.metricKey, {
    offset,
    ...(maxResults !== undefined ? { limit: maxResults } : {}),
  });
  if (row.total === 0 || row.body === null) return EMPTY;
  const hasMore = maxResults !== undefined && row.total > maxResults;
  const token = hasMore ? `,"next_page_token":${JSON.stringify(encodePageToken(offset + maxResults))}` : '';
  return new JsonText(`{"metrics":${row.body}${token}}`);
}

// ---------------------------------------------------------------------------------------------
// get-history-bulk-interval
// ---------------------------------------------------------------------------------------------

function bisectLeft(sorted: readonly number[], target: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((sorted[mid] as number) < target) low = mid + 1;
    else high = mid;
  }
  return low;
}

function bisectRight(sorted: readonly number[], target: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((sorted[mid] as number) <= target) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * MLflow's `_get_sampled_steps_from_steps`, quirk included: with more than `maxResults` steps in
 * [start, end], take `maxResults` evenly spaced indices, keep those below the *count* of steps in
 * range (not its end index), and add the last step in range. `allSteps` is sorted and distinct.
 */
export function sampleSteps(start: number, end: number, maxResults: number, allSteps: readonly number[]): Set<number> {
  const startIndex = bisectLeft(allSteps, start);
  const endIndex = bisectRight(allSteps, end);
  if (endIndex - startIndex <= maxResults) return new Set(allSteps.slice(startIndex, endIndex));
  const count = endIndex - startIndex;
  const interval = count / maxResults;
  const sampled = new Set<number>();
  for (let i = 0; i < maxResults; i += 1) {
    const index = startIndex + Math.floor(i * interval);
    if (index < count) sampled.add(allSteps[index] as number);
  }
  sampled.add(allSteps[endIndex - 1] as number);
  return sampled;
}

/**
 * The steps get-history-bulk-interval returns: a sample of the union of all runs' steps in the
 * window, plus each run's own first and last step when inside the window. Sorted.
 */
export function bulkIntervalSteps(
  perRun: readonly { minStep: number; maxStep: number }[],
  allSteps: readonly number[],
  maxResults: number,
  window: { start: number; end: number } | undefined,
): number[] {
  const start = window?.start ?? 0;
  const end = window?.end ?? allSteps[allSteps.length - 1] ?? 0;
  const steps = sampleSteps(start, end, maxResults, allSteps);
  for (const run of perRun) {
    for (const step of [run.minStep, run.maxStep]) if (step >= start && step <= end) steps.add(step);
  }
  return [...steps].sort((a, b) => a - b);
}

export interface BulkIntervalInput {
  runIds: string[];
  metricKey: string;
  maxResults?: number;
  startStep?: number;
  endStep?: number;
}

export function validateBulkIntervalInput(input: BulkIntervalInput): void {
  if (input.runIds.length > MAX_RUNS_PER_BULK_REQUEST) {
    throw invalidParameter(
      `GetMetricHistoryBulkInterval request must specify at most ${MAX_RUNS_PER_BULK_REQUEST} run_ids. Received ${input.runIds.length} run_ids. ${API_DOCS_HINT}`,
    );
  }
  if (input.maxResults !== undefined && (input.maxResults < 1 || input.maxResults > MAX_BULK_INTERVAL_RESULTS)) {
    throw invalidParameter(`max_results must be between 1 and ${MAX_BULK_INTERVAL_RESULTS}. ${API_DOCS_HINT}`);
  }
  if (input.startStep !== undefined && input.endStep !== undefined) {
    if (input.startStep > input.endStep) {
      throw invalidParameter(
        `end_step must be greater than start_step. Found start_step=${input.startStep} and end_step=${input.endStep}.`,
      );
    }
  } else if (input.startStep !== undefined || input.endStep !== undefined) {
    throw invalidParameter('If either start step or end step are specified, both must be specified.');
  }
}

/** `metrics/get-history-bulk-interval`: sampled points of up to 100 runs, runs in request order. */
export async function getMetricHistoryBulkInterval(db: Db, input: BulkIntervalInput): Promise<JsonText> {
  validateBulkIntervalInput(input);
  const maxResults = input.maxResults ?? MAX_BULK_INTERVAL_RESULTS;
  const window = input.startStep !== undefined && input.endStep !== undefined ? { start: input.startStep, end: input.endStep } : undefined;
  const distinctRuns = [...new Set(input.runIds)];
  if (distinctRuns.length === 0) return EMPTY;
  const bounds = await readStepBounds(db, distinctRuns, input.metricKey);
  const perRun = [...bounds.values()].map(({ lo, hi }) => ({ minStep: lo, maxStep: hi }));
  if (perRun.length === 0) return EMPTY;
  const allSteps = await readDistinctSteps(db, distinctRuns, input.metricKey);
  const steps = bulkIntervalSteps(perRun, allSteps, maxResults, window);
  if (steps.length === 0) return EMPTY;
  const first = steps[0] as number;
  const last = steps[steps.length - 1] as number;
  // Every step in range kept (the usual case for short histories): a range read, no IN list.
  const everyStep = steps.length === bisectRight(allSteps, last) - bisectLeft(allSteps, first);
  const rows = await readPointsJsonByRun(db, distinctRuns, input.metricKey, first, last, everyStep ? undefined : steps);
  const byRun = new Map<string, string>();
  for (const row of rows) {
    let body = row.body;
    if (row.n > MAX_POINTS_PER_RUN) {
      body = JSON.stringify((JSON.parse(body) as unknown[]).slice(0, MAX_POINTS_PER_RUN));
    }
    // Drop the array brackets: the runs' points are joined into one array below.
    if (row.n > 0) byRun.set(row.run_uuid, body.slice(1, -1));
  }
  const parts = input.runIds.map((runId) => byRun.get(runId)).filter((part): part is string => part !== undefined);
  return parts.length > 0 ? new JsonText(`{"metrics":[${parts.join(',')}]}`) : EMPTY;
}

// ---------------------------------------------------------------------------------------------
// get-history-bulk (legacy UI route)
// ---------------------------------------------------------------------------------------------

export interface LegacyBulkInput {
  runIds: string[];
  metricKey: string | undefined;
  maxResults?: number;
}

/** `ajax-api/.../metrics/get-history-bulk`: runs sorted by id, each in time order, truncated overall. */
export async function getMetricHistoryBulk(db: Db, input: LegacyBulkInput): Promise<{ metrics?: MetricWithRunId[] }> {
  if (input.runIds.length === 0) throw invalidParameter('GetMetricHistoryBulk request must specify at least one run_id.');
  if (input.runIds.length > MAX_RUNS_PER_BULK_REQUEST) {
    throw invalidParameter(
      `GetMetricHistoryBulk request cannot specify more than ${MAX_RUNS_PER_BULK_REQUEST} run_ids. Received ${input.runIds.length} run_ids.`,
    );
  }
  if (input.metricKey === undefined) throw invalidParameter('GetMetricHistoryBulk request must specify a metric_key.');
  const maxResults = Math.min(input.maxResults ?? MAX_LEGACY_BULK_RESULTS, MAX_LEGACY_BULK_RESULTS);
  const metrics: MetricWithRunId[] = [];
  // Python's sorted(): code point order, duplicates kept.
  const sortedRunIds = [...input.runIds].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const runId of sortedRunIds) {
    if (metrics.length >= maxResults) break;
    const rows = await historyInTimeOrder(db, runId, input.metricKey);
    for (const row of rows) {
      if (metrics.length >= maxResults) break;
      metrics.push({ ...toWire(input.metricKey, row), run_id: runId });
    }
  }
  return metrics.length > 0 ? { metrics } : {};
}

// ---------------------------------------------------------------------------------------------
// get-history-buckets (Runboard)
// ---------------------------------------------------------------------------------------------

export interface BucketsInput {
  runIds: string[];
  metricKey: string;
  buckets?: number;
  startStep?: number;
  endStep?: number;
}

/** The points of one run's metric in [lo, hi], in key order. */
async function pointsInRange(db: Db, runId: string, key: string, lo: number, hi: number): Promise<BucketPoint[]> {
  return (await readPackedPoints(db, runId, key, lo, hi)).map(([step, timestamp, value, isNan]) => ({
    step,
    timestamp,
    value,
    isNan: isNan !== 0,
  }));
}

/**
 * One run's buckets of `width` over [lo, hi] (widened to whole buckets): from the coarsest summary
 * level whose blocks fit in a bucket (at most 4 blocks per bucket), or from the points when the
 * buckets are narrower than the finest block.
 */
async function runBuckets(db: Db, runId: string, key: string, lo: number, hi: number, width: number): Promise<BucketStats[]> {
  const firstBucket = Math.floor(lo / width);
  const lastBucket = Math.floor(hi / width);
  let level = -1;
  for (const [index, size] of SUMMARY_BLOCK_SIZES.entries()) if (size <= width) level = index;
  if (level < 0) return bucketPoints(await pointsInRange(db, runId, key, firstBucket * width, lastBucket * width + width - 1), width);
  const blocksPerBucket = width / (SUMMARY_BLOCK_SIZES[level] as number);
  return readBucketsFromBlocks(db, runId, key, level, firstBucket * blocksPerBucket, lastBucket * blocksPerBucket + blocksPerBucket - 1, blocksPerBucket, width);
}

export function validateBucketsInput(input: BucketsInput): void {
  if (input.runIds.length > MAX_RUNS_PER_BULK_REQUEST) {
    throw invalidParameter(
      `get-history-buckets accepts at most ${MAX_RUNS_PER_BULK_REQUEST} run_ids. Received ${input.runIds.length} run_ids.`,
    );
  }
  const buckets = input.buckets ?? DEFAULT_BUCKETS;
  if (buckets < 1 || buckets > 5000) throw invalidParameter(`buckets must be between 1 and 5000. Found buckets=${buckets}.`);
  if (input.startStep !== undefined && input.endStep !== undefined && input.startStep > input.endStep) {
    throw invalidParameter(`end_step must not be less than start_step. Found start_step=${input.startStep} and end_step=${input.endStep}.`);
  }
}

/**
 * Runboard's `get-history-buckets`: each run's step range (or the requested window) cut into at
 * most `buckets` aligned buckets of one power-of-two width; per non-empty bucket its first / min /
 * max / last point, the last timestamp and the count. The first and last bucket may reach past
 * the window (by less than a bucket), so a zoomed chart's lines run to its edges. Ordered by run
 * (request order, duplicates dropped); runs without points in the window are left out. The route
 * puts them on the wire with `bucketsToWire` (metric-buckets.ts): JSON, or binary columns on request.
 */
export async function getMetricHistoryBuckets(db: Db, input: BucketsInput): Promise<BucketSeriesInput[]> {
  validateBucketsInput(input);
  const bucketCount = input.buckets ?? DEFAULT_BUCKETS;
  const runIds = [...new Set(input.runIds)];
  await refreshSummaries(db, runIds, input.metricKey);
  const result: BucketSeriesInput[] = [];
  const ranges = await readStepRanges(db, runIds, input.metricKey, input.startStep, input.endStep);
  for (const runId of runIds) {
    const range = ranges.get(runId);
    if (!range) continue;
    const lo = input.startStep ?? range.first;
    const hi = input.endStep ?? range.last;
    const width = alignedBucketWidth(lo, hi, bucketCount);
    const buckets = await runBuckets(db, runId, input.metricKey, lo, hi, width);
    if (buckets.length > 0) result.push({ runId, key: input.metricKey, bucketWidth: width, buckets });
  }
  return result;
}
