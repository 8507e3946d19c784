// A canvas line chart for many long series (100 runs × thousands of drawn points stay under a few
// milliseconds per draw, where an SVG chart would build hundreds of thousands of DOM nodes).
// Two stacked canvases: the base (grid, bands, lines) redraws only when data or size change; the
// overlay (highlighted run, crosshair, zoom selection) redraws on hover. The drawn maximum and a
// draw counter are published as data attributes for tests and benchmarks.
import {
  forwardRef,
  useCallback,
  useImperativeHandle,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type PointerEvent as ReactPointerEvent,
} from 'react';
import { formatMetricValue } from '../../lib/format/format-number';
import { linearTicks, logTicks, denormalize, type ScaleKind } from '../../lib/chart-math/ticks';
import { readChartColors, useThemeVersion, type ChartColors } from './use-theme-version';
import './line-chart-canvas.css';

export interface LineSeries {
  id: string;
  label: string;
  color: string;
  xs: ArrayLike<number>;
  ys: ArrayLike<number>;
  steps?: ArrayLike<number>;
  /** raw: full-strength data line; faint: raw data behind a smoothed line; main: smoothed or aggregated line. */
  role: 'raw' | 'faint' | 'main';
  /** Which run (or group) the line belongs to, for highlighting; defaults to id. */
  runId?: string;
}

export interface BandSeries {
  id: string;
  color: string;
  xs: ArrayLike<number>;
  lower: ArrayLike<number>;
  upper: ArrayLike<number>;
}

export interface LineChartHandle {
  /** PNG of the chart on the theme's background. */
  toPngBlob: () => Promise<Blob | null>;
}

export interface LineChartCanvasProps {
  series: readonly LineSeries[];
  bands?: readonly BandSeries[];
  xDomain: [number, number];
  yDomain: [number, number];
  yScale: ScaleKind;
  formatX: (value: number) => string;
  formatY?: (value: number) => string;
  height?: number;
  highlightedId?: string | null;
  onHover?: (runId: string | null) => void;
  /** Drag-to-zoom: called with the selected x range (data units). */
  onZoom?: (x0: number, x1: number) => void;
  onPlotWidth?: (width: number) => void;
  label: string;
  testId?: string;
}

const MARGIN = { left: 58, right: 12, top: 8, bottom: 24 };

interface Geometry {
  width: number;
  height: number;
  plotW: number;
  plotH: number;
}

function makeMappers(props: Pick<LineChartCanvasProps, 'xDomain' | 'yDomain' | 'yScale'>, geometry: Geometry) {
  const [x0, x1] = props.xDomain;
  const ax = geometry.plotW / (x1 - x0 || 1);
  const bx = MARGIN.left - x0 * ax;
  const log = props.yScale === 'log';
  const [ya, yb] = log ? [Math.log10(props.yDomain[0]), Math.log10(props.yDomain[1])] : props.yDomain;
  const ay = -geometry.plotH / (yb - ya || 1);
  const by = MARGIN.top + geometry.plotH - ya * ay;
  return {
    px: (x: number) => ax * x + bx,
    py: log ? (y: number) => (y > 0 ? ay * Math.log10(y) + by : NaN) : (y: number) => ay * y + by,
  };
}

const clampPixel = (value: number): number => (value > 1e6 ? 1e6 : value < -1e6 ? -1e6 : value);

function isAscending(xs: ArrayLike<number>): boolean {
  for (let i = 1; i < xs.length; i += 1) if ((xs[i] ?? 0) < (xs[i - 1] ?? 0)) return false;
  return true;
}

/** Index of the point nearest to x (binary search when xs ascend, else a scan); -1 when none is finite. */
export function nearestIndex(xs: ArrayLike<number>, x: number, ascending: boolean): number {
  if (xs.length === 0) return -1;
  if (ascending) {
    let lo = 0;
    let hi = xs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((xs[mid] ?? 0) < x) lo = mid + 1;
      else hi = mid;
    }
    const before = lo > 0 ? lo - 1 : lo;
    return Math.abs((xs[before] ?? Infinity) - x) <= Math.abs((xs[lo] ?? Infinity) - x) ? before : lo;
  }
  let best = -1;
  let bestDistance = Infinity;
  for (let i = 0; i < xs.length; i += 1) {
    const distance = Math.abs((xs[i] ?? NaN) - x);
    if (distance < bestDistance) {
      bestDistance = distance;
      best = i;
    }
  }
  return best;
}

