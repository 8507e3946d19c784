import { describe, expect, it } from 'vitest';
import { pearson, ranks, spearman } from './correlation';

describe('pearson', () => {
  it('is 1 for a perfect positive line and -1 for a negative one', () => {
    expect(pearson([1, 2, 3, 4], [2, 4, 6, 8])).toBeCloseTo(1);
    expect(pearson([1, 2, 3, 4], [8, 6, 4, 2])).toBeCloseTo(-1);
  });

  it('matches a hand-computed value', () => {
    // x = 1,2,3 ; y = 1,3,2 -> cov = 1, var x = 2, var y = 2 -> 0.5
    expect(pearson([1, 2, 3], [1, 3, 2])).toBeCloseTo(0.5);
  });

  it('is NaN without variance or with too few points', () => {
    expect(pearson([1, 1, 1], [1, 2, 3])).toBeNaN();
    expect(pearson([1, 2], [1, 2])).toBeNaN();
  });
});

describe('spearman', () => {
  it('averages tied ranks', () => {
    expect(ranks([10, 20, 20, 30])).toEqual([1, 2.5, 2.5, 4]);
  });

  it('is 1 for any monotonic relation', () => {
    expect(spearman([0.001, 0.01, 0.1, 1], [1, 2, 30, 400])).toBeCloseTo(1);
  });
});
