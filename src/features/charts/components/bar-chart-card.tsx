// Latest (or min / max) value of a metric per run as bars; few elements, so recharts (SVG) fits.
import { useMemo, useRef } from 'react';
import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { downloadBlob, safeFileName } from '../../../components/charts/chart-export';
import { ErrorPanel } from '../../../components/error-view';
import { formatMetricValue } from '../../../lib/format/format-number';
import { useHoveredRun, useHoverStore } from '../../../components/charts/hover-store';
import { useInView } from '../../../components/charts/use-in-view';
import { LIVE_REFETCH_MS } from '../../../lib/live-refetch';
import { useMetricSummaries } from '../../../entities/metrics/use-metric-summaries';
import type { SeriesRun } from '../../../components/charts/build-series';
import { ChartCardFrame, ExportMenu, type ChartCardActions } from '../../../components/charts/chart-card-frame';
import { exportSvgElement, exportSvgElementAsPng } from './svg-export';

export function BarChartCard({
  chartId,
  metricKey,
  agg,
  runs,
  live,
  actions,
  height = 240,
}: {
  chartId: string;
  metricKey: string;
  agg: 'last' | 'min' | 'max';
  runs: readonly SeriesRun[];
  live: boolean;
  actions: ChartCardActions;
  height?: number;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const inView = useInView(ref);
  const runIds = useMemo(() => runs.map((run) => run.runId), [runs]);
  const summaries = useMetricSummaries(runIds, metricKey, agg, { enabled: inView, refetchInterval: live ? LIVE_REFETCH_MS : false });
  const hovered = useHoveredRun();
  const hoverStore = useHoverStore();
  const rows = useMemo(
    () =>
      runs
        .filter((run) => summaries.values.has(run.runId))
        .map((run) => ({ runId: run.runId, name: run.name, color: run.color, value: summaries.values.get(run.runId) ?? NaN }))
        .filter((row) => Number.isFinite(row.value)),
    [runs, summaries.values],
  );
  const title = `${metricKey} (${agg})`;
  const onExport = (format: 'png' | 'svg' | 'csv') => {
    const name = safeFileName(`${metricKey}-${agg}`);
    if (format === 'csv') {
      const csv = ['run_id,run_name,value', ...rows.map((row) => `${row.runId},"${row.name.replaceAll('"', '""')}",${row.value}`)].join(
        '\n',
      );
      downloadBlob(new Blob([`${csv}\n`], { type: 'text/csv' }), `${name}.csv`);
      return;
    }
    const labels = { title, xLabel: 'Run', yLabel: title, legend: rows.map((row) => ({ label: row.name, color: row.color })) };
    if (format === 'svg') exportSvgElement(ref.current, name, labels);
    else void exportSvgElementAsPng(ref.current, name, labels);
  };
  return (
    <ChartCardFrame
      title={title}
      chartId={chartId}
      actions={actions}
      loading={summaries.isPending || summaries.isFetching}
      tools={<ExportMenu title={title} onExport={onExport} />}
    >
      <div
        ref={ref}
        style={{ height }}
        data-testid="bar-chart"
        data-bars={rows.length}
        data-values={rows.map((row) => row.value).join(',')}
      >
        {summaries.error ? (
          <ErrorPanel error={summaries.error} title={`Could not load ${metricKey}`} onRetry={summaries.refetch} />
        ) : (
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={rows} margin={{ top: 8, right: 12, bottom: 8, left: 8 }} onMouseLeave={() => hoverStore.set(null)}>
              <CartesianGrid stroke="var(--chart-grid)" vertical={false} />
              <XAxis
                dataKey="name"
                tick={rows.length <= 12 ? { fontSize: 11, fill: 'var(--text-muted)' } : false}
                interval={0}
                stroke="var(--border-strong)"
              />
              <YAxis
                tickFormatter={formatMetricValue}
                tick={{ fontSize: 11, fill: 'var(--text-muted)' }}
                width={56}
                stroke="var(--border-strong)"
              />
              <Tooltip
                formatter={(value) => formatMetricValue(Number(value))}
                contentStyle={{ background: 'var(--surface-raised)', border: '1px solid var(--border)', fontSize: 12 }}
                cursor={{ fill: 'var(--surface-hover)' }}
              />
              <Bar
                dataKey="value"
                name={metricKey}
                isAnimationActive={false}
                onMouseEnter={(_entry, index) => hoverStore.set(rows[index]?.runId ?? null)}
              >
                {rows.map((row) => (
                  <Cell key={row.runId} fill={row.color} fillOpacity={hovered && hovered !== row.runId ? 0.35 : 1} />
                ))}
              </Bar>
            </BarChart>
          </ResponsiveContainer>
        )}
      </div>
    </ChartCardFrame>
  );
}
