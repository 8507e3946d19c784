import { describe, expect, it } from 'vitest';
import { niceTicks } from './time-ticks';

describe('niceTicks', () => {
  it('steps by 1, 2 or 5 times a power of ten up to the maximum', () => {
    expect(niceTicks(250, 5)).toEqual([0, 50, 100, 150, 200, 250]);
    expect(niceTicks(1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(7300, 5)).toEqual([0, 2000, 4000, 6000]);
    // A duration measured from nanosecond timestamps a few hundred ns short still gets its last tick.
    expect(niceTicks(299.99997, 5)).toEqual([0, 100, 200, 300]);
  });

  it('gives one tick for an empty range', () => {
    expect(niceTicks(0, 5)).toEqual([0]);
    expect(niceTicks(Number.NaN, 5)).toEqual([0]);
  });
});
