// Helpers shared by the demo experiments: deterministic clock, metric points, and the small text
// artifacts a training script leaves behind (config, summary, predictions, log).
import type { Metric } from '../../src/lib/mlflow/wire-types.js';
import type { DemoApi } from './demo-api.js';
import type { Random } from './random.js';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/**
 * The demo's own "now", as an offset from its epoch: its last metric point (a RUNNING sweep run)
 * is logged at 51.97 h, so at load time the running runs read "started minutes ago".
 */
export const DEMO_SPAN = 52 * HOUR;

/**
 * Every demo timestamp is an offset from this instant, set when the demo loads to `now - DEMO_SPAN`
 * (so nothing reads "last year"); the same `now` gives identical runs, metrics and artifacts.
 * A live binding: modules that import it see the value set by `setDemoClock`.
 */
export let DEMO_EPOCH = Date.UTC(2025, 8, 1, 8, 0, 0);

export function setDemoClock(now: number): void {
  DEMO_EPOCH = now - DEMO_SPAN;
}

export interface ArtifactFile {
  path: string;
  content: Buffer | string;
  contentType: string;
}

/** A metric value with six significant digits, or MLflow's wire string for NaN/±Infinity. */
export function wireValue(value: number): Metric['value'] {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  return roundSignificant(value, 6);
}

/**
 * `value` rounded to `digits` significant digits, as the double nearest that decimal (so it prints
 * short). Same result as `Number(value.toPrecision(digits))`, several times faster.
 */
export function roundSignificant(value: number, digits: number): number {
  if (value === 0 || !Number.isFinite(value)) return value;
  const exponent = digits - 1 - Math.floor(Math.log10(Math.abs(value)));
  if (exponent > 0 && exponent <= 22) {
    const scale = 10 ** exponent;
    return Math.round(value * scale) / scale;
  }
  if (exponent <= 0 && exponent >= -22) {
    const scale = 10 ** -exponent;
    return Math.round(value / scale) * scale;
  }
  return Number(value.toPrecision(digits));
}

export function point(key: string, value: number, step: number, timestamp: number): Metric {
  return { key, value: wireValue(value), timestamp: Math.round(timestamp), step };
}

/** Shortest natural string for a param value (`0.00316`, `64`, `adamw`). */
export function paramValue(value: number | string, significant = 3): string {
  if (typeof value === 'string') return value;
  if (Number.isInteger(value)) return String(value);
  return String(Number(value.toPrecision(significant)));
}

export function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/** A flat YAML mapping (one level of nesting), the way a training config file looks. */
export function toYaml(config: Record<string, string | number | boolean | Record<string, string | number | boolean>>): string {
  const lines: string[] = [];
  for (const [key, value] of Object.entries(config)) {
    if (typeof value === 'object') {
      lines.push(`${key}:`);
      for (const [innerKey, innerValue] of Object.entries(value)) lines.push(`  ${innerKey}: ${String(innerValue)}`);
    } else lines.push(`${key}: ${String(value)}`);
  }
  return lines.join('\n') + '\n';
}

/** `2025-09-02 10:15:31,123`, Python logging's default time format. */
export function logTime(epochMs: number): string {
  const iso = new Date(epochMs).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)},${iso.slice(20, 23)}`;
}

/** Latest value per key of a point list (greatest step wins), for summaries. */
export function latestValues(metrics: readonly Metric[]): Record<string, number | string> {
  const latest = new Map<string, Metric>();
  for (const metric of metrics) {
    const current = latest.get(metric.key);
    if (!current || Number(metric.step ?? 0) >= Number(current.step ?? 0)) latest.set(metric.key, metric);
  }
  return Object.fromEntries([...latest].map(([key, metric]) => [key, metric.value]));
}

/** Points of one key as [step, value] pairs (NaN for the wire strings), for plots. */
export function seriesOf(metrics: readonly Metric[], key: string): [number, number][] {
  return metrics
    .filter((metric) => metric.key === key)
    .map((metric) => [Number(metric.step ?? 0), typeof metric.value === 'number' ? metric.value : NaN]);
}

/** A classifier's predictions file: id, true label, predicted label and confidence. */
export function predictionsCsv(random: Random, labels: readonly string[], accuracy: number, rows: number): string {
  const lines = ['id,label,predicted,confidence'];
  for (let id = 0; id < rows; id += 1) {
    const label = random.pick(labels);
    const correct = random.chance(accuracy);
    const predicted = correct ? label : random.pick(labels.filter((candidate) => candidate !== label));
    const confidence = correct ? random.uniform(0.55, 0.999) : random.uniform(0.3, 0.8);
    lines.push(`${id},${label},${predicted},${confidence.toFixed(4)}`);
  }
  return lines.join('\n') + '\n';
}

export async function uploadFiles(api: DemoApi, artifactUri: string, files: readonly ArtifactFile[]): Promise<void> {
  for (const file of files) await api.putArtifact(artifactUri, file.path, file.content, file.contentType);
}
