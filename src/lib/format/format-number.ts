// Number and size formatting for metrics, params and artifacts.

/** Metric values: up to 6 significant digits, exponent for very large/small numbers, NaN/∞ spelled out. */
export function formatMetricValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '∞';
  if (value === -Infinity) return '-∞';
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (Number.isInteger(value) && abs < 1e15) return String(value);
  if (abs >= 1e6 || abs < 1e-4) return value.toExponential(4).replace(/\.?0+e/, 'e');
  return String(Number(value.toPrecision(6)));
}

const SIZE_UNITS = ['B', 'KB', 'MB', 'GB', 'TB'] as const;

/** `0 B`, `512 B`, `1.5 KB`, `20.0 MB` (binary multiples, as file browsers show). */
export function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined || !Number.isFinite(bytes) || bytes < 0) return '';
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < SIZE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const label = SIZE_UNITS[unit] ?? 'B';
  return unit === 0 ? `${value} ${label}` : `${value < 10 ? value.toFixed(1) : Math.round(value)} ${label}`;
}

/** 1234567 → "1,234,567". */
export function formatCount(value: number): string {
  return value.toLocaleString('en-US');
}
