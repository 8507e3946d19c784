import { describe, expect, it } from 'vitest';
import { isSystemTag, userTags } from './system-tags';

describe('system tags', () => {
  it('recognises mlflow.* and _mlflow_* keys', () => {
    expect(isSystemTag('mlflow.runName')).toBe(true);
    expect(isSystemTag('_mlflow_internal')).toBe(true);
    expect(isSystemTag('mlflowish')).toBe(false);
    expect(isSystemTag('team')).toBe(false);
  });

  it('keeps user tags and reads a missing value as empty', () => {
    expect(userTags([{ key: 'mlflow.user', value: 'me' }, { key: 'team', value: 'a' }, { key: 'empty' }])).toEqual([
      { key: 'team', value: 'a' },
      { key: 'empty', value: '' },
    ]);
    expect(userTags(undefined)).toEqual([]);
  });
});
