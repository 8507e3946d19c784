import { describe, expect, it } from 'vitest';
import { formatAbsoluteTime, formatDuration, formatRelativeTime, runDuration, toIsoTime } from './format-time';

describe('formatDuration', () => {
  it.each([
    [0, '0ms'],
    [850, '850ms'],
    [1000, '1.0s'],
    [12_345, '12s'],
    [9_950, '9.9s'],
    [65_000, '1m 05s'],
    [3_600_000 + 3 * 60_000, '1h 03m'],
    [3 * 86_400_000 + 4 * 3_600_000, '3d 04h'],
  ])('%d ms → %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('gives an empty string for missing, negative and non-finite durations', () => {
    expect(formatDuration(undefined)).toBe('');
    expect(formatDuration(-1)).toBe('');
    expect(formatDuration(NaN)).toBe('');
  });
});

describe('runDuration', () => {
  it('uses the end time when there is one', () => {
    expect(runDuration(1000, 5000, 99_999)).toBe(4000);
  });
  it('counts to now while the run has no end', () => {
    expect(runDuration(1000, undefined, 3000)).toBe(2000);
  });
  it('is undefined without a start or with an end before the start', () => {
    expect(runDuration(undefined, 10)).toBeUndefined();
    expect(runDuration(0, 10)).toBeUndefined();
    expect(runDuration(100, 50)).toBeUndefined();
  });
});

describe('formatRelativeTime', () => {
  const now = 1_700_000_000_000;
  it.each([
    [now - 1000, 'just now'],
    [now - 30_000, '30 seconds ago'],
    [now - 60_000, '1 minute ago'],
    [now - 3 * 3_600_000, '3 hours ago'],
    [now - 2 * 86_400_000, '2 days ago'],
    [now + 2 * 3_600_000, 'in 2 hours'],
  ])('%d → %s', (ms, text) => {
    expect(formatRelativeTime(ms, now)).toBe(text);
  });
  it('falls back to a date after a month', () => {
    expect(formatRelativeTime(now - 90 * 86_400_000, now)).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
  it('is empty for a missing time', () => {
    expect(formatRelativeTime(undefined, now)).toBe('');
  });
});

describe('formatAbsoluteTime', () => {
  it('formats local time as YYYY-MM-DD HH:MM:SS', () => {
    const ms = new Date(2024, 4, 1, 13, 4, 5).getTime();
    expect(formatAbsoluteTime(ms)).toBe('2024-05-01 13:04:05');
  });
  it('is empty for missing input', () => {
    expect(formatAbsoluteTime(undefined)).toBe('');
    expect(toIsoTime(undefined)).toBeUndefined();
  });
});
