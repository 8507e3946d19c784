// Spike-preserving min/max buckets → a drawable polyline. Each bucket contributes its first, min,
// max and last points in step order (the M4 aggregation): drawn with one bucket per pixel column,
// the polyline covers exactly the pixels the full-resolution line would, so a lone spike (or dip)
// is never lost, whatever the zoom level.

export interface NumericBucket {
  stepStart: number;
  stepEnd: number;
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

export interface RawPoint {
  step: number;
  value: number;
  timestamp: number;
}

/** A series ready to draw: parallel arrays in step order; NaN values are gaps. */
export interface Polyline {
  steps: Float64Array;
  values: Float64Array;
}

/**
 * Fallback for servers without get-history-buckets: sampled points (get-history-bulk-interval)
 * become one bucket per step (several points at one step collapse into first/min/max/last).
 */
export function pointsToBuckets(points: readonly RawPoint[]): NumericBucket[] {
  const sorted = points.slice().sort((a, b) => a.step - b.step || a.timestamp - b.timestamp);
  const buckets: NumericBucket[] = [];
  let current: NumericBucket | undefined;
  for (const point of sorted) {
    if (!current || current.stepStart !== point.step) {
      current = {
        stepStart: point.step,
        stepEnd: point.step,
        firstStep: point.step,
        first: point.value,
        minStep: point.step,
        min: point.value,
        maxStep: point.step,
        max: point.value,
        lastStep: point.step,
        last: point.value,
        lastTimestamp: point.timestamp,
        count: 1,
      };
      buckets.push(current);
      continue;
    }
    current.count += 1;
    current.last = point.value;
    current.lastTimestamp = point.timestamp;
    if (!Number.isNaN(point.value)) {
      if (Number.isNaN(current.min) || point.value < current.min) {
        current.min = point.value;
        current.minStep = point.step;
      }
      if (Number.isNaN(current.max) || point.value > current.max) {
        current.max = point.value;
        current.maxStep = point.step;
      }
    }
  }
  return buckets;
}

/** The M4 points of one bucket in step order, without repeats. */
function bucketPoints(bucket: NumericBucket): [number, number][] {
  const points: [number, number][] = [[bucket.firstStep, bucket.first]];
  const extremes: [number, number][] = [];
  if (!Number.isNaN(bucket.min)) extremes.push([bucket.minStep, bucket.min]);
  if (!Number.isNaN(bucket.max)) extremes.push([bucket.maxStep, bucket.max]);
  extremes.sort((a, b) => a[0] - b[0]);
  points.push(...extremes, [bucket.lastStep, bucket.last]);
  const unique: [number, number][] = [];
  for (const point of points) {
    const previous = unique[unique.length - 1];
    if (previous && previous[0] === point[0] && Object.is(previous[1], point[1])) continue;
    // Two values at one step (min and max of a single-step bucket): keep both, a vertical segment.
    unique.push(point);
  }
  return unique;
}

/** Buckets (in step order) → the polyline that draws every bucket's first, min, max and last. */
export function bucketsToPolyline(buckets: readonly NumericBucket[]): Polyline {
  const steps: number[] = [];
  const values: number[] = [];
  for (const bucket of buckets) {
    for (const [step, value] of bucketPoints(bucket)) {
      steps.push(step);
      values.push(value);
    }
  }
  return { steps: Float64Array.from(steps), values: Float64Array.from(values) };
}

/** One representative value per bucket (its last point), for smoothing and tooltips. */
export function bucketsToLastValues(buckets: readonly NumericBucket[]): Polyline {
  return {
    steps: Float64Array.from(buckets, (bucket) => bucket.lastStep),
    values: Float64Array.from(buckets, (bucket) => bucket.last),
  };
}

/** Latest, min and max of a whole series from its buckets (exact when the buckets cover it). */
export function summarizeBuckets(
  buckets: readonly NumericBucket[],
): { last: number; min: number; max: number; lastStep: number } | undefined {
  const final = buckets[buckets.length - 1];
  if (!final) return undefined;
  let min = Infinity;
  let max = -Infinity;
  for (const bucket of buckets) {
    if (bucket.min < min) min = bucket.min;
    if (bucket.max > max) max = bucket.max;
  }
  return { last: final.last, lastStep: final.lastStep, min: min === Infinity ? NaN : min, max: max === -Infinity ? NaN : max };
}

/** Finite extent of values (optionally only positive ones, for log scales). */
export function finiteExtent(values: Iterable<number>, positiveOnly = false): [number, number] | undefined {
  let lo = Infinity;
  let hi = -Infinity;
  for (const value of values) {
    if (!Number.isFinite(value) || (positiveOnly && value <= 0)) continue;
    if (value < lo) lo = value;
    if (value > hi) hi = value;
  }
  return lo <= hi ? [lo, hi] : undefined;
}