function strokeSeries(ctx: CanvasRenderingContext2D, entry: LineSeries, px: (x: number) => number, py: (y: number) => number): void {
  const { xs, ys } = entry;
  ctx.beginPath();
  let pen = false;
  for (let i = 0; i < xs.length; i += 1) {
    const x = px(xs[i] ?? NaN);
    const y = py(ys[i] ?? NaN);
    if (x !== x || y !== y) {
      pen = false;
      continue;
    }
    if (pen) ctx.lineTo(x, clampPixel(y));
    else {
      ctx.moveTo(x, clampPixel(y));
      // A lone point (between gaps) still shows as a dot-sized segment.
      ctx.lineTo(x + 0.5, clampPixel(y));
      pen = true;
    }
  }
  ctx.stroke();
}

interface DrawStats {
  max: number;
  maxX: number;
  points: number;
}

function drawBase(canvas: HTMLCanvasElement, props: LineChartCanvasProps, geometry: Geometry, colors: ChartColors): DrawStats {
  const dpr = window.devicePixelRatio || 1;
  const ctx = canvas.getContext('2d');
  const stats: DrawStats = { max: -Infinity, maxX: NaN, points: 0 };
  if (!ctx) return stats;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, geometry.width, geometry.height);
  const { px, py } = makeMappers(props, geometry);
  const formatY = props.formatY ?? formatMetricValue;
  ctx.font = colors.font;
  ctx.lineWidth = 1;
  // Grid and tick labels.
  const yTicks =
    props.yScale === 'log' ? logTicks(props.yDomain[0], props.yDomain[1], 5) : linearTicks(props.yDomain[0], props.yDomain[1], 5);
  ctx.strokeStyle = colors.grid;
  ctx.fillStyle = colors.text;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  ctx.beginPath();
  for (const tick of yTicks) {
    const y = Math.round(py(tick)) + 0.5;
    if (!(y >= MARGIN.top - 1 && y <= MARGIN.top + geometry.plotH + 1)) continue;
    ctx.moveTo(MARGIN.left, y);
    ctx.lineTo(MARGIN.left + geometry.plotW, y);
    ctx.fillText(formatY(tick), MARGIN.left - 6, y);
  }
  ctx.stroke();
  const xTicks = linearTicks(props.xDomain[0], props.xDomain[1], Math.max(2, Math.floor(geometry.plotW / 90)));
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const tick of xTicks) {
    const x = px(tick);
    if (x < MARGIN.left - 1 || x > MARGIN.left + geometry.plotW + 1) continue;
    ctx.fillText(props.formatX(tick), x, MARGIN.top + geometry.plotH + 6);
  }
  ctx.strokeStyle = colors.axis;
  ctx.strokeRect(MARGIN.left + 0.5, MARGIN.top + 0.5, geometry.plotW - 1, geometry.plotH - 1);
  // Data, clipped to the plot.
  ctx.save();
  ctx.beginPath();
  ctx.rect(MARGIN.left, MARGIN.top, geometry.plotW, geometry.plotH);
  ctx.clip();
  for (const band of props.bands ?? []) {
    ctx.globalAlpha = 0.18;
    ctx.fillStyle = band.color;
    ctx.beginPath();
    let started = false;
    for (let i = 0; i < band.xs.length; i += 1) {
      const x = px(band.xs[i] ?? NaN);
      const y = py(band.upper[i] ?? NaN);
      if (x !== x || y !== y) continue;
      if (started) ctx.lineTo(x, clampPixel(y));
      else ctx.moveTo(x, clampPixel(y));
      started = true;
    }
    for (let i = band.xs.length - 1; i >= 0; i -= 1) {
      const x = px(band.xs[i] ?? NaN);
      const y = py(band.lower[i] ?? NaN);
      if (x !== x || y !== y) continue;
      ctx.lineTo(x, clampPixel(y));
    }
    ctx.fill();
  }
  ctx.lineJoin = 'bevel';
  const [xLo, xHi] = props.xDomain;
  for (const role of ['faint', 'raw', 'main'] as const) {
    ctx.globalAlpha = role === 'faint' ? 0.28 : 1;
    // Hairlines (width 1) take Skia's fast path: ~7× cheaper than 1.25 for 100 runs × 1,800
    // points (measured 41 ms vs 290 ms in software rendering). Only the smoothed or aggregated
    // lines, one point per bucket, are drawn thicker.
    ctx.lineWidth = role === 'main' ? 1.5 : 1;
    for (const entry of props.series) {
      if (entry.role !== role) continue;
      ctx.strokeStyle = entry.color;
      strokeSeries(ctx, entry, px, py);
      if (role === 'main') continue;
      for (let i = 0; i < entry.xs.length; i += 1) {
        const x = entry.xs[i] ?? NaN;
        const y = entry.ys[i] ?? NaN;
        if (!(x >= xLo && x <= xHi) || !Number.isFinite(y)) continue;
        stats.points += 1;
        if (y > stats.max) {
          stats.max = y;
          stats.maxX = x;
        }
      }
    }
  }
  ctx.restore();
  ctx.globalAlpha = 1;
  return stats;
}

