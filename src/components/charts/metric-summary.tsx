// Each run's min, max and last value of a metric, read from the chart's own buckets: each bucket
// carries the exact min, max and last point of its steps, so the summary is exact over the whole
// series (or the zoomed window) however coarse the buckets are. Against a server without
// get-history-buckets (MLflow's sampled fallback), a few runs' histories are read whole instead;
// beyond that the summary says it comes from the sample.
import { useMemo } from 'react';
import { summarizeBuckets, type NumericBucket } from '../../lib/chart-math/envelope';
import { formatCount, formatMetricValue } from '../../lib/format/format-number';
import { useChartData } from './chart-data';

/** Above this many runs, a server without buckets gets no whole-history reads for the summary. */
const MAX_WHOLE_HISTORY_RUNS = 10;

export interface SummaryRun {
  runId: string;
  name: string;
  color: string;
}

export function MetricSummary({
  runs,
  metricKey,
  byRun,
  source: bucketsSource,
  zoom,
  loading,
  refetchInterval,
}: {
  runs: readonly SummaryRun[];
  metricKey: string;
  byRun: ReadonlyMap<string, readonly NumericBucket[]>;
  source: 'buckets' | 'sampled';
  zoom: { start: number; end: number } | undefined;
  loading: boolean;
  refetchInterval: number | false;
}) {
  const { useMetricStats } = useChartData();
  const runIds = useMemo(() => runs.map((run) => run.runId), [runs]);
  const readWhole = bucketsSource === 'sampled' && runs.length <= MAX_WHOLE_HISTORY_RUNS;
  const exact = useMetricStats({ runIds, metricKey, startStep: zoom?.start, endStep: zoom?.end }, { enabled: readWhole, refetchInterval });
  const wholeStats = readWhole ? exact : undefined;
  const source = bucketsSource === 'buckets' || wholeStats ? 'buckets' : 'sampled';
  const zoomed = zoom !== undefined;
  const rows = useMemo(
    () =>
      runs.flatMap((run) => {
        const whole = wholeStats?.get(run.runId);
        if (whole) return [{ run, summary: whole, points: whole.count }];
        const buckets = byRun.get(run.runId);
        const summary = buckets ? summarizeBuckets(buckets) : undefined;
        if (!buckets || !summary) return [];
        let points = 0;
        for (const bucket of buckets) points += bucket.count;
        return [{ run, summary, points }];
      }),
    [runs, byRun, wholeStats],
  );
  if (rows.length === 0 || loading) return null;
  const scope = zoomed ? 'in the zoomed steps' : 'over all steps';
  const note = source === 'sampled' ? `From MLflow's step sample ${scope}: may miss values between the sampled steps.` : `Exact ${scope}.`;
  const only = rows.length === 1 ? rows[0] : undefined;
  if (only) {
    // One run (the run page and its metric page): a line of figures that wraps in a narrow card.
    const { summary, points } = only;
    return (
      <div className="metric-summary" data-testid="metric-summary">
        <dl className="metric-summary-line" data-run-id={only.run.runId} title={note}>
          <div>
            <dt>Min</dt>
            <dd data-testid="summary-min" title={String(summary.min)}>
              {formatMetricValue(summary.min)}
            </dd>
          </div>
          <div>
            <dt>Max</dt>
            <dd data-testid="summary-max" title={String(summary.max)}>
              {formatMetricValue(summary.max)}
            </dd>
          </div>
          <div>
            <dt>Last</dt>
            <dd data-testid="summary-last" title={String(summary.last)}>
              {formatMetricValue(summary.last)} <span className="muted">at step {summary.lastStep.toLocaleString('en-US')}</span>
            </dd>
          </div>
          <div>
            <dt>Points</dt>
            <dd data-testid="summary-points">{source === 'sampled' ? '—' : formatCount(points)}</dd>
          </div>
        </dl>
        {source === 'sampled' && <p className="muted metric-summary-note">{note}</p>}
      </div>
    );
  }
  return (
    <div className="metric-summary" data-testid="metric-summary">
      <table className="table metric-summary-table">
        <caption className="muted">{note}</caption>
        <thead>
          <tr>
            <th scope="col">Run</th>
            <th scope="col">Min</th>
            <th scope="col">Max</th>
            <th scope="col">Last</th>
            <th scope="col">Points</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ run, summary, points }) => (
            <tr key={run.runId} data-run-id={run.runId}>
              <th scope="row" className="metric-summary-run">
                <span className="swatch" style={{ background: run.color }} aria-hidden="true" />
                {run.name}
              </th>
              <td className="mono" data-testid="summary-min" title={String(summary.min)}>
                {formatMetricValue(summary.min)}
              </td>
              <td className="mono" data-testid="summary-max" title={String(summary.max)}>
                {formatMetricValue(summary.max)}
              </td>
              <td className="mono" data-testid="summary-last" title={`${summary.last} at step ${summary.lastStep}`}>
                {formatMetricValue(summary.last)} <span className="muted">at step {summary.lastStep.toLocaleString('en-US')}</span>
              </td>
              <td className="mono" data-testid="summary-points">
                {source === 'sampled' ? '—' : formatCount(points)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
