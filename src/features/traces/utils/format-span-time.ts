import { formatDuration } from '../../../lib/format/format-time';

/** Span and trace durations: sub-millisecond spans keep two decimals (`0.42ms`), longer ones read like other durations. */
export function formatSpanDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 10) return `${ms.toFixed(2).replace(/\.?0+$/, '') || '0'}ms`;
  return formatDuration(ms);
}
