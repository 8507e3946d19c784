import { describe, expect, it } from 'vitest';
import { buildModelSearch, looksLikeFilter } from './model-search-filter';

describe('buildModelSearch', () => {
  it('searches names for plain text', () => {
    expect(buildModelSearch('')).toEqual({ kind: 'all', filter: undefined });
    expect(buildModelSearch('  bert ')).toEqual({ kind: 'name', filter: "name ILIKE '%bert%'" });
    expect(buildModelSearch("o'neil")).toEqual({ kind: 'name', filter: `name ILIKE "%o'neil%"` });
  });

  it('passes valid filters through', () => {
    expect(buildModelSearch("tags.team = 'nlp'")).toEqual({ kind: 'filter', filter: "tags.team = 'nlp'" });
    expect(buildModelSearch("name LIKE 'bert%' AND tags.`owner` != 'x'")).toEqual({ kind: 'filter', filter: "name LIKE 'bert%' AND tags.`owner` != 'x'" });
  });

  it('reports invalid filters with a position in the typed text', () => {
    const result = buildModelSearch("  tags.team = nlp");
    expect(result.kind).toBe('invalid');
    if (result.kind === 'invalid') {
      expect(result.message).toMatch(/./);
      expect(result.position).toBeGreaterThanOrEqual(2);
    }
    expect(buildModelSearch("name = 'a' OR name = 'b'").kind).toBe('invalid');
  });

  it('tells filters from names', () => {
    expect(looksLikeFilter('tags.x')).toBe(true);
    expect(looksLikeFilter('name = ')).toBe(true);
    expect(looksLikeFilter('named-entity-model')).toBe(false);
    expect(looksLikeFilter('name like something')).toBe(true);
  });
});
