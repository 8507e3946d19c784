import { describe, expect, it } from 'vitest';
import type { NumericBucket } from '../../lib/chart-math/envelope';
import { aggregateGroups, buildRawSeries, groupRuns, prepareBuckets, smoothValues } from './build-series';

function buckets(values: number[], msPerStep = 1000, start = 0): NumericBucket[] {
  return values.map((value, step) => ({
    stepStart: step,
    stepEnd: step,
    firstStep: step,
    first: value,
    minStep: step,
    min: value,
    maxStep: step,
    max: value,
    lastStep: step,
    last: value,
    lastTimestamp: start + step * msPerStep,
    count: 1,
  }));
}

const runs: { runId: string; name: string; color: string; params: Record<string, string>; tags: Record<string, string> }[] = [
  { runId: 'a', name: 'A', color: '#000000', params: { lr: '0.1' }, tags: {} },
  { runId: 'b', name: 'B', color: '#111111', params: { lr: '0.1' }, tags: {} },
  { runId: 'c', name: 'C', color: '#222222', params: {}, tags: {} },
];

describe('buildRawSeries', () => {
  const byRun = new Map([
    ['a', buckets([1, 2, 3, 100])],
    ['b', buckets([2, 3, 4, 5])],
  ]);

  it('draws steps on x with a padded y domain', () => {
    const raw = buildRawSeries({ runs, byRun, xAxis: { kind: 'step' }, yScale: 'linear', ignoreOutliers: false });
    expect(raw?.lines).toHaveLength(2);
    expect(raw?.xDomain).toEqual([0, 3]);
    expect(raw?.yDomain[1]).toBeGreaterThan(100);
  });

  it('maps steps to relative seconds and to another metric', () => {
    const relative = buildRawSeries({ runs, byRun, xAxis: { kind: 'relative' }, yScale: 'linear', ignoreOutliers: false });
    expect([...(relative?.lines[0]?.xs ?? [])]).toEqual([0, 1, 2, 3]);
    const other = new Map([
      ['a', buckets([0, 0.5, 1, 1.5])],
      ['b', buckets([0, 1, 2, 3])],
    ]);
    const byMetric = buildRawSeries({
      runs,
      byRun,
      xAxis: { kind: 'metric', key: 'epoch' },
      yScale: 'linear',
      ignoreOutliers: false,
      otherByRun: other,
    });
    expect([...(byMetric?.lines[0]?.xs ?? [])]).toEqual([0, 0.5, 1, 1.5]);
    expect(byMetric?.xDomain).toEqual([0, 3]);
  });

  it('clips the spike out of the y domain when ignoring outliers, and keeps positives on log', () => {
    const clipped = buildRawSeries({ runs, byRun, xAxis: { kind: 'step' }, yScale: 'linear', ignoreOutliers: true });
    expect(clipped?.yDomain[1]).toBeLessThan(100);
    const log = buildRawSeries({
      runs,
      byRun: new Map([['a', buckets([-1, 0, 10, 100])]]),
      xAxis: { kind: 'step' },
      yScale: 'log',
      ignoreOutliers: false,
    });
    expect(log?.yDomain[0]).toBeGreaterThan(0);
  });

  it('keeps only the zoomed step window', () => {
    const zoomed = buildRawSeries({
      runs,
      byRun,
      xAxis: { kind: 'step' },
      yScale: 'linear',
      ignoreOutliers: false,
      zoom: { start: 1, end: 2 },
    });
    expect([...(zoomed?.lines[0]?.steps ?? [])]).toEqual([1, 2]);
    expect(zoomed?.xDomain).toEqual([1, 2]);
  });
});

describe('smoothing and groups', () => {
  it('applies EMA or centered moving average', () => {
    expect([...smoothValues(Float64Array.of(1, 2, 3), { smoothing: 'cma', emaWeight: 0, cmaWindow: 3 })]).toEqual([1.5, 2, 2.5]);
    expect([...smoothValues(Float64Array.of(4, 4), { smoothing: 'ema', emaWeight: 0.5, cmaWindow: 3 })]).toEqual([4, 4]);
  });

  it('groups runs by a param, with a (none) group', () => {
    const groups = groupRuns(runs, 'param:lr', (index) => `c${index}`);
    expect(groups.map((group) => [group.label, group.runIds])).toEqual([
      ['lr=(none) (1)', ['c']],
      ['lr=0.1 (2)', ['a', 'b']],
    ]);
  });

  it('aggregates each group on a shared grid with a band', () => {
    const raw = buildRawSeries({
      runs,
      byRun: new Map([
        ['a', buckets([0, 2])],
        ['b', buckets([2, 4])],
      ]),
      xAxis: { kind: 'step' },
      yScale: 'linear',
      ignoreOutliers: false,
    });
    if (!raw) throw new Error('no series');
    const [group] = aggregateGroups(raw.lines, [{ id: 'g', label: 'g', color: '#000', runIds: ['a', 'b'] }], {
      xDomain: raw.xDomain,
      gridSize: 3,
      center: 'mean',
      band: 'minmax',
      smooth: (values) => values,
    });
    expect([...(group?.xs ?? [])]).toEqual([0, 0.5, 1]);
    expect([...(group?.center ?? [])]).toEqual([1, 2, 3]);
    expect([...(group?.lower ?? [])]).toEqual([0, 1, 2]);
    expect([...(group?.upper ?? [])]).toEqual([2, 3, 4]);
  });
});

describe('prepareBuckets', () => {
  it('does ahead the work buildRawSeries then reuses: same lines and domains as without it', () => {
    const values = [3, 1, 4, 1, 5, 9, 2, 6];
    const prepared = new Map([['a', buckets(values)]]);
    const fresh = new Map([['a', buckets(values)]]);
    for (const list of prepared.values()) prepareBuckets(list);
    const options = { runs, xAxis: { kind: 'step' } as const, yScale: 'linear' as const, ignoreOutliers: false };
    const fromPrepared = buildRawSeries({ ...options, byRun: prepared });
    const fromFresh = buildRawSeries({ ...options, byRun: fresh });
    expect(fromPrepared?.yDomain).toEqual(fromFresh?.yDomain);
    expect(fromPrepared?.xDomain).toEqual([0, 7]);
    expect(Array.from(fromPrepared?.lines[0]?.ys ?? [])).toEqual(Array.from(fromFresh?.lines[0]?.ys ?? []));
    expect(Math.max(...(fromPrepared?.lines[0]?.ys ?? []))).toBe(9);
  });

  it('accepts a run without buckets', () => {
    expect(() => prepareBuckets([])).not.toThrow();
  });
});
