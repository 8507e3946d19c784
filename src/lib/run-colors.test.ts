import { describe, expect, it } from 'vitest';
import { assignRunColors, isHexColor, paletteColor, parseColorOverrides, RUN_COLOR_PALETTE, type ColorSlots } from './run-colors';

const ids = (count: number, prefix = 'run') => Array.from({ length: count }, (_, index) => `${prefix}${index}`);

/** Relative luminance (WCAG) of #rrggbb. */
function luminance(hex: string): number {
  const channel = (offset: number) => {
    const value = parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}
const contrast = (a: number, b: number) => (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);

describe('run colours', () => {
  it('gives 27 runs on screen 27 distinct colours, in order', () => {
    const colors = assignRunColors(ids(27), {}, new Map());
    expect(new Set(colors.values()).size).toBe(27);
    expect(colors.get('run0')).toBe(RUN_COLOR_PALETTE[0]);
    expect(colors.get('run1')).toBe(RUN_COLOR_PALETTE[1]);
    expect([...colors.values()].every(isHexColor)).toBe(true);
  });

  it('keeps 500 runs distinct (generated hues after the palette)', () => {
    expect(new Set(assignRunColors(ids(500), {}, new Map()).values()).size).toBe(500);
  });

  it('keeps a run its colour while the view changes around it', () => {
    const slots: ColorSlots = new Map();
    const first = assignRunColors(['a', 'b', 'c', 'd'], {}, slots);
    // b and d stay, a and c leave, e and f arrive: b and d keep theirs, the newcomers take free ones.
    const second = assignRunColors(['e', 'd', 'f', 'b'], {}, slots);
    expect(second.get('b')).toBe(first.get('b'));
    expect(second.get('d')).toBe(first.get('d'));
    expect(new Set(second.values()).size).toBe(4);
    // Coming back: a and c were not displaced, so they get their colours again.
    const third = assignRunColors(['a', 'b', 'c', 'd'], {}, slots);
    expect(third).toEqual(first);
  });

  it('keeps chosen colours and gives no other run the same palette colour', () => {
    const chosen = RUN_COLOR_PALETTE[0] ?? '';
    const colors = assignRunColors(['a', 'b', 'c'], { c: chosen.toUpperCase(), x: '#123456' }, new Map());
    expect(colors.get('c')).toBe(chosen);
    expect(colors.get('a')).not.toBe(chosen);
    expect(new Set(colors.values()).size).toBe(3);
  });

  it('reads on light and dark backgrounds', () => {
    const white = luminance('#ffffff');
    const dark = luminance('#0f1115');
    for (let index = 0; index < 60; index += 1) {
      const lum = luminance(paletteColor(index));
      expect(contrast(lum, white), paletteColor(index)).toBeGreaterThan(1.5);
      expect(contrast(lum, dark), paletteColor(index)).toBeGreaterThan(3);
    }
  });

  it('reads overrides leniently', () => {
    expect(parseColorOverrides({ a: '#ABCDEF', b: 'red', c: 3 })).toEqual({ a: '#abcdef' });
    expect(parseColorOverrides(['#abcdef'])).toEqual({});
    expect(parseColorOverrides(null)).toEqual({});
  });
});
