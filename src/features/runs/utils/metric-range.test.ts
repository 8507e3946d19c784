import { describe, expect, it } from 'vitest';
import type { NumericBucket } from '../../../lib/chart-math/envelope';
import { metricRangesFromBuckets } from './metric-range';

function bucket(stepStart: number, min: number, max: number): NumericBucket {
  return { stepStart, stepEnd: stepStart + 15, firstStep: stepStart, first: min, minStep: stepStart, min, maxStep: stepStart, max, lastStep: stepStart, last: max, lastTimestamp: 0, count: 16 };
}

describe('metricRangesFromBuckets', () => {
  it('takes the extremes over all of a run’s buckets, so a single spike counts', () => {
    const ranges = metricRangesFromBuckets(
      new Map([
        ['a', [bucket(0, 0.9, 1.01), bucket(16, 0.95, 100), bucket(32, -1, 1)]],
        ['b', [bucket(0, 2, 2)]],
      ]),
    );
    expect(ranges.get('a')).toEqual({ min: -1, max: 100 });
    expect(ranges.get('b')).toEqual({ min: 2, max: 2 });
  });

  it('gives NaN when every value was NaN, and nothing for a run without buckets', () => {
    const ranges = metricRangesFromBuckets(new Map([['c', [bucket(0, NaN, NaN)]], ['d', []]]));
    expect(Number.isNaN(ranges.get('c')?.min)).toBe(true);
    expect(Number.isNaN(ranges.get('c')?.max)).toBe(true);
    expect(ranges.has('d')).toBe(false);
  });
});
