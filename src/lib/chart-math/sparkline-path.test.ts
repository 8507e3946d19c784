import { describe, expect, it } from 'vitest';
import { sparklinePath } from './sparkline-path';

describe('sparklinePath', () => {
  it('scales points into the box', () => {
    expect(
      sparklinePath(
        [
          { x: 0, y: 0 },
          { x: 1, y: 1 },
        ],
        10,
        10,
        0,
      ),
    ).toBe('M 0 10 L 10 0');
  });
  it('draws a flat line for constant or single values, nothing for no values', () => {
    expect(
      sparklinePath(
        [
          { x: 0, y: 3 },
          { x: 1, y: 3 },
        ],
        10,
        10,
        0,
      ),
    ).toBe('M 0 5 L 10 5');
    expect(sparklinePath([{ x: 0, y: 3 }], 10, 10, 0)).toBe('M 0 5 L 10 5');
    expect(sparklinePath([], 10, 10)).toBe('');
    expect(sparklinePath([{ x: 0, y: NaN }], 10, 10)).toBe('');
  });
});
