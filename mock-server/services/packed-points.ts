// A metric series as one Float64Array of (step, timestamp, value, is_nan) quadruples in the
// metrics table's key order (step, timestamp, value): what the --proxy-to history cache stores
// and buckets from. No object per point: a chart of 20 runs × 20,000 steps is 400,000 points.
import type { BucketPoint } from './metric-buckets.js';

export type PackedPoints = Float64Array;

const FIELDS = 4;

export function pointCount(points: PackedPoints): number {
  return points.length / FIELDS;
}

export function stepAt(points: PackedPoints, index: number): number {
  return points[index * FIELDS] as number;
}

/** Key order; NaN is stored as value 0 with is_nan 1, after a real 0. */
function compareAt(points: PackedPoints, a: number, b: number): number {
  for (let field = 0; field < FIELDS; field += 1) {
    // Compared, not subtracted: Infinity − Infinity is NaN.
    const left = points[a * FIELDS + field] as number;
    const right = points[b * FIELDS + field] as number;
    if (left < right) return -1;
    if (left > right) return 1;
  }
  return 0;
}

/** Collects points in any order; `finish` returns them packed and in key order. */
export class PackedPointsBuilder {
  private data = new Float64Array(FIELDS * 1024);
  private count = 0;

  push(step: number, timestamp: number, value: number): void {
    if ((this.count + 1) * FIELDS > this.data.length) {
      const grown = new Float64Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    const at = this.count * FIELDS;
    const isNan = Number.isNaN(value);
    this.data[at] = step;
    this.data[at + 1] = timestamp;
    this.data[at + 2] = isNan ? 0 : value;
    this.data[at + 3] = isNan ? 1 : 0;
    this.count += 1;
  }

  finish(): PackedPoints {
    const points = this.data.slice(0, this.count * FIELDS);
    let sorted = true;
    for (let index = 1; index < this.count && sorted; index += 1) sorted = compareAt(points, index - 1, index) <= 0;
    if (sorted) return points;
    // Histories come in time order, nearly always step order too; otherwise sort a permutation.
    const order = Array.from({ length: this.count }, (_, index) => index).sort((a, b) => compareAt(points, a, b));
    const result = new Float64Array(points.length);
    order.forEach((from, to) => result.set(points.subarray(from * FIELDS, from * FIELDS + FIELDS), to * FIELDS));
    return result;
  }
}

/** The first index whose step is ≥ `step` (points in key order). */
export function lowerBoundByStep(points: PackedPoints, step: number): number {
  let low = 0;
  let high = pointCount(points);
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (stepAt(points, middle) < step) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * Points [from, to) as BucketPoints for the bucket code. One object is reused for every point:
 * the bucket code copies what it keeps (summarizePoint), so this allocates nothing per point.
 */
export function* iteratePoints(points: PackedPoints, from: number, to: number): Generator<BucketPoint> {
  const point: BucketPoint = { step: 0, timestamp: 0, value: 0, isNan: false };
  for (let index = from; index < to; index += 1) {
    const at = index * FIELDS;
    point.step = points[at] as number;
    point.timestamp = points[at + 1] as number;
    point.value = points[at + 2] as number;
    point.isNan = points[at + 3] === 1;
    yield point;
  }
}
