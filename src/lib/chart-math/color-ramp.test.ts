import { describe, expect, it } from 'vitest';
import { rampColor, themedRampColor } from './color-ramp';

describe('rampColor', () => {
  it('hits the end stops and interpolates between them', () => {
    expect(rampColor(0)).toBe('rgb(68, 1, 84)');
    expect(rampColor(1)).toBe('rgb(253, 231, 37)');
    // halfway between stop 0 and stop 1 (t = 0.125)
    expect(rampColor(0.125)).toBe('rgb(64, 42, 112)');
  });
  it('clamps and greys out non-finite values', () => {
    expect(rampColor(2)).toBe(rampColor(1));
    expect(rampColor(NaN)).toBe('rgb(140, 140, 140)');
  });
});

describe('themedRampColor', () => {
  it('uses the lighter part of the ramp on dark backgrounds and the darker on light ones', () => {
    expect(themedRampColor(0, true)).toBe(rampColor(0.2));
    expect(themedRampColor(1, false)).toBe(rampColor(0.85));
  });
});
