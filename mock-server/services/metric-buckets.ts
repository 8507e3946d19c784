// Pure math of Runboard's spike-preserving downsampling (get-history-buckets). A step range is cut
// into buckets of one power-of-two width, aligned to multiples of that width; each non-empty
// bucket keeps its first, min, max and last point (with their steps), the last point's timestamp
// and its point count. A lone spike therefore always survives as some bucket's max (or min).
//
// Power-of-two, aligned buckets are unions of the precomputed summary blocks (metric-summaries.ts,
// also powers of two), so a bucket over a million points costs a few block reads, not a scan.
import {
  acceptsBucketsBinary,
  BUCKETS_BINARY_CONTENT_TYPE,
  encodeBucketsBinary,
  encodeBucketsJson,
  type BucketSeriesInput,
} from '../../src/lib/mlflow/history-buckets-wire.js';

/** One metric point, as stored: NaN has `isNan` set (its value is meaningless). */
export interface BucketPoint {
  step: number;
  timestamp: number;
  value: number;
  isNan: boolean;
}

/** What is kept of a run of consecutive points (in key order): a bucket or a summary block. */
export interface PointSummary {
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

/** A bucket of the answer: bucket number `index` covers steps [start, end] = [index·w, index·w + w − 1]. */
export interface BucketStats extends PointSummary {
  index: number;
  start: number;
  end: number;
}

export const MAX_BUCKETS = 5000;

/**
 * The smallest power-of-two width whose aligned buckets cover [lo, hi] in at most `count` buckets.
 * Dividing by a power of two is exact in floating point, so steps near 2^53 stay correct.
 */
export function alignedBucketWidth(lo: number, hi: number, count: number): number {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`bucket count must be a positive integer, got ${count}`);
  let width = 1;
  while (Math.floor(hi / width) - Math.floor(lo / width) + 1 > count) width *= 2;
  return width;
}

export function summarizePoint(point: BucketPoint): PointSummary {
  const value = point.isNan ? NaN : point.value;
  return {
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

/**
 * Folds `next` (which follows `into` in key order) into `into`. NaN never wins min or max; a
 * summary of NaNs only keeps its first point's NaN there. Ties keep the earlier point for min and
 * max, the later one for last, so folding points one by one or blocks of them gives the same.
 */
export function mergeSummary(into: PointSummary, next: PointSummary): void {
  into.count += next.count;
  into.lastStep = next.lastStep;
  into.last = next.last;
  into.lastTimestamp = next.lastTimestamp;
  if (!Number.isNaN(next.min) && (Number.isNaN(into.min) || next.min < into.min)) {
    into.min = next.min;
    into.minStep = next.minStep;
  }
  if (!Number.isNaN(next.max) && (Number.isNaN(into.max) || next.max > into.max)) {
    into.max = next.max;
    into.maxStep = next.maxStep;
  }
}

/**
 * Groups summaries (points or blocks) given in key order into consecutive groups by `groupOf`
 * (non-decreasing along the input), merging each group into one summary.
 */
export function groupSummaries<T>(
  items: Iterable<T>,
  toSummary: (item: T) => PointSummary,
  groupOf: (item: T) => number,
): { group: number; summary: PointSummary }[] {
  const result: { group: number; summary: PointSummary }[] = [];
  let current: { group: number; summary: PointSummary } | undefined;
  for (const item of items) {
    const group = groupOf(item);
    if (current?.group === group) mergeSummary(current.summary, toSummary(item));
    else {
      // A copy: the first item's summary must not change when the others are merged into it.
      current = { group, summary: { ...toSummary(item) } };
      result.push(current);
    }
  }
  return result;
}

/** Points sorted by (step, timestamp, value), the metrics table's key order, in aligned buckets of `width`. */
export function bucketPoints(points: Iterable<BucketPoint>, width: number): BucketStats[] {
  return groupSummaries(points, summarizePoint, (point) => Math.floor(point.step / width)).map(({ group, summary }) =>
    toBucket(group, width, summary),
  );
}

export function toBucket(index: number, width: number, summary: PointSummary): BucketStats {
  const { firstStep, first, minStep, min, maxStep, max, lastStep, last, lastTimestamp, count } = summary;
  return {
    index,
    start: index * width,
    end: index * width + width - 1,
    firstStep,
    first,
    minStep,
    min,
    maxStep,
    max,
    lastStep,
    last,
    lastTimestamp,
    count,
  };
}

/** An encoded get-history-buckets answer. */
export interface BucketsWire {
  contentType: string;
  body: string | Uint8Array;
}

/**
 * Series in, wire out: the one place every server path answering get-history-buckets (the store,
 * the proxy's cache) turns buckets into a response body. Binary columns when the request's Accept
 * header names application/octet-stream, JSON otherwise.
 */
export function bucketsToWire(series: readonly BucketSeriesInput[], accept: string | undefined): BucketsWire {
  if (acceptsBucketsBinary(accept)) return { contentType: BUCKETS_BINARY_CONTENT_TYPE, body: encodeBucketsBinary(series) };
  return { contentType: 'application/json', body: JSON.stringify(encodeBucketsJson(series)) };
}
