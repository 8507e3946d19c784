// Any param or metric (x) against a metric (y), one dot per run: recharts (SVG) is fine for ≤ a
// few hundred dots. Non-numeric params are placed by category.
import { useMemo, useRef } from 'react';
import { CartesianGrid, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis, Cell } from 'recharts';
import { downloadBlob, safeFileName } from '../../../components/charts/chart-export';
import { ErrorPanel } from '../../../components/error-view';
import { formatMetricValue } from '../../../lib/format/format-number';
import { niceDomain } from '../../../lib/chart-math/ticks';
import { useHoveredRun, useHoverStore } from '../../../components/charts/hover-store';
import { useInView } from '../../../components/charts/use-in-view';
import { LIVE_REFETCH_MS } from '../../../lib/live-refetch';
import { useMetricSummaries } from '../../../entities/metrics/use-metric-summaries';
import type { SeriesRun } from '../../../components/charts/build-series';
import { ChartCardFrame, ExportMenu, type ChartCardActions } from '../../../components/charts/chart-card-frame';
import { exportSvgElement, exportSvgElementAsPng } from './svg-export';

export interface ScatterRun extends SeriesRun {
  params: Record<string, string>;
}

export function ScatterChartCard({
  chartId,
  x,
  y,
  runs,
  live,
  actions,
  height = 240,
}: {
  chartId: string;
  x: string;
  y: string;
  runs: readonly ScatterRun[];
  live: boolean;
  actions: ChartCardActions;
  height?: number;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const inView = useInView(ref);
  const runIds = useMemo(() => runs.map((run) => run.runId), [runs]);
  const yKey = y.replace(/^metric:/, '');
  const xIsMetric = x.startsWith('metric:');
  const xKey = x.replace(/^(metric|param):/, '');
  const refetchInterval = live ? LIVE_REFETCH_MS : false;
  const ys = useMetricSummaries(runIds, yKey, 'last', { enabled: inView, refetchInterval });
  const xs = useMetricSummaries(runIds, xIsMetric ? xKey : '', 'last', { enabled: inView && xIsMetric, refetchInterval });
  const hovered = useHoveredRun();
  const hoverStore = useHoverStore();
  const { points, categories } = useMemo(() => {
    const raw = runs.map((run) => ({ run, text: xIsMetric ? String(xs.values.get(run.runId) ?? '') : (run.params[xKey] ?? '') }));
    const numeric = raw.every(({ text }) => text === '' || Number.isFinite(Number(text)));
    const categories = numeric ? [] : [...new Set(raw.map(({ text }) => text).filter(Boolean))].sort();
    const points = raw
      .map(({ run, text }) => ({
        runId: run.runId,
        name: run.name,
        color: run.color,
        x: text === '' ? NaN : numeric ? Number(text) : categories.indexOf(text),
        y: ys.values.get(run.runId) ?? NaN,
      }))
      .filter((point) => Number.isFinite(point.x) && Number.isFinite(point.y));
    return { points, categories };
  }, [runs, xIsMetric, xs.values, xKey, ys.values]);
  // Our own nice ticks: recharts' 'auto' domain labels values such as 0.9405.
  const xAxis = useMemo(() => niceDomain(Math.min(...points.map((p) => p.x)), Math.max(...points.map((p) => p.x)), 4), [points]);
  const yAxis = useMemo(() => niceDomain(Math.min(...points.map((p) => p.y)), Math.max(...points.map((p) => p.y)), 4), [points]);
  const title = `${yKey} vs ${xKey}`;
  const onExport = (format: 'png' | 'svg' | 'csv') => {
    const name = safeFileName(title);
    if (format === 'csv') {
      const csv = [
        `run_id,run_name,${xKey},${yKey}`,
        ...points.map((p) => `${p.runId},"${p.name.replaceAll('"', '""')}",${categories[p.x] ?? p.x},${p.y}`),
      ].join('\n');
      downloadBlob(new Blob([`${csv}\n`], { type: 'text/csv' }), `${name}.csv`);
      return;
    }
    const labels = { title, xLabel: xKey, yLabel: yKey, legend: points.map((point) => ({ label: point.name, color: point.color })) };
    if (format === 'svg') exportSvgElement(ref.current, name, labels);
    else void exportSvgElementAsPng(ref.current, name, labels);
  };
  const error = ys.error ?? xs.error;
  return (
    <ChartCardFrame
      title={title}
      chartId={chartId}
      actions={actions}
      loading={ys.isPending || ys.isFetching}
      tools={<ExportMenu title={title} onExport={onExport} />}
    >
      <div ref={ref} style={{ height }} data-testid="scatter-chart" data-points={points.length}>
        {error ? (
          <ErrorPanel error={error} title={`Could not load ${title}`} onRetry={ys.refetch} />
        ) : (
          <ResponsiveContainer width="100%" height="100%">
            <ScatterChart margin={{ top: 8, right: 12, bottom: 8, left: 8 }}>
              <CartesianGrid stroke="var(--chart-grid)" />
              <XAxis
                type="number"
                dataKey="x"
                name={xKey}
                domain={categories.length ? ['auto', 'auto'] : xAxis.domain}
                tickFormatter={(value: number) => (categories.length ? (categories[value] ?? '') : formatMetricValue(value))}
                ticks={categories.length ? categories.map((_, index) => index) : xAxis.ticks}
                tick={{ fontSize: 11, fill: 'var(--text-muted)' }}
                stroke="var(--border-strong)"
              />
              <YAxis
                type="number"
                dataKey="y"
                name={yKey}
                domain={yAxis.domain}
                ticks={yAxis.ticks}
                tickFormatter={formatMetricValue}
                tick={{ fontSize: 11, fill: 'var(--text-muted)' }}
                width={56}
                stroke="var(--border-strong)"
              />
              <Tooltip
                cursor={{ strokeDasharray: '3 3' }}
                contentStyle={{ background: 'var(--surface-raised)', border: '1px solid var(--border)', fontSize: 12 }}
                formatter={(value, name) =>
                  name === xKey && categories.length ? (categories[Number(value)] ?? '') : formatMetricValue(Number(value))
                }
              />
              <Scatter
                data={points}
                isAnimationActive={false}
                onMouseEnter={(_entry: unknown, index: number) => hoverStore.set(points[index]?.runId ?? null)}
                onMouseLeave={() => hoverStore.set(null)}
              >
                {points.map((point) => (
                  <Cell
                    key={point.runId}
                    fill={point.color}
                    fillOpacity={hovered && hovered !== point.runId ? 0.3 : 0.9}
                    r={hovered === point.runId ? 7 : 5}
                  />
                ))}
              </Scatter>
            </ScatterChart>
          </ResponsiveContainer>
        )}
      </div>
    </ChartCardFrame>
  );
}
