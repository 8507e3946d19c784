import { describe, expect, it } from 'vitest';
import { denormalize, linearTicks, logTicks, niceDomain, niceStep, normalize, padDomain } from './ticks';

describe('ticks', () => {
  it('uses 1-2-5 steps', () => {
    expect(niceStep(10, 5)).toBe(2);
    expect(niceStep(0.7, 5)).toBe(0.2);
    expect(linearTicks(0, 10, 5)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(linearTicks(0.13, 0.91, 4)).toEqual([0.2, 0.4, 0.6, 0.8]);
  });
  it('uses decades on log scales', () => {
    expect(logTicks(0.001, 10)).toEqual([0.001, 0.01, 0.1, 1, 10]);
  });
  it('maps values to [0,1] and back', () => {
    expect(normalize(5, [0, 10], 'linear')).toBe(0.5);
    expect(normalize(10, [1, 100], 'log')).toBe(0.5);
    expect(normalize(-1, [1, 100], 'log')).toBeNaN();
    expect(denormalize(0.5, [1, 100], 'log')).toBeCloseTo(10);
  });
  it('pads domains', () => {
    expect(padDomain([0, 10], 'linear', 0.1)).toEqual([-1, 11]);
    expect(padDomain([5, 5], 'linear')).toEqual([4.5, 5.5]);
  });
});

describe('niceDomain', () => {
  it('widens the range to nice ticks', () => {
    expect(niceDomain(0.931, 0.969, 4)).toEqual({ domain: [0.93, 0.97], ticks: [0.93, 0.94, 0.95, 0.96, 0.97] });
    expect(niceDomain(0.1, 0.2, 4).domain).toEqual([0.1, 0.2]);
  });
  it('gives a single value some room', () => {
    const { domain } = niceDomain(5, 5);
    expect(domain[0]).toBeLessThan(5);
    expect(domain[1]).toBeGreaterThan(5);
  });
});
