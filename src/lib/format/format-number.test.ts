import { describe, expect, it } from 'vitest';
import { formatBytes, formatCount, formatMetricValue } from './format-number';

describe('formatMetricValue', () => {
  it.each([
    [0, '0'],
    [42, '42'],
    [0.123456789, '0.123457'],
    [-1.5, '-1.5'],
    [1234567.891, '1.2346e+6'],
    [0.00001234, '1.234e-5'],
    [NaN, 'NaN'],
    [Infinity, '∞'],
    [-Infinity, '-∞'],
  ])('%d → %s', (value, text) => {
    expect(formatMetricValue(value)).toBe(text);
  });
});

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [512, '512 B'],
    [1536, '1.5 KB'],
    [20 * 1024 * 1024, '20 MB'],
    [3.2 * 1024 ** 3, '3.2 GB'],
  ])('%d → %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
  it('is empty for unknown sizes', () => {
    expect(formatBytes(undefined)).toBe('');
  });
});

describe('formatCount', () => {
  it('groups thousands', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
  });
});
