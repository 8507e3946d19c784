// Pure bucketing math of get-history-buckets: aligned power-of-two buckets, merging summaries, spikes survive.
import { describe, expect, it } from 'vitest';
import {
  alignedBucketWidth,
  bucketPoints,
  groupSummaries,
  summarizePoint,
  toBucket,
  type BucketPoint,
  type BucketStats,
} from './metric-buckets.js';

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
function bruteForce(points: BucketPoint[], width: number): BucketStats[] {
  const indexes = [...new Set(points.map((point) => Math.floor(point.step / width)))].sort((a, b) => a - b);
  return indexes.flatMap((index) => {
    const bucket = { index, start: index * width, end: index * width + width - 1 };
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

describe('alignedBucketWidth', () => {
  it('is the smallest power of two whose aligned buckets cover the range in at most `count` buckets', () => {
    const next = random(1);
    for (let trial = 0; trial < 300; trial += 1) {
      const lo = Math.floor(next() * 2000) - 1000;
      const hi = lo + Math.floor(next() * 20000);
      const count = 1 + Math.floor(next() * 600);
      const width = alignedBucketWidth(lo, hi, count);
      expect(Math.log2(width) % 1).toBe(0);
      const buckets = (w: number) => Math.floor(hi / w) - Math.floor(lo / w) + 1;
      expect(buckets(width)).toBeLessThanOrEqual(count);
      if (width > 1) expect(buckets(width / 2)).toBeGreaterThan(count);
    }
  });

  it('gives every step its own bucket when the span is not longer than the bucket count', () => {
    expect(alignedBucketWidth(5, 7, 10)).toBe(1);
    expect(alignedBucketWidth(3, 3, 1)).toBe(1);
    // 0..110 in 4: 32-step buckets 0-31, 32-63, 64-95, 96-127.
    expect(alignedBucketWidth(0, 110, 4)).toBe(32);
  });

  it('stays exact for steps near 2^53', () => {
    const width = alignedBucketWidth(2 ** 52, Number.MAX_SAFE_INTEGER, 5000);
    expect(width).toBe(2 ** 40);
    expect(Math.floor(Number.MAX_SAFE_INTEGER / width) - Math.floor(2 ** 52 / width) + 1).toBe(4096);
  });

  it('refuses a bad count', () => {
    expect(() => alignedBucketWidth(0, 10, 0)).toThrow(RangeError);
  });
});

describe('bucketPoints', () => {
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
      const width = 2 ** Math.floor(next() * 7);
      expect(bucketPoints(points, width)).toEqual(bruteForce(points, width));
    }
  });

  it('gives the same buckets from merged blocks as from the points (how the summary pyramid is read)', () => {
    const next = random(11);
    for (let trial = 0; trial < 40; trial += 1) {
      const points: BucketPoint[] = [];
      for (let step = 0; step < 2000; step += 1 + Math.floor(next() * 3)) {
        const roll = next();
        points.push({ step, timestamp: step, value: roll < 0.03 ? -Infinity : Math.round(next() * 50), isNan: roll > 0.95 });
        if (roll > 0.9) points.push({ step, timestamp: step + 1, value: Math.round(next() * 50), isNan: false });
      }
      const blockSize = 2 ** (1 + Math.floor(next() * 4));
      const width = blockSize * 2 ** Math.floor(next() * 4);
      const blocks = groupSummaries(points, summarizePoint, (point) => Math.floor(point.step / blockSize));
      const fromBlocks = groupSummaries(
        blocks,
        (block) => block.summary,
        (block) => Math.floor(block.group / (width / blockSize)),
      ).map(({ group, summary }) => toBucket(group, width, summary));
      expect(fromBlocks).toEqual(bucketPoints(points, width));
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
    const stats = bucketPoints(series(), alignedBucketWidth(0, n - 1, 1000));
    expect(stats).toHaveLength(977); // 1,024-step buckets
    expect(stats.reduce((total, bucket) => total + bucket.count, 0)).toBe(n);
    const spike = stats.find((bucket) => bucket.max === 1e9);
    expect(spike?.maxStep).toBe(up);
    expect(spike && spike.start <= up && up <= spike.end).toBe(true);
    expect(stats.find((bucket) => bucket.min === -1e9)?.minStep).toBe(down);
  });

  it('lets NaN win neither min nor max; a bucket of NaN reports NaN at its first step', () => {
    const points: BucketPoint[] = [
      { step: 0, timestamp: 1, value: 0, isNan: true },
      { step: 1, timestamp: 2, value: 5, isNan: false },
      { step: 2, timestamp: 3, value: 0, isNan: true },
      { step: 16, timestamp: 4, value: 0, isNan: true },
      { step: 17, timestamp: 5, value: 0, isNan: true },
    ];
    const [mixed, nans] = bucketPoints(points, 16);
    expect(mixed).toMatchObject({ first: NaN, firstStep: 0, min: 5, minStep: 1, max: 5, maxStep: 1, last: NaN, lastStep: 2, count: 3 });
    expect(nans).toMatchObject({
      start: 16,
      end: 31,
      first: NaN,
      min: NaN,
      minStep: 16,
      max: NaN,
      maxStep: 16,
      last: NaN,
      lastStep: 17,
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
    const [bucket] = bucketPoints(points, 8);
    expect(bucket).toMatchObject({ minStep: 2, maxStep: 1, lastStep: 4, last: 2, lastTimestamp: 14, count: 5 });
  });

  it('aligns buckets to multiples of the width, negative steps included', () => {
    const points: BucketPoint[] = [-5, 0, 5, 10, 15].map((step) => ({ step, timestamp: step, value: step, isNan: false }));
    expect(bucketPoints(points, 8).map((bucket) => [bucket.start, bucket.end, bucket.count])).toEqual([
      [-8, -1, 1],
      [0, 7, 2],
      [8, 15, 2],
    ]);
  });
});
