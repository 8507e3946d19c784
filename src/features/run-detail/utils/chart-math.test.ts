import { describe, expect, it } from 'vitest';
import { downsampleMinMax, sparklinePath } from './chart-math';

describe('downsampleMinMax', () => {
  const series = Array.from({ length: 1000 }, (_, x) => ({ x, y: x === 500 ? 1000 : Math.sin(x / 10) }));

  it('leaves short series alone', () => {
    expect(downsampleMinMax(series.slice(0, 10), 10)).toHaveLength(10);
  });

  it('reduces long series but keeps spikes and the ends', () => {
    const out = downsampleMinMax(series, 50);
    expect(out.length).toBeLessThanOrEqual(101);
    expect(out.some((point) => point.y === 1000)).toBe(true);
    expect(out[0]).toBe(series[0]);
    expect(out[out.length - 1]).toBe(series[999]);
    for (let i = 1; i < out.length; i += 1) expect((out[i]?.x ?? 0) >= (out[i - 1]?.x ?? 0)).toBe(true);
  });
});

describe('sparklinePath', () => {
  it('scales points into the box', () => {
    expect(sparklinePath([{ x: 0, y: 0 }, { x: 1, y: 1 }], 10, 10, 0)).toBe('M 0 10 L 10 0');
  });
  it('draws a flat line for constant or single values, nothing for no values', () => {
    expect(sparklinePath([{ x: 0, y: 3 }, { x: 1, y: 3 }], 10, 10, 0)).toBe('M 0 5 L 10 5');
    expect(sparklinePath([{ x: 0, y: 3 }], 10, 10, 0)).toBe('M 0 5 L 10 5');
    expect(sparklinePath([], 10, 10)).toBe('');
    expect(sparklinePath([{ x: 0, y: NaN }], 10, 10)).toBe('');
  });
});
