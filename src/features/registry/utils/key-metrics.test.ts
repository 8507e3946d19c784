import { describe, expect, it } from 'vitest';
import { chooseKeyMetrics, compareMetric, formatDelta, isLowerBetter } from './key-metrics';

describe('key metrics', () => {
  it('knows which metrics improve downwards', () => {
    expect(isLowerBetter('val_loss')).toBe(true);
    expect(isLowerBetter('rmse')).toBe(true);
    expect(isLowerBetter('error_rate')).toBe(true);
    expect(isLowerBetter('accuracy')).toBe(false);
    expect(isLowerBetter('f1')).toBe(false);
  });

  it('prefers metrics most runs have, well-known ones first, a user choice before all', () => {
    const runs = [
      ['loss', 'accuracy', 'zeta', 'epoch_time'],
      ['loss', 'accuracy', 'zeta'],
      ['accuracy', 'only_here'],
    ];
    expect(chooseKeyMetrics(runs)).toEqual(['accuracy', 'loss', 'zeta']);
    expect(chooseKeyMetrics(runs, 2, 'zeta')).toEqual(['zeta', 'accuracy']);
    expect(chooseKeyMetrics(runs, 2, 'missing')).toEqual(['accuracy', 'loss']);
    expect(chooseKeyMetrics([])).toEqual([]);
    expect(chooseKeyMetrics([['train/accuracy', 'val/accuracy', 'train/loss', 'val/loss']], 2)).toEqual(['val/accuracy', 'train/accuracy']);
  });

  it('compares a value with a baseline in the metric direction', () => {
    expect(compareMetric('accuracy', 0.9, 0.8)).toEqual({ delta: expect.closeTo(0.1, 10) as number, better: true });
    expect(compareMetric('loss', 0.9, 0.8)?.better).toBe(false);
    expect(compareMetric('loss', 0.5, 0.5)).toEqual({ delta: 0, better: undefined });
    expect(compareMetric('loss', undefined, 0.5)).toBeUndefined();
    expect(compareMetric('loss', NaN, 0.5)).toBeUndefined();
  });

  it('formats deltas with a sign', () => {
    expect(formatDelta(0.03)).toBe('+0.03');
    expect(formatDelta(-0.012345)).toBe('−0.0123');
    expect(formatDelta(0)).toBe('±0');
    expect(formatDelta(0.00001)).toBe('+1.00e-5');
  });
});
