import { describe, expect, it } from 'vitest';
import { RUN_COLOR_PALETTE, colorForRun, defaultRunColor, hashString, isHexColor } from './run-colors';

describe('run colours', () => {
  it('hashes the same id to the same palette colour', () => {
    expect(defaultRunColor('abc')).toBe(defaultRunColor('abc'));
    expect(RUN_COLOR_PALETTE).toContain(defaultRunColor('abc'));
    expect(hashString('')).toBe(0x811c9dc5);
  });

  it('spreads hex run ids over the palette', () => {
    const used = new Set(Array.from({ length: 200 }, (_, index) => defaultRunColor(index.toString(16).padStart(32, '0'))));
    expect(used.size).toBeGreaterThan(RUN_COLOR_PALETTE.length / 2);
  });

  it('prefers a valid override', () => {
    expect(colorForRun('abc', { abc: '#ABCDEF' })).toBe('#abcdef');
    expect(colorForRun('abc', { abc: 'red' })).toBe(defaultRunColor('abc'));
    expect(colorForRun('constructor', {})).toBe(defaultRunColor('constructor'));
    expect(isHexColor('#12345g')).toBe(false);
  });
});
