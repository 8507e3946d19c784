import { describe, expect, it } from 'vitest';
import { percentileRange, quantileSorted } from './percentile';

describe('quantileSorted', () => {
  it('interpolates between order statistics', () => {
    // 1..5: q=0.25 at position 1 -> 2; q=0.1 at position 0.4 -> 1.4
    expect(quantileSorted([1, 2, 3, 4, 5], 0.25)).toBe(2);
    expect(quantileSorted([1, 2, 3, 4, 5], 0.1)).toBeCloseTo(1.4);
    expect(quantileSorted([], 0.5)).toBeNaN();
  });
});

describe('percentileRange', () => {
  it('clips a single outlier out of the 1st–99th percentile range', () => {
    // 0..99 plus a spike of 10000: 101 values, p99 at position 99 -> 99
    const values = [...Array.from({ length: 100 }, (_, i) => i), 10000];
    expect(percentileRange(values)).toEqual([1, 99]);
  });

  it('ignores non-finite values and can keep only positives', () => {
    expect(percentileRange([NaN, Infinity, 4], 0, 100)).toEqual([4, 4]);
    expect(percentileRange([-1, 0, 2, 4], 0, 100, true)).toEqual([2, 4]);
    expect(percentileRange([])).toBeUndefined();
  });
});
