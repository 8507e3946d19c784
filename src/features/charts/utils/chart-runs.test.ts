import { describe, expect, it } from 'vitest';
import { mergeChartRuns, runIdsFilter } from './chart-runs';

const run = (runId: string) => ({ runId });

describe('mergeChartRuns', () => {
  it('puts pinned runs first and drops repeats', () => {
    expect(mergeChartRuns([run('p'), run('b')], [run('a'), run('b'), run('c')]).map((r) => r.runId)).toEqual(['p', 'b', 'a', 'c']);
  });

  it('keeps the selection order and leaves out runs that were not found', () => {
    expect(mergeChartRuns([run('p')], [run('a'), run('b')], ['b', 'gone', 'a']).map((r) => r.runId)).toEqual(['b', 'a']);
  });
});

describe('runIdsFilter', () => {
  it('lists quoted ids', () => {
    expect(runIdsFilter(['ab', "c'd"])).toBe("attributes.run_id IN ('ab', 'cd')");
  });
});
