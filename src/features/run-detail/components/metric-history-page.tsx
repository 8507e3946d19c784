import { useId, useMemo } from 'react';
import { Link, useParams } from 'react-router';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useDocumentTitle } from '../../../components/document-title/use-document-title';
import { ErrorPanel, isNotFound, PanelErrorBoundary } from '../../../components/error-view';
import { NotFoundView } from '../../../components/not-found';
import { paths } from '../../../config/paths';
import { SkeletonLines } from '../../../components/skeleton/skeleton';
import { formatCount, formatMetricValue } from '../../../lib/format/format-number';
import { formatAbsoluteTime, formatDuration } from '../../../lib/format/format-time';
import { useRun } from '../hooks/use-run-view';
import type { MetricPoint } from '../api/metric-point';
import { useChartParams } from '../hooks/use-chart-params';
import { FULL_HISTORY_LIMIT, useMetricSeries } from '../hooks/use-metric-series';
import { emaDebiased } from '../../../lib/chart-math/smoothing';
import { downsampleMinMax } from '../utils/chart-math';
import { xValue, type ChartPoint, type XAxisMode } from '../utils/metric-chart-params';
import { runPath } from '../utils/metric-path';
import './metric-history-page.css';

const RENDER_BUCKETS = 800;
const X_LABELS: Record<XAxisMode, string> = { step: 'Step', relative: 'Relative time', wall: 'Wall time' };

export function MetricHistoryPage() {
  const { experimentId = '', runId = '', metricKey = '' } = useParams();
  const [params, update] = useChartParams();
  const run = useRun(runId);
  const series = useMetricSeries(runId, metricKey);
  const smoothingId = useId();
  useDocumentTitle(`${metricKey} · ${run.data?.name ?? 'Run'}`);
  if (run.isError && isNotFound(run.error)) {
    return (
      <NotFoundView title={`Run ${runId} was not found`} links={[{ label: 'Back to the experiment', to: paths.experimentRuns([experimentId]) }]}>
        <p>There is no metric “{metricKey}” to show: the run does not exist, or was deleted for good.</p>
      </NotFoundView>
    );
  }

  return (
    <div className="page metric-page">
      <div className="page-header">
        <div>
          <h1 className="metric-title">{metricKey}</h1>
          <p className="muted metric-subtitle">
            Run <Link to={runPath(experimentId, runId)}>{run.data?.name ?? runId}</Link>
          </p>
        </div>
      </div>
      <div className="toolbar metric-controls" role="group" aria-label="Chart settings">
        <div className="segmented" role="group" aria-label="X axis">
          {(Object.keys(X_LABELS) as XAxisMode[]).map((mode) => (
            <button key={mode} type="button" aria-pressed={params.xAxis === mode} onClick={() => update({ xAxis: mode })}>
              {X_LABELS[mode]}
            </button>
          ))}
        </div>
        <label className="metric-checkbox">
          <input type="checkbox" checked={params.logScale} onChange={(event) => update({ logScale: event.target.checked })} /> Log scale
        </label>
        <label htmlFor={smoothingId} className="metric-smoothing-label">
          Smoothing
        </label>
        <input
          id={smoothingId}
          type="range"
          min={0}
          max={0.99}
          step={0.01}
          value={params.smoothing}
          onChange={(event) => update({ smoothing: Number(event.target.value) })}
          className="metric-smoothing"
          aria-valuetext={params.smoothing === 0 ? 'off' : String(params.smoothing)}
        />
        <output htmlFor={smoothingId} className="metric-smoothing-value">
          {params.smoothing === 0 ? 'off' : params.smoothing.toFixed(2)}
        </output>
      </div>
      <section className="panel metric-chart-panel" aria-label="Metric chart">
        {series.isPending ? (
          <div className="panel-body">
            <SkeletonLines lines={10} label="Loading metric history" />
          </div>
        ) : series.isError ? (
          <div className="panel-body">
            <ErrorPanel
              error={series.error}
              title={isNotFound(series.error) ? 'This run does not exist' : 'Could not load the metric history'}
              onRetry={() => void series.refetch()}
            />
          </div>
        ) : series.data.points.length === 0 ? (
          <div className="panel-body">
            <p className="muted">No values logged for “{metricKey}” in this run.</p>
          </div>
        ) : (
          <PanelErrorBoundary title="The chart failed">
            <MetricChart points={series.data.points} xAxis={params.xAxis} logScale={params.logScale} smoothing={params.smoothing} metricKey={metricKey} />
            <MetricStats points={series.data.points} sampled={series.data.sampled} />
          </PanelErrorBoundary>
        )}
      </section>
    </div>
  );
}

