import { describe, expect, it } from 'vitest';
import { bucketPoints, type BucketPoint } from './metric-buckets.js';
import { iteratePoints, lowerBoundByStep, PackedPointsBuilder, pointCount } from './packed-points.js';

function toObjects(points: Float64Array): BucketPoint[] {
  return Array.from(iteratePoints(points, 0, pointCount(points)), (point) => ({ ...point }));
}

describe('packed points', () => {
  it('come out in key order (step, timestamp, value; NaN after a real 0), whatever order they went in', () => {
    const builder = new PackedPointsBuilder();
    // Time order with a step logged late, as get-history may answer.
    for (const [step, timestamp, value] of [
      [5, 10, 1],
      [2, 11, 7],
      [2, 11, NaN],
      [2, 11, 0],
      [9, 12, Infinity],
      [2, 3, -Infinity],
      [9, 12, Infinity],
    ] as const) {
      builder.push(step, timestamp, value);
    }
    expect(toObjects(builder.finish())).toEqual([
      { step: 2, timestamp: 3, value: -Infinity, isNan: false },
      { step: 2, timestamp: 11, value: 0, isNan: false },
      { step: 2, timestamp: 11, value: 0, isNan: true },
      { step: 2, timestamp: 11, value: 7, isNan: false },
      { step: 5, timestamp: 10, value: 1, isNan: false },
      { step: 9, timestamp: 12, value: Infinity, isNan: false },
      { step: 9, timestamp: 12, value: Infinity, isNan: false },
    ]);
  });

  it('grow past their first allocation and find steps by binary search', () => {
    const builder = new PackedPointsBuilder();
    for (let step = 0; step < 5000; step += 1) builder.push(step * 2, step, step % 7);
    const points = builder.finish();
    expect(pointCount(points)).toBe(5000);
    expect(lowerBoundByStep(points, 0)).toBe(0);
    expect(lowerBoundByStep(points, 7)).toBe(4);
    expect(lowerBoundByStep(points, 8)).toBe(4);
    expect(lowerBoundByStep(points, 1_000_000)).toBe(5000);
  });

  it('bucket as the same points given as objects do, although one object is reused for every point', () => {
    const builder = new PackedPointsBuilder();
    for (let step = 0; step < 3000; step += 1)
      builder.push(step, 1000 + step, step === 1234 ? 100 : step % 11 === 3 ? NaN : Math.sin(step));
    const points = builder.finish();
    expect(bucketPoints(iteratePoints(points, 0, pointCount(points)), 64)).toEqual(bucketPoints(toObjects(points), 64));
    expect(Math.max(...bucketPoints(iteratePoints(points, 0, pointCount(points)), 64).map((bucket) => bucket.max))).toBe(100);
  });
});