interface HoverState {
  /** Pointer position in CSS pixels inside the chart. */
  left: number;
  top: number;
  x: number;
  rows: { runId: string; label: string; color: string; value: number }[];
}

export const LineChartCanvas = forwardRef<LineChartHandle, LineChartCanvasProps>(function LineChartCanvas(props, ref) {
  const { series, height = 240, highlightedId, onHover, onZoom, onPlotWidth } = props;
  const containerRef = useRef<HTMLDivElement>(null);
  const baseRef = useRef<HTMLCanvasElement>(null);
  const overlayRef = useRef<HTMLCanvasElement>(null);
  const drawCount = useRef(0);
  const [width, setWidth] = useState(0);
  const [hover, setHover] = useState<HoverState | null>(null);
  const [selection, setSelection] = useState<{ from: number; to: number } | null>(null);
  const theme = useThemeVersion();

  useLayoutEffect(() => {
    const element = containerRef.current;
    if (!element) return;
    setWidth(Math.floor(element.clientWidth));
    const observer = new ResizeObserver((entries) => {
      const entry = entries[0];
      if (entry) setWidth(Math.floor(entry.contentRect.width));
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const geometry = useMemo<Geometry>(
    () => ({
      width,
      height,
      plotW: Math.max(10, width - MARGIN.left - MARGIN.right),
      plotH: Math.max(10, height - MARGIN.top - MARGIN.bottom),
    }),
    [width, height],
  );

  // Layout effect: the parent learns the plot width before the first paint and can start the
  // data request (sized to it) one frame earlier.
  useLayoutEffect(() => {
    if (width > 0) onPlotWidth?.(geometry.plotW);
  }, [geometry.plotW, onPlotWidth, width]);

  // Which lines answer hover queries: the main (smoothed/aggregated) lines when there are any, else raw.
  const hoverable = useMemo(() => {
    const main = series.filter((entry) => entry.role === 'main');
    const chosen = main.length > 0 ? main : series.filter((entry) => entry.role === 'raw');
    return chosen.map((entry) => ({ entry, ascending: isAscending(entry.xs) }));
  }, [series]);

  useLayoutEffect(() => {
    const canvas = baseRef.current;
    const container = containerRef.current;
    if (!canvas || !container || width === 0) return;
    const dpr = window.devicePixelRatio || 1;
    for (const element of [canvas, overlayRef.current]) {
      if (!element) continue;
      element.width = Math.round(width * dpr);
      element.height = Math.round(height * dpr);
      element.style.width = `${width}px`;
      element.style.height = `${height}px`;
    }
    const stats = drawBase(canvas, props, geometry, readChartColors());
    drawCount.current += 1;
    container.dataset.drawCount = String(drawCount.current);
    container.dataset.drawnMax = Number.isFinite(stats.max) ? String(stats.max) : '';
    container.dataset.drawnMaxX = Number.isFinite(stats.maxX) ? String(stats.maxX) : '';
    container.dataset.drawnPoints = String(stats.points);
    container.dataset.yDomain = `${props.yDomain[0]},${props.yDomain[1]}`;
    container.dataset.xDomain = `${props.xDomain[0]},${props.xDomain[1]}`;
    container.dataset.bands = String(props.bands?.length ?? 0);
    container.dataset.mainSeries = String(series.filter((entry) => entry.role === 'main').length);
    container.dataset.drawnAt = String(performance.now());
    // props is read whole by drawBase; the listed fields are what it depends on.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [series, props.bands, props.xDomain, props.yDomain, props.yScale, props.formatX, props.formatY, geometry, theme, width, height]);

  // Overlay: highlighted run, crosshair, selection.
  useLayoutEffect(() => {
    const canvas = overlayRef.current;
    if (!canvas || width === 0) return;
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    const dpr = window.devicePixelRatio || 1;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, height);
    const colors = readChartColors();
    const { px, py } = makeMappers(props, geometry);
    ctx.save();
    ctx.beginPath();
    ctx.rect(MARGIN.left, MARGIN.top, geometry.plotW, geometry.plotH);
    ctx.clip();
    if (highlightedId) {
      ctx.lineWidth = 2.5;
      ctx.lineJoin = 'round';
      for (const entry of series) {
        if ((entry.runId ?? entry.id) !== highlightedId || entry.role === 'faint') continue;
        ctx.strokeStyle = colors.background;
        ctx.lineWidth = 4.5;
        strokeSeries(ctx, entry, px, py);
        ctx.strokeStyle = entry.color;
        ctx.lineWidth = 2.5;
        strokeSeries(ctx, entry, px, py);
      }
    }
    if (hover) {
      const x = Math.round(px(hover.x)) + 0.5;
      ctx.strokeStyle = colors.axis;
      ctx.lineWidth = 1;
      ctx.beginPath();
      ctx.moveTo(x, MARGIN.top);
      ctx.lineTo(x, MARGIN.top + geometry.plotH);
      ctx.stroke();
    }
    if (selection) {
      ctx.fillStyle = colors.accent;
      ctx.globalAlpha = 0.15;
      const left = Math.min(selection.from, selection.to);
      ctx.fillRect(left, MARGIN.top, Math.abs(selection.to - selection.from), geometry.plotH);
      ctx.globalAlpha = 1;
    }
    ctx.restore();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [highlightedId, hover, selection, series, geometry, props.xDomain, props.yDomain, props.yScale, theme, width, height]);

  useImperativeHandle(
    ref,
    () => ({
      toPngBlob: () =>
        new Promise<Blob | null>((resolve) => {
          const base = baseRef.current;
          if (!base) return resolve(null);
          const out = document.createElement('canvas');
          out.width = base.width;
          out.height = base.height;
          const ctx = out.getContext('2d');
          if (!ctx) return resolve(null);
          ctx.fillStyle = readChartColors().background;
          ctx.fillRect(0, 0, out.width, out.height);
          ctx.drawImage(base, 0, 0);
          out.toBlob(resolve, 'image/png');
        }),
    }),
    [],
  );

  const dragStart = useRef<number | null>(null);
  const frame = useRef(0);

  const pointerX = (event: ReactPointerEvent<HTMLCanvasElement>) => {
    const rect = event.currentTarget.getBoundingClientRect();
    return { left: event.clientX - rect.left, top: event.clientY - rect.top };
  };

  const updateHover = useCallback(
    (left: number, top: number) => {
      if (left < MARGIN.left || left > MARGIN.left + geometry.plotW) {
        setHover(null);
        onHover?.(null);
        return;
      }
      const x = denormalize((left - MARGIN.left) / geometry.plotW, props.xDomain, 'linear');
      const { py } = makeMappers(props, geometry);
      const rows: HoverState['rows'] = [];
      let nearest: string | null = null;
      let nearestDistance = 10;
      for (const { entry, ascending } of hoverable) {
        const index = nearestIndex(entry.xs, x, ascending);
        if (index < 0) continue;
        const value = entry.ys[index] ?? NaN;
        rows.push({ runId: entry.runId ?? entry.id, label: entry.label, color: entry.color, value });
        const distance = Math.abs(py(value) - top);
        if (distance < nearestDistance) {
          nearestDistance = distance;
          nearest = entry.runId ?? entry.id;
        }
      }
      rows.sort((a, b) => (Number.isNaN(a.value) ? 1 : Number.isNaN(b.value) ? -1 : b.value - a.value));
      setHover({ left, top, x, rows });
      onHover?.(nearest);
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [geometry, hoverable, onHover, props.xDomain, props.yDomain, props.yScale],
  );

  const onPointerMove = (event: ReactPointerEvent<HTMLCanvasElement>) => {
    const { left, top } = pointerX(event);
    if (dragStart.current !== null) {
      const from = dragStart.current;
      setSelection({ from, to: Math.min(Math.max(left, MARGIN.left), MARGIN.left + geometry.plotW) });
      return;
    }
    cancelAnimationFrame(frame.current);
    frame.current = requestAnimationFrame(() => updateHover(left, top));
  };

  const onPointerDown = (event: ReactPointerEvent<HTMLCanvasElement>) => {
    if (!onZoom || event.button !== 0) return;
    const { left } = pointerX(event);
    if (left < MARGIN.left || left > MARGIN.left + geometry.plotW) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    dragStart.current = left;
    setSelection({ from: left, to: left });
  };

  const onPointerUp = () => {
    const start = dragStart.current;
    dragStart.current = null;
    const current = selection;
    setSelection(null);
    if (start === null || !current || !onZoom) return;
    if (Math.abs(current.to - current.from) < 5) return;
    const toX = (left: number) => denormalize((left - MARGIN.left) / geometry.plotW, props.xDomain, 'linear');
    const a = toX(Math.min(current.from, current.to));
    const b = toX(Math.max(current.from, current.to));
    onZoom(a, b);
  };

  const onPointerLeave = () => {
    cancelAnimationFrame(frame.current);
    setHover(null);
    onHover?.(null);
  };

  const formatY = props.formatY ?? formatMetricValue;
  const tooltipLeft = hover ? (hover.left > width / 2 ? Math.max(4, hover.left - 228) : hover.left + 16) : 0;

  return (
    <div ref={containerRef} className="line-chart" style={{ height }} data-testid={props.testId} data-series={series.length}>
      <canvas ref={baseRef} className="line-chart-layer" role="img" aria-label={props.label} />
      <canvas
        ref={overlayRef}
        className="line-chart-layer line-chart-overlay"
        aria-hidden="true"
        onPointerMove={onPointerMove}
        onPointerDown={onPointerDown}
        onPointerUp={onPointerUp}
        onPointerLeave={onPointerLeave}
      />
      {hover && hover.rows.length > 0 && (
        <div className="line-chart-tooltip" role="status" style={{ left: tooltipLeft, top: 4 }} data-testid="chart-tooltip">
          <div className="line-chart-tooltip-x">{props.formatX(hover.x)}</div>
          <ol>
            {hover.rows.slice(0, 30).map((row) => (
              <li key={row.runId} className={row.runId === highlightedId ? 'is-highlighted' : undefined}>
                <span className="swatch" style={{ background: row.color }} />
                <span className="name">{row.label}</span>
                <span className="value">{formatY(row.value)}</span>
              </li>
            ))}
          </ol>
          {hover.rows.length > 30 && <div className="muted">… {hover.rows.length - 30} more</div>}
        </div>
      )}
    </div>
  );
});
