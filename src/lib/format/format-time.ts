// Time formatting shared by every page: absolute timestamps, "3 min ago", and run durations.

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/** `2024-05-01 13:04:05` in local time; '' for a missing or invalid time. */
export function formatAbsoluteTime(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '';
  const date = new Date(ms);
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** ISO string for `<time dateTime>`. */
export function toIsoTime(ms: number | undefined): string | undefined {
  if (ms === undefined || !Number.isFinite(ms)) return undefined;
  return new Date(ms).toISOString();
}

/** "just now", "5 seconds ago", "3 minutes ago", "in 2 hours", "4 days ago", then a date after ~a month. */
export function formatRelativeTime(ms: number | undefined, now: number = Date.now()): string {
  if (ms === undefined || !Number.isFinite(ms)) return '';
  const diff = now - ms;
  const abs = Math.abs(diff);
  const future = diff < 0;
  if (abs < 5 * SECOND) return 'just now';
  const phrase = (value: number, unit: string) => {
    const text = `${value} ${unit}${value === 1 ? '' : 's'}`;
    return future ? `in ${text}` : `${text} ago`;
  };
  if (abs < MINUTE) return phrase(Math.floor(abs / SECOND), 'second');
  if (abs < HOUR) return phrase(Math.floor(abs / MINUTE), 'minute');
  if (abs < DAY) return phrase(Math.floor(abs / HOUR), 'hour');
  if (abs < 30 * DAY) return phrase(Math.floor(abs / DAY), 'day');
  return formatAbsoluteTime(ms).slice(0, 10);
}

/**
 * A compact duration: `850ms`, `12.3s`, `4m 05s`, `2h 03m`, `3d 04h`.
 * Negative or non-finite durations give ''.
 */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms) || ms < 0) return '';
  if (ms < SECOND) return `${Math.round(ms)}ms`;
  if (ms < MINUTE) {
    const seconds = ms / SECOND;
    return `${seconds < 10 ? seconds.toFixed(1) : Math.floor(seconds)}s`;
  }
  if (ms < HOUR) return `${Math.floor(ms / MINUTE)}m ${pad(Math.floor((ms % MINUTE) / SECOND))}s`;
  if (ms < DAY) return `${Math.floor(ms / HOUR)}h ${pad(Math.floor((ms % HOUR) / MINUTE))}m`;
  return `${Math.floor(ms / DAY)}d ${pad(Math.floor((ms % DAY) / HOUR))}h`;
}

/** Duration of a run: end − start, or now − start while it has no end time. */
export function runDuration(startTime: number | undefined, endTime: number | undefined, now: number = Date.now()): number | undefined {
  if (startTime === undefined || startTime <= 0) return undefined;
  const end = endTime ?? now;
  return end >= startTime ? end - startTime : undefined;
}
