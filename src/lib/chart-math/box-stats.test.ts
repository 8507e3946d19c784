import { describe, expect, it } from 'vitest';
import { boxStats } from './box-stats';

describe('boxStats', () => {
  it('computes quartiles, whiskers and outliers by hand', () => {
    // 1..8 and 100: q1 = 3, median = 5, q3 = 7, IQR 4, fences -3 and 13
    const stats = boxStats([1, 2, 3, 4, 5, 6, 7, 8, 100, NaN]);
    expect(stats).toMatchObject({ count: 9, q1: 3, median: 5, q3: 7, lowerWhisker: 1, upperWhisker: 8, outliers: [100], min: 1, max: 100 });
  });
  it('is undefined for no finite values', () => {
    expect(boxStats([NaN])).toBeUndefined();
  });
});
