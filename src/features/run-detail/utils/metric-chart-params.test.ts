import { describe, expect, it } from 'vitest';
import { readChartParams, writeChartParams, xValue } from './metric-chart-params';

describe('metric chart URL state', () => {
  it('reads defaults and clamps smoothing', () => {
    expect(readChartParams(new URLSearchParams())).toEqual({ xAxis: 'step', logScale: false, smoothing: 0 });
    expect(readChartParams(new URLSearchParams('x=wall&log=1&smooth=0.6'))).toEqual({ xAxis: 'wall', logScale: true, smoothing: 0.6 });
    expect(readChartParams(new URLSearchParams('smooth=5')).smoothing).toBe(0.99);
    expect(readChartParams(new URLSearchParams('smooth=abc&x=nope')).smoothing).toBe(0);
  });

  it('writes only non-defaults', () => {
    const search = writeChartParams(new URLSearchParams(), { xAxis: 'relative', logScale: true, smoothing: 0.3 });
    expect(search.toString()).toBe('x=relative&log=1&smooth=0.3');
    expect(writeChartParams(search, { xAxis: 'step', logScale: false, smoothing: 0 }).toString()).toBe('');
  });

  it('computes x values per axis mode', () => {
    const point = { step: 7, timestamp: 5000 };
    expect(xValue('step', point, 1000)).toBe(7);
    expect(xValue('wall', point, 1000)).toBe(5000);
    expect(xValue('relative', point, 1000)).toBe(4);
  });
});
