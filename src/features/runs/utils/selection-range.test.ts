import { describe, expect, it } from 'vitest';
import { selectRange, toggleId } from './selection-range';

describe('selection', () => {
  const ids = ['a', 'b', 'c', 'd', 'e'];

  it('selects a range in either direction', () => {
    expect(selectRange(ids, ['b'], 'b', 'd', true)).toEqual(['b', 'c', 'd']);
    expect(selectRange(ids, ['x'], 'd', 'b', true)).toEqual(['x', 'b', 'c', 'd']);
  });

  it('deselects a range', () => {
    expect(selectRange(ids, ['a', 'b', 'c', 'd'], 'b', 'c', false)).toEqual(['a', 'd']);
  });

  it('falls back to the target without a usable anchor', () => {
    expect(selectRange(ids, [], null, 'c', true)).toEqual(['c']);
    expect(selectRange(ids, [], 'gone', 'c', true)).toEqual(['c']);
  });

  it('toggles one id', () => {
    expect(toggleId(['a'], 'b')).toEqual(['a', 'b']);
    expect(toggleId(['a', 'b'], 'a')).toEqual(['b']);
  });
});
