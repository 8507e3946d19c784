import { describe, expect, it } from 'vitest';
import { DEFAULT_CHART_SETTINGS, decodeChartSettings, decodeZoom, encodeChartSettings, encodeZoom } from './chart-settings';

describe('chart settings in the URL', () => {
  it('decodes defaults from an empty URL and encodes them to nothing', () => {
    expect(decodeChartSettings(new URLSearchParams())).toEqual(DEFAULT_CHART_SETTINGS);
    expect(encodeChartSettings(DEFAULT_CHART_SETTINGS, new URLSearchParams('q=x&view=chart')).toString()).toBe('q=x&view=chart');
  });

  it('round-trips every setting and keeps other parameters', () => {
    const settings = {
      ...DEFAULT_CHART_SETTINGS,
      xAxis: { kind: 'metric' as const, key: 'train/epoch' },
      yScale: 'log' as const,
      ignoreOutliers: true,
      smoothing: 'ema' as const,
      emaWeight: 0.9,
      groupBy: 'param:lr',
      center: 'median' as const,
      band: 'stderr' as const,
      search: '^val/',
      zoom: { 'l|loss': { start: 10, end: 20 } },
    };
    const encoded = encodeChartSettings(settings, new URLSearchParams('q=keep'));
    expect(encoded.get('q')).toBe('keep');
    expect(decodeChartSettings(encoded)).toEqual(settings);
  });

  it('clamps and sanitises hand-edited values', () => {
    const decoded = decodeChartSettings(new URLSearchParams('csm=cma&csw=8&cx=bogus&cy=cubic&cg=nonsense&cband=huge'));
    expect(decoded.cmaWindow).toBe(9);
    expect(decoded.xAxis).toEqual({ kind: 'step' });
    expect(decoded.yScale).toBe('linear');
    expect(decoded.groupBy).toBe('');
    expect(decoded.band).toBe('minmax');
    expect(decodeChartSettings(new URLSearchParams('csm=ema&csw=5')).emaWeight).toBe(0.99);
  });

  it('parses zoom windows and drops malformed ones', () => {
    expect(decodeZoom('l|a~1~5,l|b~9~2,junk,l|c~x~3')).toEqual({ 'l|a': { start: 1, end: 5 } });
    expect(encodeZoom({ 'l|a': { start: 1, end: 5 } })).toBe('l|a~1~5');
  });
});
