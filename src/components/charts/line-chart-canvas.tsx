// A canvas line chart for many long series (100 runs × thousands of drawn points stay under a few
// milliseconds per draw, where an SVG chart would build hundreds of thousands of DOM nodes).
// Two stacked canvases: the base (grid, bands, lines) redraws only when data or size change; the
// overlay (highlighted run, crosshair, zoom selection) redraws on hover. The base is drawn a line
// at a time in slices of ~20 ms (lib/scheduling/time-slices), so a large chart never holds the
// main thread for long. The drawn maximum and a draw counter are published as data attributes for
// tests and benchmarks once a draw is complete.
import {
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent as ReactKeyboardEvent,
  type PointerEvent as ReactPointerEvent,
} from 'react';
import { formatMetricValue } from '../../lib/format/format-number';
import { linearTicks, logTicks, denormalize, type ScaleKind } from '../../lib/chart-math/ticks';
import { hoverRows, type HoverLine, type HoverRow } from './hover-rows';
import { renderTooltipRows } from './tooltip-rows';
import { readChartColors, useThemeVersion, type ChartColors } from './use-theme-version';
import { runInSlices, SLICE_BUDGET_MS, type SlicedWork } from '../../lib/scheduling/time-slices';
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

export interface HighlightSource {
  get: () => string | null;
  subscribe: (listener: () => void) => () => void;
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
  /**
   * The highlighted run as an external store (e.g. shared by every chart of a view): the overlay
   * repaints itself on change, without a React render. Takes precedence over highlightedId.
   */
  highlightSource?: HighlightSource;
  onHover?: (runId: string | null) => void;
  /** Drag-to-zoom: called with the selected x range (data units). */
  onZoom?: (x0: number, x1: number) => void;
  /** Double-click: back to the whole x range. */
  onResetZoom?: () => void;
  onPlotWidth?: (width: number) => void;
  /**
   * A draw too long for one short task goes on over the next tasks: called with true when one
   * does, and with false once it is complete (`data-drawing` on the chart says the same).
   */
  onDrawingChange?: (drawing: boolean) => void;
  label: string;
  testId?: string;
}

const MARGIN = { left: 58, right: 12, top: 8, bottom: 24 };
/** Above this many smoothed or aggregated lines, they are drawn as hairlines too (see drawBase). */
const THICK_MAIN_LINES = 20;

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

// Series arrays are immutable once drawn: whether xs ascend is worked out once per array.
const ascendingCache = new WeakMap<object, boolean>();

function isAscending(xs: ArrayLike<number>): boolean {
  const known = ascendingCache.get(xs);
  if (known !== undefined) return known;
  let ascending = true;
  for (let i = 1; i < xs.length && ascending; i += 1) if ((xs[i] ?? 0) < (xs[i - 1] ?? 0)) ascending = false;
  ascendingCache.set(xs, ascending);
  return ascending;
}

interface DrawStats {
  max: number;
  maxX: number;
  points: number;
}

/**
 * Strokes one series. The hot loop of the chart (100 runs × thousands of points per draw): the
 * data → pixel mapping is inlined and, when `stats` is given, the drawn maximum and point count
 * are gathered in the same pass.
 */
function strokeSeries(
  ctx: CanvasRenderingContext2D,
  entry: LineSeries,
  props: Pick<LineChartCanvasProps, 'xDomain' | 'yDomain' | 'yScale'>,
  geometry: Geometry,
  stats?: DrawStats,
): void {
  const { xs, ys } = entry;
  const [x0, x1] = props.xDomain;
  const ax = geometry.plotW / (x1 - x0 || 1);
  const bx = MARGIN.left - x0 * ax;
  const log = props.yScale === 'log';
  const ya = log ? Math.log10(props.yDomain[0]) : props.yDomain[0];
  const yb = log ? Math.log10(props.yDomain[1]) : props.yDomain[1];
  const ay = -geometry.plotH / (yb - ya || 1);
  const by = MARGIN.top + geometry.plotH - ya * ay;
  ctx.beginPath();
  let pen = false;
  const n = Math.min(xs.length, ys.length);
  for (let i = 0; i < n; i += 1) {
    const xValue = xs[i] as number;
    const yValue = ys[i] as number;
    if (stats && xValue >= x0 && xValue <= x1 && yValue - yValue === 0) {
      stats.points += 1;
      if (yValue > stats.max) {
        stats.max = yValue;
        stats.maxX = xValue;
      }
    }
    const x = ax * xValue + bx;
    let y = log ? (yValue > 0 ? ay * Math.log10(yValue) + by : NaN) : ay * yValue + by;
    if (x !== x || y !== y) {
      pen = false;
      continue;
    }
    y = y > 1e6 ? 1e6 : y < -1e6 ? -1e6 : y;
    if (pen) ctx.lineTo(x, y);
    else {
      ctx.moveTo(x, y);
      // A lone point (between gaps) still shows as a dot-sized segment.
      ctx.lineTo(x + 0.5, y);
      pen = true;
    }
  }
  ctx.stroke();
}

