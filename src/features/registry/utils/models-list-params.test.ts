import { describe, expect, it } from 'vitest';
import { isPrompt, orderByForSort, readModelsListParams, withPromptFilter, writeModelsListParams } from './models-list-params';

describe('models list params', () => {
  it('reads defaults and values', () => {
    expect(readModelsListParams(new URLSearchParams())).toEqual({ query: '', sort: 'name-asc', pageSize: 25, pages: [], prompts: false });
    expect(readModelsListParams(new URLSearchParams('q=bert&sort=updated-desc&size=50&page=a&page=b'))).toEqual({
      query: 'bert',
      sort: 'updated-desc',
      pageSize: 50,
      pages: ['a', 'b'],
      prompts: false,
    });
    expect(readModelsListParams(new URLSearchParams('prompts=1')).prompts).toBe(true);
    expect(readModelsListParams(new URLSearchParams('sort=bogus&size=7')).sort).toBe('name-asc');
  });

  it('goes back to the first page when the search changes', () => {
    const current = new URLSearchParams('q=bert&page=a');
    expect(writeModelsListParams(current, { pages: ['a', 'b'] }).toString()).toBe('q=bert&page=a&page=b');
    expect(writeModelsListParams(current, { query: 'gpt' }).toString()).toBe('q=gpt');
    expect(writeModelsListParams(current, { sort: 'name-desc' }).toString()).toBe('q=bert&sort=name-desc');
  });

  it('lists prompts through the prompt tag, and recognises prompts among models', () => {
    expect(withPromptFilter(undefined, false)).toBeUndefined();
    expect(withPromptFilter("name ILIKE '%a%'", false)).toBe("name ILIKE '%a%'");
    expect(withPromptFilter(undefined, true)).toBe("tags.`mlflow.prompt.is_prompt` = 'true'");
    expect(withPromptFilter("name ILIKE '%a%'", true)).toBe("name ILIKE '%a%' AND tags.`mlflow.prompt.is_prompt` = 'true'");
    expect(writeModelsListParams(new URLSearchParams('q=a&page=x'), { prompts: true }).toString()).toBe('q=a&prompts=1');
    expect(isPrompt([{ key: 'mlflow.prompt.is_prompt', value: 'True' }])).toBe(true);
    expect(isPrompt([{ key: 'team', value: 'true' }])).toBe(false);
  });

  it('maps sorts to MLflow order_by', () => {
    expect(orderByForSort('updated-desc')).toEqual(['last_updated_timestamp DESC', 'name ASC']);
    expect(orderByForSort('name-desc')).toEqual(['name DESC']);
  });
});
