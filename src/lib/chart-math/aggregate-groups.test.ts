import { describe, expect, it } from 'vitest';
import { aggregateSeries } from './aggregate-groups';

const a = [
  { x: 0, y: 1 },
  { x: 1, y: 2 },
];
const b = [
  { x: 0, y: 3 },
  { x: 1, y: 6 },
];
const c = [{ x: 0, y: 5 }];

describe('aggregateSeries', () => {
  it('computes mean with a min-max band', () => {
    expect(aggregateSeries([a, b, c], 'mean', 'minmax')).toEqual([
      { x: 0, center: 3, lower: 1, upper: 5, count: 3 },
      { x: 1, center: 4, lower: 2, upper: 6, count: 2 },
    ]);
  });

  it('computes median with a sample standard deviation band', () => {
    // x=0: values 1,3,5 -> median 3, sample std 2
    const [first] = aggregateSeries([a, b, c], 'median', 'std');
    expect(first).toMatchObject({ center: 3, lower: 1, upper: 5 });
  });

  it('computes the standard error band', () => {
    // x=1: values 2,6 -> mean 4, std = sqrt(8) = 2.828, stderr = 2
    const second = aggregateSeries([a, b], 'mean', 'stderr')[1];
    expect(second?.lower).toBeCloseTo(2);
    expect(second?.upper).toBeCloseTo(6);
  });

  it('ignores non-finite values', () => {
    expect(aggregateSeries([[{ x: 0, y: NaN }], [{ x: 0, y: 2 }]], 'mean', 'minmax')).toEqual([
      { x: 0, center: 2, lower: 2, upper: 2, count: 1 },
    ]);
  });
});
