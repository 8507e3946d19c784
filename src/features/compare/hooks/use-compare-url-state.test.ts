import { describe, expect, it } from 'vitest';
import { compareRunIds, splitList, withCompareParam } from './use-compare-url-state';

describe('compare page URL state', () => {
  it('reads the compared runs trimmed, without blanks or repeats, in order, and caps the shown ones', () => {
    expect(splitList(' a, b,,a ,c')).toEqual(['a', 'b', 'c']);
    const params = new URLSearchParams('runs=r1,r2,r1,r3&diff=1');
    expect(compareRunIds(params, 2)).toEqual({ allIds: ['r1', 'r2', 'r3'], runIds: ['r1', 'r2'] });
    expect(compareRunIds(new URLSearchParams(), 5)).toEqual({ allIds: [], runIds: [] });
  });

  it('sets one view parameter and keeps every other one, the runs included', () => {
    const base = new URLSearchParams('runs=r1,r2&better=acc');
    const next = withCompareParam(base, 'sx', 'params.lr');
    expect(next.get('sx')).toBe('params.lr');
    expect(next.get('runs')).toBe('r1,r2');
    expect(next.get('better')).toBe('acc');
    expect(base.has('sx')).toBe(false);
  });

  it('removes a parameter set to empty, so defaults stay out of shared links', () => {
    expect(withCompareParam(new URLSearchParams('runs=r1&diff=1'), 'diff', '').toString()).toBe('runs=r1');
  });
});
