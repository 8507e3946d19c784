// Pure bucketing math of get-history-buckets: exact tiling, one-pass aggregation, spikes survive.
import { describe, expect, it } from 'vitest';
import { aggregateSortedPoints, stepBuckets, type BucketPoint, type BucketStats } from './metric-buckets.js';

/** Deterministic pseudo-random numbers (mulberry32). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function comparePoints(a: BucketPoint, b: BucketPoint): number {
  const av = a.isNan ? 0 : a.value;
  const bv = b.isNan ? 0 : b.value;
  return a.step - b.step || a.timestamp - b.timestamp || av - bv;
}

/** The obvious, slow definition the one-pass version must agree with. */
function bruteForce(points: BucketPoint[], lo: number, hi: number, count: number): BucketStats[] {
  return stepBuckets(lo, hi, count).flatMap((bucket) => {
    const inside = points.filter((point) => point.step >= bucket.start && point.step <= bucket.end).sort(comparePoints);
    const first = inside[0];
    const last = inside[inside.length - 1];
    if (!first || !last) return [];
    const real = inside.filter((point) => !point.isNan);
    let min = real[0];
    let max = real[0];
    for (const point of real) {
      if (min && point.value < min.value) min = point;
      if (max && point.value > max.value) max = point;
    }
    const valueOf = (point: BucketPoint) => (point.isNan ? NaN : point.value);
    return [
      {
        index: bucket.index,
        start: bucket.start,
        end: bucket.end,
        firstStep: first.step,
        first: valueOf(first),
        minStep: min?.step ?? first.step,
        min: min?.value ?? NaN,
        maxStep: max?.step ?? first.step,
        max: max?.value ?? NaN,
        lastStep: last.step,
        last: valueOf(last),
        lastTimestamp: last.timestamp,
        count: inside.length,
      },
    ];
  });
}

describe('stepBuckets', () => {
  it('tiles the range exactly with widths that differ by at most one step', () => {
    const next = random(1);
    for (let trial = 0; trial < 300; trial += 1) {
      const lo = Math.floor(next() * 2000) - 1000;
      const hi = lo + Math.floor(next() * 20000);
      const count = 1 + Math.floor(next() * 600);
      const buckets = stepBuckets(lo, hi, count);
      expect(buckets.length).toBe(Math.min(count, hi - lo + 1));
      expect(buckets[0]?.start).toBe(lo);
      expect(buckets[buckets.length - 1]?.end).toBe(hi);
      const widths = buckets.map((bucket) => bucket.end - bucket.start + 1);
      expect(Math.max(...widths) - Math.min(...widths)).toBeLessThanOrEqual(1);
      const contiguous = buckets.every(
        (bucket, index) => bucket.index === index && (index === 0 || bucket.start === (buckets[index - 1]?.end ?? NaN) + 1),
      );
      expect(contiguous).toBe(true);
    }
  });

  it('gives every step its own bucket when the span is not longer than the bucket count', () => {
    expect(stepBuckets(5, 7, 10)).toEqual([
      { index: 0, start: 5, end: 5 },
      { index: 1, start: 6, end: 6 },
      { index: 2, start: 7, end: 7 },
    ]);
    expect(stepBuckets(3, 3, 1)).toEqual([{ index: 0, start: 3, end: 3 }]);
  });

  it('stays exact for steps near 2^53 and spans times counts beyond it', () => {
    const lo = 2 ** 52;
    const hi = Number.MAX_SAFE_INTEGER;
    const buckets = stepBuckets(lo, hi, 5000);
    expect(buckets).toHaveLength(5000);
    expect(buckets[0]?.start).toBe(lo);
    expect(buckets[4999]?.end).toBe(hi);
    expect(buckets.every((bucket, i) => i === 0 || bucket.start === (buckets[i - 1]?.end ?? NaN) + 1)).toBe(true);
  });

  it('returns nothing for an empty range and refuses a bad count', () => {
    expect(stepBuckets(10, 9, 100)).toEqual([]);
    expect(() => stepBuckets(0, 10, 0)).toThrow(RangeError);
  });
});

