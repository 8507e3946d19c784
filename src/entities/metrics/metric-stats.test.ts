import { describe, expect, it } from 'vitest';
import { statsOfHistory } from './metric-stats';

describe('statsOfHistory', () => {
  it('reads min, max and the last step from every point, spike included', () => {
    const points = Array.from({ length: 50_000 }, (_, step) => ({ step, value: step === 31_337 ? 100 : 1, timestamp: step }));
    expect(statsOfHistory(points)).toEqual({ min: 1, max: 100, last: 1, lastStep: 49_999, count: 50_000 });
  });

  it('skips NaN for min and max, and takes the latest value of the highest step', () => {
    const stats = statsOfHistory([
      { step: 3, value: 0.5, timestamp: 10 },
      { step: 3, value: 0.7, timestamp: 20 },
      { step: 1, value: NaN, timestamp: 30 },
      { step: 2, value: -Infinity, timestamp: 5 },
    ]);
    expect(stats).toEqual({ min: -Infinity, max: 0.7, last: 0.7, lastStep: 3, count: 4 });
    expect(statsOfHistory([])).toBeUndefined();
  });
});