/**
 * Draws the base layer one step at a time (the grid, then each band, then each line), gathering
 * the drawn maximum and point count into `stats`: run through runInSlices, a 100-run chart is drawn
 * progressively over a few short tasks instead of one long one.
 */
function* drawBaseSteps(
  ctx: CanvasRenderingContext2D,
  props: LineChartCanvasProps,
  geometry: Geometry,
  colors: ChartColors,
  stats: DrawStats,
): Generator<void, void, undefined> {
  const dpr = window.devicePixelRatio || 1;
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
  yield;
  // Data, clipped to the plot. A draw cancelled between steps restores the context (the finally).
  ctx.save();
  try {
    yield* drawData(ctx, props, geometry, stats);
  } finally {
    ctx.restore();
    ctx.globalAlpha = 1;
  }
}

function* drawData(
  ctx: CanvasRenderingContext2D,
  props: LineChartCanvasProps,
  geometry: Geometry,
  stats: DrawStats,
): Generator<void, void, undefined> {
  const { px, py } = makeMappers(props, geometry);
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
    yield;
  }
  ctx.lineJoin = 'bevel';
  let mainCount = 0;
  for (const entry of props.series) if (entry.role === 'main') mainCount += 1;
  for (const role of ['faint', 'raw', 'main'] as const) {
    ctx.globalAlpha = role === 'faint' ? 0.28 : 1;
    // Hairlines (width 1) take Skia's fast path: ~7× cheaper than 1.25 for 100 runs × 1,800
    // points (measured 41 ms vs 290 ms in software rendering). Smoothed or aggregated lines are
    // drawn thicker only while there are few of them.
    ctx.lineWidth = role === 'main' && mainCount <= THICK_MAIN_LINES ? 1.5 : 1;
    for (const entry of props.series) {
      if (entry.role !== role) continue;
      ctx.strokeStyle = entry.color;
      strokeSeries(ctx, entry, props, geometry, role === 'main' ? undefined : stats);
      yield;
    }
  }
}

/** Mean over every finite value(item, index) of a list of series. */
function meanOf<T extends { xs: ArrayLike<number> }>(items: readonly T[], value: (item: T, index: number) => number): number {
  let sum = 0;
  let count = 0;
  for (const item of items) {
    for (let i = 0; i < item.xs.length; i += 1) {
      const v = value(item, i);
      if (Number.isFinite(v)) {
        sum += v;
        count += 1;
      }
    }
  }
  return count > 0 ? sum / count : NaN;
}

interface PointerPosition {
  /** CSS pixels inside the chart. */
  left: number;
  top: number;
}

const NO_ROWS: HoverRow[] = [];

