import { describe, expect, it } from 'vitest';
import { collectKeys, mergeKeys, sameKeys } from './run-keys';
import { testRun } from './test-runs';

describe('run keys', () => {
  it('collects keys without system tags, merged and naturally sorted', () => {
    const a = collectKeys([testRun('a', { metrics: { acc: 1, 'loss/10': 2, 'loss/9': 3 }, params: { lr: '1' }, tags: { 'mlflow.user': 'x', team: 'y' } })]);
    const b = collectKeys([testRun('b', { metrics: { Acc2: 1 }, params: { batch: '1' }, tags: { _mlflow_x: 'z' } })]);
    expect(mergeKeys([a, b])).toEqual({ metrics: ['acc', 'Acc2', 'loss/9', 'loss/10'], params: ['batch', 'lr'], tags: ['team'] });
  });

  it('compares key sets', () => {
    expect(sameKeys({ metrics: ['a'], params: [], tags: [] }, { metrics: ['a'], params: [], tags: [] })).toBe(true);
    expect(sameKeys({ metrics: ['a'], params: [], tags: [] }, { metrics: ['b'], params: [], tags: [] })).toBe(false);
  });
});
