// One metric across the visible runs: spike-preserving buckets sized to the plot's pixel width,
// refetched for the zoomed step window; raw lines, smoothed lines (raw faint behind), or group
// aggregates with bands; shared hover highlight; export as PNG, SVG and CSV.
import { useCallback, useMemo, useRef, useState } from 'react';
import { LineChartCanvas, type BandSeries, type LineChartHandle, type LineSeries } from './line-chart-canvas';
import { downloadBlob, safeFileName, seriesToCsv, seriesToSvg } from './chart-export';
import { ErrorPanel } from '../error-view';
import { useToast } from '../toast';
import { stepRangeForXWindow } from '../../lib/chart-math/x-alignment';
import { useHistoryBuckets } from '../../entities/metrics/api/get-history-buckets';
import { useHoverStore } from './hover-store';
import { useInView } from './use-in-view';
import { aggregateGroups, buildRawSeries, smoothValues, type GroupDef, type SeriesRun } from './build-series';
import { decodeXAxis, encodeXAxis, type ChartSettings, type ZoomWindow } from './chart-settings';
import { xAxisLabel, xFormatter } from './format-axis';
import { ChartCardFrame, ExportMenu, type ChartCardActions } from './chart-card-frame';

export interface LineChartCardProps {
  chartId: string;
  metricKey: string;
  runs: readonly SeriesRun[];
  groups: readonly GroupDef[];
  settings: ChartSettings;
  onZoomChange: (chartId: string, window: ZoomWindow | undefined) => void;
  live: boolean;
  actions: ChartCardActions;
  height?: number;
}

/** Bucket count for a plot width: ~1 per pixel column, rounded so small resizes do not refetch. */
export function bucketsForWidth(width: number): number {
  if (width <= 0) return 0;
  return Math.min(5000, Math.max(50, Math.ceil(width / 50) * 50));
}

