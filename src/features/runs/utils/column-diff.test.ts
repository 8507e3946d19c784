import { describe, expect, it } from 'vitest';
import { differingColumns, isComparableColumn, mergeDiffSummaries, summarizeRows } from './column-diff';
import { testRun } from './test-runs';

describe('columns that differ', () => {
  const a = testRun('a', { metrics: { acc: 0.9, loss: 1 }, params: { lr: '0.1', opt: 'adam' }, tags: { team: 'x' } });
  const b = testRun('b', { metrics: { acc: 0.8, loss: 1 }, params: { lr: '0.1', opt: 'sgd' }, tags: { team: 'x', extra: 'y' } });

  it('finds values that change and keys some runs lack', () => {
    expect([...differingColumns(summarizeRows([a, b]))].sort()).toEqual(['metrics.acc', 'params.opt', 'tags.extra']);
  });

  it('judges attribute columns too: same user and status drop out, different start times stay', () => {
    const early = testRun('e', { startTime: 1000, endTime: 2000, tags: { 'mlflow.source.git.commit': 'abc' } });
    const late = testRun('l', { startTime: 5000, endTime: 6000, tags: { 'mlflow.source.git.commit': 'abc' } });
    const differing = differingColumns(summarizeRows([early, late]));
    expect(differing.has('created')).toBe(true);
    expect(differing.has('duration')).toBe(false);
    expect(differing.has('user')).toBe(false);
    expect(differing.has('status')).toBe(false);
    expect(differing.has('commit')).toBe(false);
    expect(isComparableColumn('registered')).toBe(false);
    expect(isComparableColumn('user')).toBe(true);
    expect(isComparableColumn('metrics.acc')).toBe(true);
  });

  it('gives the same answer when merging per-page summaries', () => {
    const c = testRun('c', { metrics: { acc: 0.9, loss: 2 }, params: { lr: '0.1', opt: 'adam' }, tags: { team: 'x', extra: 'y' } });
    const whole = differingColumns(summarizeRows([a, b, c]));
    const merged = differingColumns(mergeDiffSummaries([summarizeRows([a]), summarizeRows([b, c])]));
    expect([...merged].sort()).toEqual([...whole].sort());
    expect(merged.has('metrics.loss')).toBe(true);
  });

  it('treats NaN as equal to NaN and nothing differs for a single run', () => {
    const n1 = testRun('n1', { metrics: { m: NaN } });
    const n2 = testRun('n2', { metrics: { m: NaN } });
    expect(differingColumns(summarizeRows([n1, n2])).size).toBe(0);
    expect(differingColumns(summarizeRows([a])).size).toBe(0);
    expect(differingColumns(mergeDiffSummaries([])).size).toBe(0);
  });
});
