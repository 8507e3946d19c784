// The one line chart of the app (chart view, /metrics, the run page and its metric page): one
// metric across the visible runs from spike-preserving buckets sized to the plot's pixel width,
// refetched for the zoomed step window (double-click resets it); raw lines, smoothed lines (raw
// faint behind), or group aggregates with bands; shared hover highlight; exact min/max/last per
// run from the same buckets; export as PNG and SVG (title, axes, legend) and CSV (every point).
import { useCallback, useMemo, useRef, useState, type ReactNode } from 'react';
import { LineChartCanvas, type BandSeries, type LineSeries } from './line-chart-canvas';
import { downloadBlob, historyToCsv, safeFileName, seriesToSvg, svgToPngBlob } from './chart-export';
import { ErrorPanel } from '../error-view';
import { useToast } from '../toast';
import { stepRangeForXWindow } from '../../lib/chart-math/x-alignment';
import { useChartData } from './chart-data';
import { LIVE_REFETCH_MS } from '../../lib/live-refetch';
import { formatMetricValue } from '../../lib/format/format-number';
import { useHoverStore } from './hover-store';
import { useInView } from './use-in-view';
import { aggregateGroups, buildRawSeries, smoothValues, type GroupDef, type SeriesRun } from './build-series';
import { decodeXAxis, encodeXAxis, type ChartSettings, type ZoomWindow } from './chart-settings';
import { xAxisTitle, xFormatter } from './format-axis';
import { MetricSummary } from './metric-summary';
import { usePreparedBuckets } from './use-prepared-buckets';
import { bucketsForWidth } from './chart-grid-geometry';
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
  /** Show each run's exact min, max and last value under the chart. */
  summary?: boolean;
  /** Title shown on the card (and in exports); defaults to the metric key. */
  title?: ReactNode;
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
  summary = false,
  title,
}: LineChartCardProps) {
  const cardRef = useRef<HTMLDivElement>(null);
  const inView = useInView(cardRef);
  const toast = useToast();
  const { useHistoryBuckets, getFullMetricHistory } = useChartData();
  const [plotWidth, setPlotWidth] = useState(0);
  // A large chart is drawn over a few short tasks: the card counts as loading until the last one.
  const [drawing, setDrawing] = useState(false);
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
  const refetchInterval = live ? LIVE_REFETCH_MS : false;
  const data = useHistoryBuckets(
    { runIds, metricKey, buckets, startStep: zoom?.start, endStep: zoom?.end },
    { enabled: inView && runIds.length > 0, refetchInterval },
  );
  const otherKey = xAxis.kind === 'metric' ? xAxis.key : '';
  const other = useHistoryBuckets(
    { runIds, metricKey: otherKey, buckets, startStep: zoom?.start, endStep: zoom?.end },
    { enabled: inView && otherKey !== '' && runIds.length > 0, refetchInterval },
  );
  // The polylines are built in short slices as the data arrives; the chart draws them when all are.
  const { prepared: byRun, preparing } = usePreparedBuckets(data.byRun);
  // The highlight goes straight from the store to the canvas: hovering re-renders no card.
  const hoverStore = useHoverStore();

  const raw = useMemo(
    () =>
      buildRawSeries({
        runs,
        byRun,
        xAxis,
        yScale: settings.yScale,
        ignoreOutliers: settings.ignoreOutliers,
        zoom,
        otherByRun: otherKey ? other.byRun : undefined,
      }),
    [runs, byRun, xAxis, settings.yScale, settings.ignoreOutliers, zoom, otherKey, other.byRun],
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

  const exportSvg = (): string | undefined => {
    if (!raw) return undefined;
    const exported = drawn.series.filter((entry) => entry.role !== 'faint');
    const legend = new Map<string, { label: string; color: string }>();
    for (const entry of exported) legend.set(entry.runId ?? entry.id, { label: entry.label, color: entry.color });
    return seriesToSvg({
      series: exported,
      legend: [...legend.values()],
      title: zoom ? `${metricKey} (steps ${zoom.start}–${zoom.end})` : metricKey,
      xLabel: xAxisTitle(xAxis),
      yLabel: settings.yScale === 'log' ? `${metricKey} (log)` : metricKey,
      xDomain: raw.xDomain,
      yDomain: raw.yDomain,
      yScale: settings.yScale,
      formatX,
      formatY: formatMetricValue,
    });
  };

  const onExport = (format: 'png' | 'svg' | 'csv') => {
    const name = safeFileName(metricKey);
    if (format === 'csv') {
      // Every logged point of the visible runs (in the zoomed window, if any), not the drawn sample.
      const histories = Promise.all(
        runs.map(async (run) => ({
          runId: run.runId,
          runName: run.name,
          points: await getFullMetricHistory({ runId: run.runId, metricKey, startStep: zoom?.start, endStep: zoom?.end }),
        })),
      );
      void histories.then(
        (list) => downloadBlob(new Blob([historyToCsv(metricKey, list)], { type: 'text/csv' }), `${name}.csv`),
        () => toast.error(`Could not export ${metricKey} as CSV`),
      );
      return;
    }
    const svg = exportSvg();
    if (!svg) {
      toast.error('Nothing to export yet');
      return;
    }
    if (format === 'svg') {
      downloadBlob(new Blob([svg], { type: 'image/svg+xml' }), `${name}.svg`);
      return;
    }
    void svgToPngBlob(svg).then(
      (blob) => {
        if (blob) downloadBlob(blob, `${name}.png`);
        else toast.error('Could not export the chart as PNG');
      },
      () => toast.error('Could not export the chart as PNG'),
    );
  };

  const resetZoom = useCallback(() => onZoomChange(chartId, undefined), [onZoomChange, chartId]);
  // The x axis is another metric that none of the runs with this metric logged: say so rather
  // than draw nothing.
  const xMetricMissing =
    otherKey !== '' &&
    !other.isPending &&
    !other.error &&
    !data.isPending &&
    !runIds.some((runId) => (data.byRun.get(runId)?.length ?? 0) > 0 && (other.byRun.get(runId)?.length ?? 0) > 0);

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
        <button type="button" className="btn btn-sm" onClick={resetZoom} title="Or double-click the chart">
          Reset zoom
        </button>
      )}
      <ExportMenu title={metricKey} onExport={onExport} />
    </>
  );

  return (
    <ChartCardFrame
      title={metricKey}
      heading={title}
      chartId={chartId}
      status={status}
      tools={tools}
      actions={actions}
      loading={loading || preparing || drawing || !inView}
    >
      <div ref={cardRef}>
        {data.error ? (
          <ErrorPanel error={data.error} title={`Could not load ${metricKey}`} onRetry={data.refetch} />
        ) : other.error ? (
          <ErrorPanel error={other.error} title={`Could not load ${otherKey} for the x axis`} onRetry={other.refetch} />
        ) : xMetricMissing ? (
          <p className="chart-empty muted" style={{ height }} data-testid="x-metric-missing">
            No values of “{otherKey}” for these runs: it cannot be the x axis. Choose another x axis.
          </p>
        ) : !data.isPending && !preparing && !raw ? (
          <p className="chart-empty muted" style={{ height }}>
            No data for the visible runs{zoom ? ' in this window' : ''}.
          </p>
        ) : (
          <LineChartCanvas
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
            onResetZoom={zoom ? resetZoom : undefined}
            onPlotWidth={setPlotWidth}
            onDrawingChange={setDrawing}
            label={`Line chart of ${metricKey} for ${runs.length} runs`}
            testId="line-chart"
          />
        )}
        {summary && !data.error && (
          <MetricSummary
            runs={runs}
            metricKey={metricKey}
            byRun={data.byRun}
            source={data.source}
            zoom={zoom}
            loading={data.isPending}
            refetchInterval={refetchInterval}
          />
        )}
      </div>
    </ChartCardFrame>
  );
}