export function LineChartCard({
  chartId,
  metricKey,
  runs,
  groups,
  settings,
  onZoomChange,
  live,
  actions,
  height = 240,
}: LineChartCardProps) {
  const cardRef = useRef<HTMLDivElement>(null);
  const chartRef = useRef<LineChartHandle>(null);
  const inView = useInView(cardRef);
  const toast = useToast();
  const [plotWidth, setPlotWidth] = useState(0);
  const buckets = bucketsForWidth(plotWidth);
  const zoomStart = settings.zoom[chartId]?.start;
  const zoomEnd = settings.zoom[chartId]?.end;
  const zoom = useMemo(
    () => (zoomStart !== undefined && zoomEnd !== undefined ? { start: zoomStart, end: zoomEnd } : undefined),
    [zoomStart, zoomEnd],
  );
  const xAxisKey = encodeXAxis(settings.xAxis);
  const xAxis = useMemo(() => decodeXAxis(xAxisKey), [xAxisKey]);
  const runIds = useMemo(() => runs.map((run) => run.runId), [runs]);
  const refetchInterval = live ? 5000 : false;
  const data = useHistoryBuckets(
    { runIds, metricKey, buckets, startStep: zoom?.start, endStep: zoom?.end },
    { enabled: inView && runIds.length > 0, refetchInterval },
  );
  const otherKey = xAxis.kind === 'metric' ? xAxis.key : '';
  const other = useHistoryBuckets(
    { runIds, metricKey: otherKey, buckets, startStep: zoom?.start, endStep: zoom?.end },
    { enabled: inView && otherKey !== '' && runIds.length > 0, refetchInterval },
  );
  // The highlight goes straight from the store to the canvas: hovering re-renders no card.
  const hoverStore = useHoverStore();

  const raw = useMemo(
    () =>
      buildRawSeries({
        runs,
        byRun: data.byRun,
        xAxis,
        yScale: settings.yScale,
        ignoreOutliers: settings.ignoreOutliers,
        zoom,
        otherByRun: otherKey ? other.byRun : undefined,
      }),
    [runs, data.byRun, xAxis, settings.yScale, settings.ignoreOutliers, zoom, otherKey, other.byRun],
  );

  const { smoothing, emaWeight, cmaWindow, center, band } = settings;
  const drawn = useMemo(() => {
    const series: LineSeries[] = [];
    const bands: BandSeries[] = [];
    if (!raw) return { series, bands };
    const smooth = (values: Float64Array) => smoothValues(values, { smoothing, emaWeight, cmaWindow });
    const grouped = groups.length > 0;
    for (const line of raw.lines) {
      series.push({
        id: line.runId,
        runId: line.runId,
        label: line.label,
        color: line.color,
        xs: line.xs,
        ys: line.ys,
        steps: line.steps,
        role: grouped || smoothing !== 'none' ? 'faint' : 'raw',
      });
      if (!grouped && smoothing !== 'none') {
        series.push({
          id: `${line.runId}:smooth`,
          runId: line.runId,
          label: line.label,
          color: line.color,
          xs: line.repXs,
          ys: smooth(line.repYs),
          steps: line.repSteps,
          role: 'main',
        });
      }
    }
    if (grouped) {
      for (const group of aggregateGroups(raw.lines, groups, {
        xDomain: raw.xDomain,
        gridSize: Math.min(plotWidth, 600),
        center,
        band,
        smooth,
      })) {
        bands.push({ id: group.id, color: group.color, xs: group.xs, lower: group.lower, upper: group.upper });
        series.push({ id: group.id, label: group.label, color: group.color, xs: group.xs, ys: group.center, role: 'main' });
      }
    }
    return { series, bands };
  }, [raw, smoothing, emaWeight, cmaWindow, center, band, groups, plotWidth]);

  const formatX = useMemo(() => xFormatter(xAxis), [xAxis]);

  const onZoom = useCallback(
    (x0: number, x1: number) => {
      if (!raw) return;
      if (xAxis.kind === 'step') {
        const start = Math.floor(x0);
        const end = Math.max(start, Math.ceil(x1));
        onZoomChange(chartId, { start, end });
        return;
      }
      let lo = Infinity;
      let hi = -Infinity;
      for (const line of raw.lines) {
        const range = stepRangeForXWindow(line.xs, line.steps, x0, x1);
        if (range) {
          lo = Math.min(lo, range[0]);
          hi = Math.max(hi, range[1]);
        }
      }
      if (lo <= hi) onZoomChange(chartId, { start: lo, end: hi });
    },
    [raw, xAxis.kind, onZoomChange, chartId],
  );

  const onExport = (format: 'png' | 'svg' | 'csv') => {
    const name = safeFileName(metricKey);
    const exported = drawn.series.filter((entry) => entry.role !== 'faint');
    const dataSeries = drawn.series.filter((entry) => entry.role !== 'main' || groups.length > 0);
    if (format === 'csv') {
      downloadBlob(new Blob([seriesToCsv(dataSeries, xAxisLabel(xAxis), metricKey)], { type: 'text/csv' }), `${name}.csv`);
    } else if (format === 'svg' && raw) {
      const svg = seriesToSvg({
        series: exported,
        title: metricKey,
        xDomain: raw.xDomain,
        yDomain: raw.yDomain,
        yScale: settings.yScale,
        formatX,
        formatY: String,
      });
      downloadBlob(new Blob([svg], { type: 'image/svg+xml' }), `${name}.svg`);
    } else if (format === 'png') {
      void chartRef.current?.toPngBlob().then((blob) => {
        if (blob) downloadBlob(blob, `${name}.png`);
        else toast.error('Could not export the chart as PNG');
      });
    }
  };

  const loading = data.isPending || data.isFetching || data.isPlaceholder || (otherKey !== '' && (other.isPending || other.isFetching));
  const status = (
    <>
      {data.source === 'sampled' && (
        <span
          className="badge badge-warning"
          title="This server has no get-history-buckets: showing MLflow's step sampling, which may miss spikes"
        >
          sampled
        </span>
      )}
      {zoom && (
        <span className="badge badge-info">
          steps {zoom.start.toLocaleString('en-US')}–{zoom.end.toLocaleString('en-US')}
        </span>
      )}
      {loading && <span className="chart-spinner" aria-label="Loading" role="status" />}
    </>
  );
  const tools = (
    <>
      {zoom && (
        <button type="button" className="btn btn-sm" onClick={() => onZoomChange(chartId, undefined)}>
          Reset zoom
        </button>
      )}
      <ExportMenu title={metricKey} onExport={onExport} />
    </>
  );

  return (
    <ChartCardFrame title={metricKey} chartId={chartId} status={status} tools={tools} actions={actions} loading={loading || !inView}>
      <div ref={cardRef}>
        {data.error ? (
          <ErrorPanel error={data.error} title={`Could not load ${metricKey}`} onRetry={data.refetch} />
        ) : !data.isPending && !raw ? (
          <p className="chart-empty muted" style={{ height }}>
            No data for the visible runs{zoom ? ' in this window' : ''}.
          </p>
        ) : (
          <LineChartCanvas
            ref={chartRef}
            series={drawn.series}
            bands={drawn.bands}
            xDomain={raw?.xDomain ?? [0, 1]}
            yDomain={raw?.yDomain ?? [0, 1]}
            yScale={settings.yScale}
            formatX={formatX}
            height={height}
            highlightSource={hoverStore}
            onHover={hoverStore.set}
            onZoom={onZoom}
            onPlotWidth={setPlotWidth}
            label={`Line chart of ${metricKey} for ${runs.length} runs`}
            testId="line-chart"
          />
        )}
      </div>
    </ChartCardFrame>
  );
}
