import { describe, expect, it } from 'vitest';
import { formatSpanDuration } from './format-span-time';

describe('formatSpanDuration', () => {
  it('keeps sub-millisecond precision and reads longer spans like durations', () => {
    expect(formatSpanDuration(0.423)).toBe('0.42ms');
    expect(formatSpanDuration(0)).toBe('0ms');
    expect(formatSpanDuration(3)).toBe('3ms');
    expect(formatSpanDuration(250.4)).toBe('250ms');
    expect(formatSpanDuration(1500)).toBe('1.5s');
    expect(formatSpanDuration(undefined)).toBe('—');
  });
});
