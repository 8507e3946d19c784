import { describe, expect, it } from 'vitest';
import { hoverRows, nearestIndex, type HoverLine } from './hover-rows';

const line = (id: string, ys: number[], ascending = true): HoverLine => ({
  id,
  label: id,
  color: '#000',
  xs: ascending ? ys.map((_, i) => i * 10) : ys.map((_, i) => (ys.length - i) * 10),
  ys,
  ascending,
});

describe('nearestIndex', () => {
  it('finds the nearest point by binary search or by scan', () => {
    expect(nearestIndex([0, 10, 20, 30], 14, true)).toBe(1);
    expect(nearestIndex([0, 10, 20, 30], 16, true)).toBe(2);
    expect(nearestIndex([0, 10, 20, 30], 99, true)).toBe(3);
    expect(nearestIndex([30, 0, 20, 10], 16, false)).toBe(2);
    expect(nearestIndex([], 1, true)).toBe(-1);
  });
});

describe('hoverRows', () => {
  it('lists every line, sorted high to low with NaN last, and the line nearest the pointer', () => {
    const lines = Array.from({ length: 50 }, (_, i) => line(`r${i}`, [i, i + 1, i + 2]));
    lines.push(line('gap', [NaN, NaN, NaN]));
    const { rows, nearest } = hoverRows(lines, 10, 20.8, (value) => value);
    expect(rows).toHaveLength(51);
    expect(rows[0]?.id).toBe('r49');
    expect(rows[49]?.id).toBe('r0');
    expect(rows[50]?.id).toBe('gap');
    // Value 21 (r20 at x=10) is 0.2 px from the pointer.
    expect(nearest).toBe('r20');
  });

  it('names no line when none is within the distance', () => {
    expect(hoverRows([line('a', [0, 1, 2])], 0, 500, (value) => value).nearest).toBeNull();
  });
});
