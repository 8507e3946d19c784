import { describe, expect, it } from 'vitest';
import { centeredMovingAverage, centeredMovingAverageValues, emaDebiased, emaDebiasedValues } from './smoothing';

describe('emaDebiased', () => {
  it('returns the input unchanged for weight 0', () => {
    expect(emaDebiased([1, 5, 3], 0)).toEqual([1, 5, 3]);
  });

  it('is not biased toward zero at the start', () => {
    // First point: (0.5*0 + 0.5*10) / 0.5 = 10
    expect(emaDebiased([10, 10, 10], 0.5)).toEqual([10, 10, 10]);
  });

  it('matches a hand-computed series', () => {
    // w = 0.5: acc1 = 0.5*2 = 1, d1 = 0.5 -> 2; acc2 = 0.5 + 0.5*4 = 2.5, d2 = 0.75 -> 3.333...
    const [first, second] = emaDebiased([2, 4], 0.5);
    expect(first).toBeCloseTo(2);
    expect(second).toBeCloseTo(10 / 3);
  });

  it('passes NaN through without corrupting later points', () => {
    const result = emaDebiased([1, NaN, 1], 0.9);
    expect(result[1]).toBeNaN();
    expect(result[2]).toBeCloseTo(1);
  });
});

describe('centeredMovingAverage', () => {
  it('averages a symmetric window, shrinking at the ends', () => {
    expect(centeredMovingAverage([1, 2, 3, 4, 5], 3)).toEqual([1.5, 2, 3, 4, 4.5]);
  });

  it('skips non-finite neighbours', () => {
    expect(centeredMovingAverage([1, NaN, 3], 3)).toEqual([1, NaN, 3]);
  });
});

describe('typed versions', () => {
  it('agree with the array versions', () => {
    const values = Array.from({ length: 200 }, (_, i) => Math.sin(i / 7) + (i % 13 === 0 ? NaN : 0));
    expect(Array.from(emaDebiasedValues(Float64Array.from(values), 0.8))).toEqual(emaDebiased(values, 0.8));
    expect(Array.from(centeredMovingAverageValues(Float64Array.from(values), 9))).toEqual(centeredMovingAverage(values, 9));
  });
});
