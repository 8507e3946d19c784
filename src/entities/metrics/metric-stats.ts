// Min, max and last of a whole metric history: what a summary shows when the server offers no
// buckets (a plain MLflow), read from every point rather than MLflow's step sample.
import type { HistoryPoint } from './metric-model';

export interface MetricStats {
  min: number;
  max: number;
  last: number;
  lastStep: number;
  count: number;
}

/** NaN values are skipped for min and max (as the buckets do); the last point is the highest step's latest. */
export function statsOfHistory(points: readonly HistoryPoint[]): MetricStats | undefined {
  let lastPoint: HistoryPoint | undefined;
  let min = Infinity;
  let max = -Infinity;
  for (const point of points) {
    if (!lastPoint || point.step > lastPoint.step || (point.step === lastPoint.step && point.timestamp >= lastPoint.timestamp))
      lastPoint = point;
    if (Number.isNaN(point.value)) continue;
    if (point.value < min) min = point.value;
    if (point.value > max) max = point.value;
  }
  if (!lastPoint) return undefined;
  return {
    min: min === Infinity ? NaN : min,
    max: max === -Infinity ? NaN : max,
    last: lastPoint.value,
    lastStep: lastPoint.step,
    count: points.length,
  };
}