export function LineChartCanvas(props: LineChartCanvasProps) {
  const { series, height = 240, highlightedId, highlightSource, onHover, onZoom, onResetZoom, onPlotWidth, onDrawingChange } = props;
  const containerRef = useRef<HTMLDivElement>(null);
  const baseRef = useRef<HTMLCanvasElement>(null);
  const overlayRef = useRef<HTMLCanvasElement>(null);
  const tooltipRef = useRef<HTMLDivElement>(null);
  const drawCount = useRef(0);
  const drawing = useRef<SlicedWork | null>(null);
  const latestOnDrawing = useRef(onDrawingChange);
  const [width, setWidth] = useState(0);
  // A click pins the tooltip where it is, so a long list can be scrolled; another click releases it.
  const [pinned, setPinned] = useState(false);
  const theme = useThemeVersion();
  const colors = useMemo(() => {
    void theme;
    return readChartColors();
  }, [theme]);

  useLayoutEffect(() => {
    const element = containerRef.current;
    if (!element) return;
    // No clientWidth read here: it forced a layout of the whole page inside the commit that mounts
    // it (13–120 ms of the longest task of the chart view in a profile). The observer reports the
    // width after the browser's own layout, before the first paint.
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

  // Layout effect: the parent learns the plot width as soon as it is known and can start the data
  // request (sized to it) before the next paint.
  useLayoutEffect(() => {
    if (width > 0) onPlotWidth?.(geometry.plotW);
  }, [geometry.plotW, onPlotWidth, width]);

  // Which lines answer hover queries: the main (smoothed/aggregated) lines when there are any, else raw.
  const hoverable = useMemo<HoverLine[]>(() => {
    const main = series.filter((entry) => entry.role === 'main');
    const chosen = main.length > 0 ? main : series.filter((entry) => entry.role === 'raw');
    return chosen.map((entry) => ({
      id: entry.runId ?? entry.id,
      label: entry.label,
      color: entry.color,
      xs: entry.xs,
      ys: entry.ys,
      ascending: isAscending(entry.xs),
    }));
  }, [series]);

  /** After a complete draw: what was drawn, as data attributes for tests and benchmarks. */
  const publishDrawn = (container: HTMLElement, stats: DrawStats) => {
    drawCount.current += 1;
    container.dataset.drawCount = String(drawCount.current);
    container.dataset.drawnMax = Number.isFinite(stats.max) ? String(stats.max) : '';
    container.dataset.drawnMaxX = Number.isFinite(stats.maxX) ? String(stats.maxX) : '';
    container.dataset.drawnPoints = String(stats.points);
    container.dataset.yDomain = `${props.yDomain[0]},${props.yDomain[1]}`;
    container.dataset.xDomain = `${props.xDomain[0]},${props.xDomain[1]}`;
    container.dataset.bands = String(props.bands?.length ?? 0);
    // Summaries for tests: mean band width and mean of the main lines (mean/median, band kinds).
    container.dataset.bandWidth = String(meanOf(props.bands ?? [], (band, i) => (band.upper[i] ?? NaN) - (band.lower[i] ?? NaN)));
    container.dataset.mainMean = String(
      meanOf(
        series.filter((entry) => entry.role === 'main'),
        (entry, i) => entry.ys[i] ?? NaN,
      ),
    );
    container.dataset.mainSeries = String(series.filter((entry) => entry.role === 'main').length);
    container.dataset.drawnAt = String(performance.now());
  };

  useLayoutEffect(() => {
    latestOnDrawing.current = onDrawingChange;
  }, [onDrawingChange]);

  useLayoutEffect(() => {
    const canvas = baseRef.current;
    const container = containerRef.current;
    if (!canvas || !container || width === 0) return;
    drawing.current?.cancel();
    const dpr = window.devicePixelRatio || 1;
    for (const element of [canvas, overlayRef.current]) {
      if (!element) continue;
      // Setting a canvas' size reallocates and clears it, even to the same value: only on change.
      const pixelWidth = Math.round(width * dpr);
      const pixelHeight = Math.round(height * dpr);
      if (element.width !== pixelWidth) element.width = pixelWidth;
      if (element.height !== pixelHeight) element.height = pixelHeight;
      element.style.width = `${width}px`;
      element.style.height = `${height}px`;
    }
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    const stats: DrawStats = { max: -Infinity, maxX: NaN, points: 0 };
    const work = runInSlices(drawBaseSteps(ctx, props, geometry, colors, stats), {
      budgetMs: SLICE_BUDGET_MS,
      // The first draw (an empty frame, or cached data) leaves the task that mounts the page, already the longest.
      deferFirst: drawCount.current === 0,
      onDone: () => {
        publishDrawn(container, stats);
        if (container.dataset.drawing === 'true') {
          container.dataset.drawing = 'false';
          latestOnDrawing.current?.(false);
        }
      },
    });
    drawing.current = work;
    if (!work.finished && container.dataset.drawing !== 'true') {
      container.dataset.drawing = 'true';
      latestOnDrawing.current?.(true);
    }
    // props is read whole by drawBaseSteps; the listed fields are what it depends on.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [series, props.bands, props.xDomain, props.yDomain, props.yScale, props.formatX, props.formatY, geometry, colors, width, height]);
  useEffect(
    () => () => {
      drawing.current?.cancel();
      // Unmounted mid-draw: the parent's "drawing" state must not stay on.
      if (containerRef.current?.dataset.drawing === 'true') latestOnDrawing.current?.(false);
    },
    [],
  );

  // Hover, tooltip and drag selection are handled outside React: a pointer move repaints the
  // overlay canvas and rewrites the tooltip rows, and renders nothing. The handlers read the
  // latest props through this ref.
  const latest = useRef({ props, geometry, hoverable, colors, pinned });
  useLayoutEffect(() => {
    latest.current = { props, geometry, hoverable, colors, pinned };
  });
  const pointer = useRef<PointerPosition | null>(null);
  const hovered = useRef<{ x: number; rows: HoverRow[]; nearest: string | null } | null>(null);
  const selection = useRef<{ from: number; to: number } | null>(null);
  const dragStart = useRef<number | null>(null);
  const frame = useRef(0);

  const highlighted = (): string | null => {
    const current = latest.current.props;
    if (hovered.current?.nearest) return hovered.current.nearest;
    return current.highlightSource ? current.highlightSource.get() : (current.highlightedId ?? null);
  };

  const paintOverlay = () => {
    const canvas = overlayRef.current;
    const container = containerRef.current;
    const { props: current, geometry: box, colors: palette } = latest.current;
    if (!canvas || !container || box.width === 0) return;
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    const dpr = window.devicePixelRatio || 1;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, box.width, box.height);
    const { px } = makeMappers(current, box);
    ctx.save();
    ctx.beginPath();
    ctx.rect(MARGIN.left, MARGIN.top, box.plotW, box.plotH);
    ctx.clip();
    const runId = highlighted();
    if (container.dataset.highlighted !== (runId ?? '')) container.dataset.highlighted = runId ?? '';
    if (runId) {
      ctx.lineJoin = 'round';
      for (const entry of current.series) {
        if ((entry.runId ?? entry.id) !== runId || entry.role === 'faint') continue;
        ctx.strokeStyle = palette.background;
        ctx.lineWidth = 4.5;
        strokeSeries(ctx, entry, current, box);
        ctx.strokeStyle = entry.color;
        ctx.lineWidth = 2.5;
        strokeSeries(ctx, entry, current, box);
      }
    }
    if (hovered.current) {
      const x = Math.round(px(hovered.current.x)) + 0.5;
      ctx.strokeStyle = palette.axis;
      ctx.lineWidth = 1;
      ctx.beginPath();
      ctx.moveTo(x, MARGIN.top);
      ctx.lineTo(x, MARGIN.top + box.plotH);
      ctx.stroke();
    }
    const range = selection.current;
    if (range) {
      ctx.fillStyle = palette.accent;
      ctx.globalAlpha = 0.15;
      ctx.fillRect(Math.min(range.from, range.to), MARGIN.top, Math.abs(range.to - range.from), box.plotH);
      ctx.globalAlpha = 1;
    }
    ctx.restore();
  };

  const paintTooltip = (keepScroll = false) => {
    const tooltip = tooltipRef.current;
    const list = tooltip?.querySelector('ol');
    const header = tooltip?.querySelector<HTMLElement>('.line-chart-tooltip-x');
    if (!tooltip || !list || !header) return;
    const state = hovered.current;
    const position = pointer.current;
    if (!state || !position || state.rows.length === 0) {
      tooltip.hidden = true;
      renderTooltipRows(list, NO_ROWS, null, String);
      return;
    }
    const { props: current, geometry: box } = latest.current;
    const rows = state.rows;
    header.textContent = `${current.formatX(state.x)} · ${rows.length} ${rows.length === 1 ? 'line' : 'lines'}`;
    tooltip.style.left = `${position.left > box.width / 2 ? Math.max(4, position.left - 248) : position.left + 16}px`;
    tooltip.hidden = false;
    renderTooltipRows(list, rows, highlighted(), current.formatY ?? formatMetricValue, keepScroll);
  };

  /** Recomputes what is under the pointer (after a move, or when the data changed under it). */
  const updateHover = () => {
    const position = pointer.current;
    const { props: current, geometry: box, hoverable: lines } = latest.current;
    if (!position || position.left < MARGIN.left || position.left > MARGIN.left + box.plotW) {
      hovered.current = null;
    } else {
      const x = denormalize((position.left - MARGIN.left) / box.plotW, current.xDomain, 'linear');
      const { py } = makeMappers(current, box);
      hovered.current = { x, ...hoverRows(lines, x, position.top, py) };
    }
    current.onHover?.(hovered.current?.nearest ?? null);
    paintTooltip();
    paintOverlay();
  };

  // Data, size or theme changed: repaint the overlay; a hovered (or pinned) tooltip follows the new
  // data in the next frame, not inside this commit (after a zoom, rewriting 100 tooltip rows and
  // every chart's highlight was most of a 58 ms task).
  useLayoutEffect(() => {
    paintOverlay();
    if (hovered.current && !latest.current.pinned) {
      cancelAnimationFrame(frame.current);
      frame.current = requestAnimationFrame(updateHover);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [series, geometry, props.xDomain, props.yDomain, props.yScale, colors, highlightedId]);

  // The shared highlight moved (another chart or the legend): repaint this overlay only.
  useEffect(() => {
    if (!highlightSource) return undefined;
    return highlightSource.subscribe(() => {
      paintOverlay();
      if (hovered.current) paintTooltip(latest.current.pinned);
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [highlightSource]);

  // A pinned tooltip is released by Escape or a click outside the chart.
  useEffect(() => {
    if (!pinned) return undefined;
    const release = () => {
      setPinned(false);
      pointer.current = null;
      hovered.current = null;
      latest.current.props.onHover?.(null);
      paintTooltip();
      paintOverlay();
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') release();
    };
    const onDown = (event: PointerEvent) => {
      if (!containerRef.current?.contains(event.target as Node)) release();
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('pointerdown', onDown);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('pointerdown', onDown);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [pinned]);

  useEffect(() => () => cancelAnimationFrame(frame.current), []);

  const position = (event: ReactPointerEvent<HTMLCanvasElement>): PointerPosition => {
    const rect = event.currentTarget.getBoundingClientRect();
    return { left: event.clientX - rect.left, top: event.clientY - rect.top };
  };

  const clampToPlot = (left: number) => Math.min(Math.max(left, MARGIN.left), MARGIN.left + geometry.plotW);

  const onPointerMove = (event: ReactPointerEvent<HTMLCanvasElement>) => {
    const at = position(event);
    if (dragStart.current !== null) {
      selection.current = { from: dragStart.current, to: clampToPlot(at.left) };
      cancelAnimationFrame(frame.current);
      frame.current = requestAnimationFrame(paintOverlay);
      return;
    }
    if (pinned) return;
    pointer.current = at;
    // At most one hover update per frame, however fast the pointer events come.
    cancelAnimationFrame(frame.current);
    frame.current = requestAnimationFrame(updateHover);
  };

  const onPointerDown = (event: ReactPointerEvent<HTMLCanvasElement>) => {
    if (event.button !== 0) return;
    const { left } = position(event);
    if (left < MARGIN.left || left > MARGIN.left + geometry.plotW) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    dragStart.current = left;
    selection.current = { from: left, to: left };
  };

  const onPointerUp = (event: ReactPointerEvent<HTMLCanvasElement>) => {
    const start = dragStart.current;
    const range = selection.current;
    dragStart.current = null;
    selection.current = null;
    if (start === null || !range) return;
    if (Math.abs(range.to - range.from) < 5) {
      // A click, not a drag: pin or release the tooltip.
      if (pinned) {
        setPinned(false);
        pointer.current = position(event);
        updateHover();
      } else if (hovered.current && hovered.current.rows.length > 0) {
        setPinned(true);
        paintOverlay();
      }
      return;
    }
    paintOverlay();
    if (!onZoom) return;
    const toX = (left: number) => denormalize((left - MARGIN.left) / geometry.plotW, props.xDomain, 'linear');
    onZoom(toX(Math.min(range.from, range.to)), toX(Math.max(range.from, range.to)));
  };

  const onPointerLeave = () => {
    if (pinned || dragStart.current !== null) return;
    cancelAnimationFrame(frame.current);
    pointer.current = null;
    hovered.current = null;
    onHover?.(null);
    paintTooltip();
    paintOverlay();
  };

  const onDoubleClick = () => {
    if (!onResetZoom) return;
    // The two clicks of a double-click pinned and released the tooltip: leave it released.
    setPinned(false);
    onResetZoom();
  };

  const onTooltipKey = (event: ReactKeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Escape') setPinned(false);
  };

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
        onDoubleClick={onDoubleClick}
      />
      <div
        ref={tooltipRef}
        className={`line-chart-tooltip${pinned ? ' is-pinned' : ''}`}
        style={{ top: 4, maxHeight: height - 8 }}
        data-testid="chart-tooltip"
        data-pinned={pinned ? 'true' : 'false'}
        hidden
        onKeyDown={onTooltipKey}
      >
        <div className="line-chart-tooltip-x" />
        <ol tabIndex={pinned ? 0 : -1} aria-label="Values at the hovered point" />
        <div className="line-chart-tooltip-hint">
          {pinned ? 'Pinned: scroll the list; click the chart or press Esc to release' : 'Click to pin'}
        </div>
      </div>
    </div>
  );
}
