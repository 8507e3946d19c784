// Display formatting for run cells: relative and absolute times, durations, metric values.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const relativeFormat = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
const relativeCache = new Map<string, string>();

/** Intl is slow for long tables; there are few distinct answers, so they are cached. */
function relative(value: number, unit: Intl.RelativeTimeFormatUnit): string {
  const key = `${value}${unit}`;
  let text = relativeCache.get(key);
  if (text === undefined) {
    text = relativeFormat.format(value, unit);
    relativeCache.set(key, text);
  }
  return text;
}

export function formatRelativeTime(time: number, now: number): string {
  const diff = time - now;
  const abs = Math.abs(diff);
  if (abs < 45_000) return 'just now';
  if (abs < HOUR) return relative(Math.round(diff / MINUTE), 'minute');
  if (abs < DAY) return relative(Math.round(diff / HOUR), 'hour');
  if (abs < 30 * DAY) return relative(Math.round(diff / DAY), 'day');
  if (abs < 365 * DAY) return relative(Math.round(diff / (30 * DAY)), 'month');
  return relative(Math.round(diff / (365 * DAY)), 'year');
}

const pad = (value: number): string => (value < 10 ? `0${value}` : String(value));

/** Local date and time, `2024-01-02 03:04:05` (hand-formatted: Intl is slow in long tables). */
export function formatAbsoluteTime(time: number): string {
  const date = new Date(time);
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** 850ms, 12.3s, 4.5min, 2.1h, 3.0d */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < MINUTE) return `${(ms / 1000).toFixed(1)}s`;
  if (ms < HOUR) return `${(ms / MINUTE).toFixed(1)}min`;
  if (ms < DAY) return `${(ms / HOUR).toFixed(1)}h`;
  return `${(ms / DAY).toFixed(1)}d`;
}

export function runDuration(startTime: number | undefined, endTime: number | undefined, now: number): number | undefined {
  if (startTime === undefined) return undefined;
  return (endTime ?? now) - startTime;
}

export function formatMetricValue(value: number | undefined): string {
  if (value === undefined) return '';
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  if (Number.isInteger(value)) return String(value);
  const abs = Math.abs(value);
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e9)) return value.toExponential(4);
  return String(Number(value.toPrecision(6)));
}

export function shortCommit(commit: string | undefined): string {
  return commit ? commit.slice(0, 7) : '';
}

/** Last path segment of a source name, for a compact cell. */
export function shortSource(source: string | undefined): string {
  if (!source) return '';
  const parts = source.split(/[\\/]/).filter(Boolean);
  return parts[parts.length - 1] ?? source;
}
