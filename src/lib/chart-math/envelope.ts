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

/** Buckets (in step order) → the polyline that draws every bucket's first, min, max and last. */
export function bucketsToPolyline(buckets: readonly NumericBucket[]): Polyline {
  // At most four points per bucket, written straight into typed arrays (this runs for every
  // fetched series, 100 runs × thousands of buckets).
  const steps = new Float64Array(buckets.length * 4);
  const values = new Float64Array(buckets.length * 4);
  let n = 0;
  let bucketStart = 0;
  // Appends a point unless it repeats the bucket's previous one (same step and same value). Two
  // values at one step (min and max of a single-step bucket) are both kept: a vertical segment.
  const push = (step: number, value: number) => {
    if (n > bucketStart && steps[n - 1] === step && Object.is(values[n - 1], value)) return;
    steps[n] = step;
    values[n] = value;
    n += 1;
  };
  for (const bucket of buckets) {
    bucketStart = n;
    push(bucket.firstStep, bucket.first);
    const hasMin = !Number.isNaN(bucket.min);
    const hasMax = !Number.isNaN(bucket.max);
    if (hasMin && hasMax) {
      if (bucket.maxStep < bucket.minStep) {
        push(bucket.maxStep, bucket.max);
        push(bucket.minStep, bucket.min);
      } else {
        push(bucket.minStep, bucket.min);
        push(bucket.maxStep, bucket.max);
      }
    } else if (hasMin) push(bucket.minStep, bucket.min);
    else if (hasMax) push(bucket.maxStep, bucket.max);
    push(bucket.lastStep, bucket.last);
  }
  return { steps: steps.slice(0, n), values: values.slice(0, n) };
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
export function finiteExtent(values: ArrayLike<number>, positiveOnly = false): [number, number] | undefined {
  let lo = Infinity;
  let hi = -Infinity;
  // An index loop: for…of over a typed array goes through the iterator protocol, several times slower.
  for (let i = 0; i < values.length; i += 1) {
    const value = values[i] as number;
    if (!Number.isFinite(value) || (positiveOnly && value <= 0)) continue;
    if (value < lo) lo = value;
    if (value > hi) hi = value;
  }
  return lo <= hi ? [lo, hi] : undefined;
}
