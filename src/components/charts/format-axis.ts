// Tick and tooltip labels for the x axis modes.
import { formatMetricValue } from '../../lib/format/format-number';
import type { XAxisMode } from './chart-settings';

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '';
  const sign = seconds < 0 ? '-' : '';
  const abs = Math.abs(seconds);
  if (abs < 60) return `${sign}${Number(abs.toPrecision(3))}s`;
  if (abs < 3600) return `${sign}${Math.floor(abs / 60)}m${Math.round(abs % 60) ? ` ${Math.round(abs % 60)}s` : ''}`;
  if (abs < 86400) return `${sign}${Number((abs / 3600).toPrecision(3))}h`;
  return `${sign}${Number((abs / 86400).toPrecision(3))}d`;
}

export function formatWallTime(ms: number): string {
  if (!Number.isFinite(ms)) return '';
  const date = new Date(ms);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

export function xFormatter(mode: XAxisMode): (value: number) => string {
  if (mode.kind === 'relative') return formatDuration;
  if (mode.kind === 'wall') return formatWallTime;
  if (mode.kind === 'step')
    return (value) =>
      Number.isInteger(value) || Math.abs(value) >= 1000 ? Math.round(value).toLocaleString('en-US') : formatMetricValue(value);
  return formatMetricValue;
}

/** The x axis' title in exports. */
export function xAxisTitle(mode: XAxisMode): string {
  if (mode.kind === 'relative') return 'Relative time';
  if (mode.kind === 'wall') return 'Wall time';
  if (mode.kind === 'metric') return mode.key;
  return 'Step';
}
