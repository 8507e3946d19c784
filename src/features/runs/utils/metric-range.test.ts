import { describe, expect, it } from 'vitest';
import { metricRanges } from './metric-range';

describe('metricRanges', () => {
  it('computes min and max per run, skipping NaN', () => {
    const ranges = metricRanges([
      { run_id: 'a', key: 'm', value: 3, step: 0 },
      { run_id: 'a', key: 'm', value: 'NaN', step: 1 },
      { run_id: 'a', key: 'm', value: -1, step: 2 },
      { run_id: 'b', key: 'm', value: 'NaN', step: 0 },
      { run_id: 'b', key: 'm', value: 'Infinity', step: 1 },
      { run_id: 'c', key: 'm', value: 'NaN', step: 0 },
    ]);
    expect(ranges.get('a')).toEqual({ min: -1, max: 3 });
    expect(ranges.get('b')).toEqual({ min: Infinity, max: Infinity });
    expect(Number.isNaN(ranges.get('c')?.min)).toBe(true);
  });
});
