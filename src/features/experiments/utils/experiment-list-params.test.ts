import { describe, expect, it } from 'vitest';
import { buildExperimentFilter, experimentsPath, orderByFor, readListParams, viewTypeFor, writeListParams } from './experiment-list-params';

describe('experiment list URL state', () => {
  it('reads defaults from an empty query', () => {
    expect(readListParams(new URLSearchParams())).toEqual({ query: '', sort: 'updated', view: 'active' });
  });

  it('reads values and ignores unknown ones', () => {
    expect(readListParams(new URLSearchParams('q=bert&sort=name&view=deleted'))).toEqual({ query: 'bert', sort: 'name', view: 'deleted' });
    expect(readListParams(new URLSearchParams('sort=bogus&view=weird'))).toEqual({ query: '', sort: 'updated', view: 'active' });
  });

  it('writes only non-defaults and keeps other params', () => {
    const next = writeListParams(new URLSearchParams('experiment=3'), { query: 'x', sort: 'updated', view: 'deleted' });
    expect(next.toString()).toBe('experiment=3&q=x&view=deleted');
    expect(writeListParams(next, { query: '' }).toString()).toBe('experiment=3&view=deleted');
  });
});

describe('server-side search inputs', () => {
  it('builds a case-insensitive substring filter', () => {
    expect(buildExperimentFilter('')).toBe('');
    expect(buildExperimentFilter('  bert ')).toBe("name ILIKE '%bert%'");
    expect(buildExperimentFilter("it's")).toBe(`name ILIKE "%it's%"`);
  });

  it('maps sorts and views', () => {
    expect(orderByFor('name')).toEqual(['name ASC']);
    expect(orderByFor('updated')).toEqual(['last_update_time DESC']);
    expect(orderByFor('created')).toEqual(['creation_time DESC']);
    expect(viewTypeFor('deleted')).toBe('DELETED_ONLY');
    expect(viewTypeFor('active')).toBe('ACTIVE_ONLY');
  });

  it('joins ids into a runs path without duplicates', () => {
    expect(experimentsPath(['1', '2', '1'])).toBe('/experiments/1,2');
  });
});