describe('aggregateSortedPoints', () => {
  it('agrees with the brute-force definition on random data with NaN, infinities and repeated steps', () => {
    const next = random(7);
    for (let trial = 0; trial < 60; trial += 1) {
      const points: BucketPoint[] = [];
      const n = 1 + Math.floor(next() * 400);
      for (let i = 0; i < n; i += 1) {
        const roll = next();
        points.push({
          step: Math.floor(next() * 300) - 50,
          timestamp: 1_700_000_000_000 + Math.floor(next() * 1000),
          value: roll < 0.05 ? Infinity : roll < 0.1 ? -Infinity : Math.round(next() * 20) / 4,
          isNan: roll > 0.93,
        });
      }
      points.sort(comparePoints);
      const lo = (points[0]?.step ?? 0) - Math.floor(next() * 5);
      const hi = (points[points.length - 1]?.step ?? 0) + Math.floor(next() * 5);
      const count = 1 + Math.floor(next() * 120);
      expect(aggregateSortedPoints(points, stepBuckets(lo, hi, count))).toEqual(bruteForce(points, lo, hi, count));
    }
  });

  it('keeps a single spike among 1,000,000 points, upwards and downwards', () => {
    const n = 1_000_000;
    const up = 654_321;
    const down = 123_457;
    function* series(): Generator<BucketPoint> {
      for (let step = 0; step < n; step += 1) {
        const value = step === up ? 1e9 : step === down ? -1e9 : Math.sin(step / 1000);
        yield { step, timestamp: 1_700_000_000_000 + step, value, isNan: false };
      }
    }
    const started = performance.now();
    const stats = aggregateSortedPoints(series(), stepBuckets(0, n - 1, 1000));
    const elapsed = performance.now() - started;
    expect(stats).toHaveLength(1000);
    expect(stats.reduce((total, bucket) => total + bucket.count, 0)).toBe(n);
    const spike = stats.find((bucket) => bucket.max === 1e9);
    expect(spike?.maxStep).toBe(up);
    expect(spike && spike.start <= up && up <= spike.end).toBe(true);
    expect(stats.find((bucket) => bucket.min === -1e9)?.minStep).toBe(down);
    // One pass, no per-point allocation beyond the generator: far below a second.
    expect(elapsed).toBeLessThan(5000);
  });

  it('lets NaN win neither min nor max; a bucket of NaN reports NaN at its first step', () => {
    const points: BucketPoint[] = [
      { step: 0, timestamp: 1, value: 0, isNan: true },
      { step: 1, timestamp: 2, value: 5, isNan: false },
      { step: 2, timestamp: 3, value: 0, isNan: true },
      { step: 10, timestamp: 4, value: 0, isNan: true },
      { step: 11, timestamp: 5, value: 0, isNan: true },
    ];
    const [mixed, nans] = aggregateSortedPoints(points, [
      { index: 0, start: 0, end: 9 },
      { index: 1, start: 10, end: 19 },
    ]);
    expect(mixed).toMatchObject({ first: NaN, firstStep: 0, min: 5, minStep: 1, max: 5, maxStep: 1, last: NaN, lastStep: 2, count: 3 });
    expect(nans).toMatchObject({
      first: NaN,
      min: NaN,
      minStep: 10,
      max: NaN,
      maxStep: 10,
      last: NaN,
      lastStep: 11,
      lastTimestamp: 5,
      count: 2,
    });
  });

  it('keeps the earliest point on ties for min and max, the latest for last', () => {
    const points: BucketPoint[] = [
      { step: 1, timestamp: 10, value: 3, isNan: false },
      { step: 2, timestamp: 11, value: 1, isNan: false },
      { step: 3, timestamp: 12, value: 3, isNan: false },
      { step: 4, timestamp: 13, value: 1, isNan: false },
      { step: 4, timestamp: 14, value: 2, isNan: false },
    ];
    const [bucket] = aggregateSortedPoints(points, [{ index: 0, start: 0, end: 9 }]);
    expect(bucket).toMatchObject({ minStep: 2, maxStep: 1, lastStep: 4, last: 2, lastTimestamp: 14, count: 5 });
  });

  it('skips points outside the buckets', () => {
    const points: BucketPoint[] = [-5, 0, 5, 10, 15].map((step) => ({ step, timestamp: step, value: step, isNan: false }));
    const stats = aggregateSortedPoints(points, stepBuckets(0, 10, 2));
    expect(stats.map((bucket) => [bucket.start, bucket.end, bucket.count])).toEqual([
      [0, 5, 2],
      [6, 10, 1],
    ]);
  });
});
