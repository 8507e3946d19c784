import { describe, expect, it } from 'vitest';
import { idwGrid } from './contour-grid';

describe('idwGrid', () => {
  it('interpolates by inverse squared distance in normalised coordinates', () => {
    // Two runs at the ends of x; a 3x1 grid has cells at 1/6, 1/2, 5/6 of the range.
    const grid = idwGrid(
      [
        { x: 0, y: 0, z: 0 },
        { x: 10, y: 0, z: 10 },
      ],
      { nx: 3, ny: 1 },
    );
    expect(grid).toBeDefined();
    // middle cell is equidistant -> mean 5
    expect(grid?.values[1]).toBeCloseTo(5);
    // left cell: distances 1/6 and 5/6 (and y offset 0.5 for both): weights 1/(1/36+1/4), 1/(25/36+1/4)
    const w1 = 1 / (1 / 36 + 0.25);
    const w2 = 1 / (25 / 36 + 0.25);
    expect(grid?.values[0]).toBeCloseTo((w2 * 10) / (w1 + w2));
    expect([...(grid?.xs ?? [])].map((x) => Number(x.toFixed(3)))).toEqual([1.667, 5, 8.333]);
    expect(grid?.zRange).toEqual([0, 10]);
  });

  it('works in log space and skips non-positive values there', () => {
    const grid = idwGrid(
      [
        { x: 0.001, y: 1, z: 1 },
        { x: 0.1, y: 1, z: 3 },
        { x: -1, y: 1, z: 100 },
      ],
      { nx: 1, ny: 1, logX: true },
    );
    expect(grid?.xs[0]).toBeCloseTo(0.01);
    expect(grid?.values[0]).toBeCloseTo(2);
  });

  it('is undefined without usable points', () => {
    expect(idwGrid([{ x: NaN, y: 0, z: 1 }], { nx: 2, ny: 2 })).toBeUndefined();
  });
});
