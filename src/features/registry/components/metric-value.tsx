import { formatMetricValue } from '../../../lib/format/format-number';
import { compareMetric, formatDelta } from '../utils/key-metrics';

/** A metric value, or a dash when the run lacks it. */
export function MetricValue({ value }: { value: number | undefined }) {
  if (value === undefined) return <span className="muted">—</span>;
  return <span className="metric-value">{formatMetricValue(value)}</span>;
}

/** `+0.03` coloured by whether it is an improvement for this metric. */
export function MetricDelta({ metric, value, baseline }: { metric: string; value: number | undefined; baseline: number | undefined }) {
  const comparison = compareMetric(metric, value, baseline);
  if (!comparison) return null;
  const tone = comparison.better === undefined ? 'metric-delta-same' : comparison.better ? 'metric-delta-better' : 'metric-delta-worse';
  const word = comparison.better === undefined ? 'same' : comparison.better ? 'better' : 'worse';
  return (
    <span className={`metric-delta ${tone}`} title={`${word} than before`}>
      {formatDelta(comparison.delta)}
      <span className="visually-hidden"> ({word})</span>
      {comparison.better !== undefined && (
        <span aria-hidden="true" className="metric-delta-arrow">
          {comparison.better ? ' ▲' : ' ▼'}
        </span>
      )}
    </span>
  );
}
