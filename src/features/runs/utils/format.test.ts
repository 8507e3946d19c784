import { describe, expect, it } from 'vitest';
import { formatAbsoluteTime, formatDuration, formatMetricValue, formatRelativeTime, runDuration, shortCommit, shortSource } from './format';

describe('formatting', () => {
  it('formats relative times', () => {
    const now = 1_700_000_000_000;
    expect(formatRelativeTime(now - 10_000, now)).toBe('just now');
    expect(formatRelativeTime(now - 5 * 60_000, now)).toBe('5 minutes ago');
    expect(formatRelativeTime(now - 3 * 3_600_000, now)).toBe('3 hours ago');
    expect(formatRelativeTime(now - 86_400_000, now)).toBe('yesterday');
  });

  it('formats absolute local times', () => {
    expect(formatAbsoluteTime(new Date(2024, 0, 2, 3, 4, 5).getTime())).toBe('2024-01-02 03:04:05');
  });

  it('formats durations', () => {
    expect(formatDuration(850)).toBe('850ms');
    expect(formatDuration(12_300)).toBe('12.3s');
    expect(formatDuration(270_000)).toBe('4.5min');
    expect(formatDuration(-1)).toBe('');
    expect(runDuration(10, undefined, 25)).toBe(15);
    expect(runDuration(undefined, 5, 25)).toBeUndefined();
  });

  it('formats metric values', () => {
    expect(formatMetricValue(NaN)).toBe('NaN');
    expect(formatMetricValue(-Infinity)).toBe('-Infinity');
    expect(formatMetricValue(3)).toBe('3');
    expect(formatMetricValue(0.123456789)).toBe('0.123457');
    expect(formatMetricValue(0.00001234)).toBe('1.2340e-5');
    expect(formatMetricValue(undefined)).toBe('');
  });

  it('shortens commits and sources', () => {
    expect(shortCommit('0123456789abcdef')).toBe('0123456');
    expect(shortSource('/home/me/train.py')).toBe('train.py');
    expect(shortSource('C:\\work\\x.py')).toBe('x.py');
  });
});
