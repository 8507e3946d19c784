import { describe, expect, it } from 'vitest';
import { orderByForSort, readModelsListParams, writeModelsListParams } from './models-list-params';

describe('models list params', () => {
  it('reads defaults and values', () => {
    expect(readModelsListParams(new URLSearchParams())).toEqual({ query: '', sort: 'name-asc', pageSize: 25, pages: [] });
    expect(readModelsListParams(new URLSearchParams('q=bert&sort=updated-desc&size=50&page=a&page=b'))).toEqual({
      query: 'bert',
      sort: 'updated-desc',
      pageSize: 50,
      pages: ['a', 'b'],
    });
    expect(readModelsListParams(new URLSearchParams('sort=bogus&size=7')).sort).toBe('name-asc');
  });

  it('goes back to the first page when the search changes', () => {
    const current = new URLSearchParams('q=bert&page=a');
    expect(writeModelsListParams(current, { pages: ['a', 'b'] }).toString()).toBe('q=bert&page=a&page=b');
    expect(writeModelsListParams(current, { query: 'gpt' }).toString()).toBe('q=gpt');
    expect(writeModelsListParams(current, { sort: 'name-desc' }).toString()).toBe('q=bert&sort=name-desc');
  });

  it('maps sorts to MLflow order_by', () => {
    expect(orderByForSort('updated-desc')).toEqual(['last_updated_timestamp DESC', 'name ASC']);
    expect(orderByForSort('name-desc')).toEqual(['name DESC']);
  });
});