function MetricChart({ points, xAxis, logScale, smoothing, metricKey }: { points: MetricPoint[]; xAxis: XAxisMode; logScale: boolean; smoothing: number; metricKey: string }) {
  const { data, dropped } = useMemo(() => {
    const sorted = [...points].sort((a, b) => (xAxis === 'step' ? a.step - b.step || a.timestamp - b.timestamp : a.timestamp - b.timestamp || a.step - b.step));
    const firstTimestamp = sorted[0]?.timestamp ?? 0;
    let chartPoints: ChartPoint[] = sorted.map((point) => ({ x: xValue(xAxis, point, firstTimestamp), y: point.value, step: point.step, timestamp: point.timestamp }));
    const before = chartPoints.length;
    if (logScale) chartPoints = chartPoints.filter((point) => point.y > 0);
    chartPoints = chartPoints.filter((point) => Number.isFinite(point.y));
    const removed = before - chartPoints.length;
    if (smoothing > 0) {
      const smoothed = emaDebiased(
        chartPoints.map((point) => point.y),
        smoothing,
      );
      chartPoints = chartPoints.map((point, index) => ({ ...point, smoothed: smoothed[index] }));
    }
    return { data: downsampleMinMax(chartPoints, RENDER_BUCKETS), dropped: removed };
  }, [points, xAxis, logScale, smoothing]);

  const formatX = (value: number) => {
    if (xAxis === 'wall') return formatAbsoluteTime(value).slice(11);
    if (xAxis === 'relative') return formatDuration(value * 1000) || '0s';
    return String(value);
  };

  return (
    <div className="metric-chart" data-testid="metric-chart" data-points={data.length}>
      {dropped > 0 && (
        <p className="artifact-note metric-note">
          {dropped} {dropped === 1 ? 'value is' : 'values are'} not shown ({logScale ? 'zero, negative or ' : ''}NaN/infinite).
        </p>
      )}
      <ResponsiveContainer width="100%" height={420}>
        <LineChart data={data} margin={{ top: 12, right: 24, bottom: 8, left: 8 }}>
          <CartesianGrid stroke="var(--chart-grid)" strokeDasharray="3 3" />
          <XAxis
            dataKey="x"
            type="number"
            domain={['dataMin', 'dataMax']}
            tickFormatter={formatX}
            stroke="var(--text-muted)"
            tick={{ fontSize: 11, fill: 'var(--text-muted)' }}
            label={{ value: X_LABELS[xAxis], position: 'insideBottom', offset: -4, fontSize: 11, fill: 'var(--text-muted)' }}
            height={40}
          />
          <YAxis
            scale={logScale ? 'log' : 'linear'}
            domain={['auto', 'auto']}
            allowDataOverflow={logScale}
            tickFormatter={(value: number) => formatMetricValue(value)}
            stroke="var(--text-muted)"
            tick={{ fontSize: 11, fill: 'var(--text-muted)' }}
            width={72}
          />
          <Tooltip
            contentStyle={{ background: 'var(--surface-raised)', border: '1px solid var(--border)', borderRadius: 6, fontSize: 12, color: 'var(--text)' }}
            labelFormatter={(value) => `${X_LABELS[xAxis]}: ${formatX(Number(value))}`}
            formatter={(value, name) => [formatMetricValue(Number(value)), name === 'smoothed' ? `${metricKey} (smoothed)` : metricKey]}
          />
          <Line
            type="linear"
            dataKey="y"
            name="value"
            stroke="var(--chart-1)"
            strokeOpacity={smoothing > 0 ? 0.3 : 1}
            dot={data.length < 60 ? { r: 2.5, fill: 'var(--surface)', stroke: 'var(--chart-1)', strokeOpacity: smoothing > 0 ? 0.4 : 1 } : false}
            strokeWidth={1.5}
            isAnimationActive={false}
          />
          {smoothing > 0 && <Line type="linear" dataKey="smoothed" name="smoothed" stroke="var(--chart-1)" dot={false} strokeWidth={2} isAnimationActive={false} />}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

function MetricStats({ points, sampled }: { points: MetricPoint[]; sampled: boolean }) {
  const stats = useMemo(() => {
    const finite = points.filter((point) => Number.isFinite(point.value));
    const values = finite.map((point) => point.value);
    const last = [...points].sort((a, b) => a.step - b.step || a.timestamp - b.timestamp).pop();
    return {
      count: points.length,
      min: values.length ? Math.min(...values) : NaN,
      max: values.length ? Math.max(...values) : NaN,
      last,
    };
  }, [points]);
  return (
    <div className="metric-stats">
      <dl>
        <div>
          <dt>Points</dt>
          <dd data-testid="metric-point-count">{formatCount(stats.count)}</dd>
        </div>
        <div>
          <dt>Latest</dt>
          <dd>{stats.last ? `${formatMetricValue(stats.last.value)} at step ${stats.last.step}` : '—'}</dd>
        </div>
        <div>
          <dt>Min</dt>
          <dd>{formatMetricValue(stats.min)}</dd>
        </div>
        <div>
          <dt>Max</dt>
          <dd>{formatMetricValue(stats.max)}</dd>
        </div>
      </dl>
      {sampled && (
        <p className="muted metric-note" data-testid="metric-sampled-note">
          This history has more than {formatCount(FULL_HISTORY_LIMIT)} points; an evenly spaced sample of steps is shown.
        </p>
      )}
    </div>
  );
}
