// Pure math of Runboard's spike-preserving downsampling (get-history-buckets): a step range is cut
// into equal step buckets, and each non-empty bucket keeps its first, min, max and last point
// (with their steps), the last point's timestamp and its point count. A lone spike therefore
// always survives as some bucket's max (or min), whatever the zoom level.
//
// Bucket i of B over the inclusive range [lo, hi] (span = hi - lo + 1 steps) covers
//   [lo + ceil(i * span / B), lo + ceil((i + 1) * span / B) - 1]
// so the buckets tile the range exactly, with widths differing by at most one step. When the
// span has no more steps than B, every step is its own bucket.

export interface StepBucket {
  index: number;
  start: number;
  end: number;
}

/** One metric point, as stored: NaN has `isNan` set (its value is meaningless). */
export interface BucketPoint {
  step: number;
  timestamp: number;
  value: number;
  isNan: boolean;
}

export interface BucketStats {
  index: number;
  start: number;
  end: number;
  firstStep: number;
  first: number;
  minStep: number;
  min: number;
  maxStep: number;
  max: number;
  lastStep: number;
  last: number;
  lastTimestamp: number;
  count: number;
}

export const MAX_BUCKETS = 5000;

function ceilDiv(numerator: bigint, denominator: bigint): bigint {
  return (numerator + denominator - 1n) / denominator;
}

/**
 * The buckets that tile [lo, hi] (integers, lo ≤ hi), in step order. Computed with BigInt so
 * that steps near 2^53 and spans times bucket counts beyond it stay exact.
 */
export function stepBuckets(lo: number, hi: number, count: number): StepBucket[] {
  if (!Number.isInteger(lo) || !Number.isInteger(hi) || hi < lo) return [];
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`bucket count must be a positive integer, got ${count}`);
  const span = BigInt(hi) - BigInt(lo) + 1n;
  const buckets = BigInt(count);
  if (span <= buckets) {
    const result: StepBucket[] = [];
    for (let i = 0; i < Number(span); i += 1) result.push({ index: i, start: lo + i, end: lo + i });
    return result;
  }
  const base = BigInt(lo);
  const result: StepBucket[] = [];
  for (let i = 0n; i < buckets; i += 1n) {
    const start = base + ceilDiv(i * span, buckets);
    const end = base + ceilDiv((i + 1n) * span, buckets) - 1n;
    result.push({ index: Number(i), start: Number(start), end: Number(end) });
  }
  return result;
}

function newStats(bucket: StepBucket, point: BucketPoint): BucketStats {
  const value = point.isNan ? NaN : point.value;
  return {
    index: bucket.index,
    start: bucket.start,
    end: bucket.end,
    firstStep: point.step,
    first: value,
    minStep: point.step,
    min: value,
    maxStep: point.step,
    max: value,
    lastStep: point.step,
    last: value,
    lastTimestamp: point.timestamp,
    count: 1,
  };
}

function addPoint(stats: BucketStats, point: BucketPoint): void {
  stats.count += 1;
  stats.lastStep = point.step;
  stats.last = point.isNan ? NaN : point.value;
  stats.lastTimestamp = point.timestamp;
  if (point.isNan) return;
  // NaN never wins min or max; a bucket of NaN only keeps its first point's NaN there.
  if (Number.isNaN(stats.min) || point.value < stats.min) {
    stats.min = point.value;
    stats.minStep = point.step;
  }
  if (Number.isNaN(stats.max) || point.value > stats.max) {
    stats.max = point.value;
    stats.maxStep = point.step;
  }
}

/**
 * Aggregates points sorted by (step, timestamp, value) — the metrics table's key order — into
 * `buckets` (from `stepBuckets`) in one pass. Points outside the buckets are skipped. Ties keep
 * the earliest point for min and max, the latest for last.
 */
export function aggregateSortedPoints(points: Iterable<BucketPoint>, buckets: readonly StepBucket[]): BucketStats[] {
  const result: BucketStats[] = [];
  let position = 0;
  let current: BucketStats | undefined;
  for (const point of points) {
    let bucket = buckets[position];
    while (bucket !== undefined && point.step > bucket.end) {
      position += 1;
      bucket = buckets[position];
    }
    if (bucket === undefined) break;
    if (point.step < bucket.start) continue;
    if (current?.index === bucket.index) addPoint(current, point);
    else {
      current = newStats(bucket, point);
      result.push(current);
    }
  }
  return result;
}
