import { wireDouble, wireInt } from '../../../lib/api-client';
import type { Metric } from '../../../lib/mlflow/wire-types';

export interface MetricPoint {
  step: number;
  timestamp: number;
  value: number;
}

export function toMetricPoint(metric: Metric): MetricPoint {
  return { step: wireInt(metric.step) ?? 0, timestamp: wireInt(metric.timestamp) ?? 0, value: wireDouble(metric.value) };
}
