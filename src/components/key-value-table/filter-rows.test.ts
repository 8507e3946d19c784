import { describe, expect, it } from 'vitest';
import { matchesQuery } from './filter-rows';

describe('matchesQuery', () => {
  it('matches everything for an empty query', () => {
    expect(matchesQuery('anything', '')).toBe(true);
    expect(matchesQuery('anything', '   ')).toBe(true);
  });
  it('is case-insensitive', () => {
    expect(matchesQuery('learning_rate 0.01', 'LEARNING')).toBe(true);
  });
  it('needs every word', () => {
    expect(matchesQuery('learning_rate 0.01', 'rate 0.01')).toBe(true);
    expect(matchesQuery('learning_rate 0.01', 'rate 0.02')).toBe(false);
  });
});
