// Min / max of a metric per run, from the points of metrics/get-history-bulk-interval.
import { wireDouble } from '../../../lib/api-client';
import type { MetricWithRunId } from '../../../lib/mlflow/wire-types';

export interface MetricRange {
  min: number;
  max: number;
}

/** NaN points are ignored; a run with only NaN points gets NaN for both. */
export function metricRanges(points: readonly MetricWithRunId[]): Map<string, MetricRange> {
  const ranges = new Map<string, MetricRange>();
  for (const point of points) {
    const value = wireDouble(point.value);
    const range = ranges.get(point.run_id);
    if (!range) {
      ranges.set(point.run_id, { min: value, max: value });
      continue;
    }
    if (Number.isNaN(value)) continue;
    if (Number.isNaN(range.min) || value < range.min) range.min = value;
    if (Number.isNaN(range.max) || value > range.max) range.max = value;
  }
  return ranges;
}
