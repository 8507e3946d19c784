import { describe, expect, it } from 'vitest';
import {
  axisPosition,
  axisValues,
  bestIndexes,
  compareRows,
  encodeBrushes,
  importanceMatrix,
  parseBrushes,
  parseDirections,
  selectedMask,
  type CompareRun,
} from './compare-values';

const run = (
  id: string,
  params: Record<string, string>,
  metrics: Record<string, number>,
  tags: Record<string, string> = {},
): CompareRun => ({
  runId: id,
  name: id,
  experimentId: '1',
  color: '#000000',
  params,
  metrics,
  tags,
});

const runs = [
  run('a', { lr: '0.1', opt: 'adam', seed: '1' }, { loss: 0.5, acc: 0.8 }, { team: 'x', 'mlflow.user': 'u' }),
  run('b', { lr: '0.01', opt: 'sgd', seed: '1' }, { loss: 0.3, acc: 0.9 }, { team: 'x' }),
  run('c', { lr: '0.001', opt: 'adam', seed: '1' }, { loss: 0.3, acc: 0.7 }),
];

describe('compareRows', () => {
  it('lists params, metrics and tags with a differs flag, hiding system tags', () => {
    const rows = compareRows(runs, { differencesOnly: false });
    expect(rows.map((row) => `${row.section}.${row.key}:${row.differs}`)).toEqual([
      'params.lr:true',
      'params.opt:true',
      'params.seed:false',
      'metrics.acc:true',
      'metrics.loss:true',
      'tags.team:true',
    ]);
  });
  it('keeps only differing rows when asked', () => {
    expect(compareRows(runs, { differencesOnly: true }).some((row) => row.key === 'seed')).toBe(false);
  });
});

describe('best values', () => {
  it('marks every tie and ignores non-numbers', () => {
    expect([...bestIndexes([0.5, 0.3, 0.3, undefined], 'min')]).toEqual([1, 2]);
    expect([...bestIndexes([0.8, NaN, 0.9], 'max')]).toEqual([2]);
    expect(bestIndexes([1], 'max').size).toBe(0);
    expect(bestIndexes([2, 2, 2], 'max').size).toBe(0);
  });
  it('parses per-metric directions', () => {
    expect(parseDirections('loss:max,a:b:min,bad:x')).toEqual({ loss: 'max', 'a:b': 'min' });
  });
});

describe('axes and brushing', () => {
  it('reads numeric params as numbers and other params as sorted categories', () => {
    const lr = axisValues(runs, 'param:lr');
    expect(lr.kind).toBe('numeric');
    expect(lr.extent).toEqual([0.001, 0.1]);
    const opt = axisValues(runs, 'param:opt');
    expect(opt.kind).toBe('categorical');
    expect(opt.categories).toEqual(['adam', 'sgd']);
    expect([...opt.values]).toEqual([0, 1, 0]);
  });
  it('positions values linearly or in log space', () => {
    const lr = axisValues(runs, 'param:lr');
    expect(axisPosition(lr, 0.01, true)).toBeCloseTo(0.5);
    expect(axisPosition(lr, 0.0505, false)).toBeCloseTo(0.5);
  });
  it('selects runs inside every brush', () => {
    const axes = [axisValues(runs, 'param:lr'), axisValues(runs, 'metric:loss')];
    expect([...selectedMask(axes, { 'param:lr': [0.005, 1] }, 3)]).toEqual([1, 1, 0]);
    expect([...selectedMask(axes, { 'param:lr': [0.005, 1], 'metric:loss': [0, 0.4] }, 3)]).toEqual([0, 1, 0]);
  });
  it('round-trips brushes through the URL', () => {
    const brushes = { 'param:lr': [0.001, 0.05] as [number, number] };
    expect(parseBrushes(encodeBrushes(brushes))).toEqual(brushes);
    expect(parseBrushes('junk,param:x~2~1')).toEqual({});
  });
});

describe('importanceMatrix', () => {
  it('orders categories by their mean target', () => {
    // adam mean loss 0.4, sgd 0.3 -> sgd ranks 0, adam 1
    const { X, y } = importanceMatrix(runs, ['lr', 'opt'], 'loss');
    expect(y).toEqual([0.5, 0.3, 0.3]);
    expect(X).toEqual([
      [0.1, 1],
      [0.01, 0],
      [0.001, 1],
    ]);
  });
});
