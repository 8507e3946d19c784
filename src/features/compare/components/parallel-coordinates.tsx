// Parallel coordinates on a canvas (1,000 runs × 12 axes redraw in a few milliseconds): one line
// per run across the chosen params and metric, coloured by the colour metric; drag vertically on
// any axis to brush it (several axes at once), click an axis to clear its brush; per-axis log
// scale and reordering. Brushing redraws synchronously in the pointer handler and commits to the
// URL on release; the last brush redraw time is published as data-brush-ms.
import { useCallback, useLayoutEffect, useMemo, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import { readChartColors, useThemeVersion } from '../../../components/charts/use-theme-version';
import { themedRampColor } from '../../../lib/chart-math/color-ramp';
import { formatMetricValue } from '../../../lib/format/format-number';
import { axisPosition, axisValueAt, selectedMask, type AxisValues, type Brushes } from '../utils/compare-values';

const MARGIN = { left: 40, right: 40, top: 16, bottom: 28 };
const HEIGHT = 360;

export interface ParallelCoordinatesProps {
  axes: readonly AxisValues[];
  logAxes: ReadonlySet<string>;
  colorAxis: AxisValues | undefined;
  brushes: Brushes;
  onBrushesChange: (brushes: Brushes) => void;
  onToggleLog: (axisId: string) => void;
  onMoveAxis: (axisId: string, direction: -1 | 1) => void;
  onRemoveAxis: (axisId: string) => void;
  runCount: number;
}

export function ParallelCoordinates(props: ParallelCoordinatesProps) {
  const { axes, logAxes, colorAxis, brushes, runCount } = props;
  const containerRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [width, setWidth] = useState(0);
  const liveBrushes = useRef<Brushes>(brushes);
  const drag = useRef<{ axis: AxisValues; fromT: number; moved: boolean } | null>(null);
  const theme = useThemeVersion();

  useLayoutEffect(() => {
    const element = containerRef.current;
    if (!element) return;
    setWidth(Math.floor(element.clientWidth));
    const observer = new ResizeObserver((entries) => setWidth(Math.floor(entries[0]?.contentRect.width ?? 0)));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const axisX = useCallback(
    (index: number) => MARGIN.left + (axes.length <= 1 ? 0 : ((width - MARGIN.left - MARGIN.right) * index) / (axes.length - 1)),
    [axes.length, width],
  );

  // Pixel y of every run on every axis, computed once per data/scale change (the brush redraw only reads it).
  const geometry = useMemo(() => {
    const ys = axes.map((axis) =>
      Float32Array.from(
        { length: runCount },
        (_, i) => MARGIN.top + (1 - axisPosition(axis, axis.values[i] ?? NaN, logAxes.has(axis.id))) * plotH,
      ),
    );
    const dark = theme === 'dark';
    const colors = Array.from({ length: runCount }, (_, i) =>
      colorAxis ? themedRampColor(axisPosition(colorAxis, colorAxis.values[i] ?? NaN, logAxes.has(colorAxis.id)), dark) : '#4e79a7',
    );
    return { ys, colors };
  }, [axes, runCount, logAxes, colorAxis, plotH, theme]);

  const draw = useCallback(
    (current: Brushes) => {
      const canvas = canvasRef.current;
      const container = containerRef.current;
      if (!canvas || !container || width === 0) return;
      const dpr = window.devicePixelRatio || 1;
      if (canvas.width !== Math.round(width * dpr)) {
        canvas.width = Math.round(width * dpr);
        canvas.height = Math.round(HEIGHT * dpr);
        canvas.style.width = `${width}px`;
        canvas.style.height = `${HEIGHT}px`;
      }
      const ctx = canvas.getContext('2d');
      if (!ctx) return;
      const colors = readChartColors();
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.clearRect(0, 0, width, HEIGHT);
      const mask = selectedMask(axes, current, runCount);
      const brushed = Object.keys(current).length > 0;
      const xs = axes.map((_, index) => axisX(index));
      const polyline = (i: number) => {
        ctx.beginPath();
        let pen = false;
        for (let a = 0; a < axes.length; a += 1) {
          const y = geometry.ys[a]?.[i] ?? NaN;
          if (y !== y) {
            pen = false;
            continue;
          }
          if (pen) ctx.lineTo(xs[a] ?? 0, y);
          else ctx.moveTo(xs[a] ?? 0, y);
          pen = true;
        }
        ctx.stroke();
      };
      ctx.lineWidth = 1;
      if (brushed) {
        ctx.strokeStyle = colors.axis;
        ctx.globalAlpha = 0.12;
        for (let i = 0; i < runCount; i += 1) if (!mask[i]) polyline(i);
      }
      ctx.globalAlpha = runCount > 300 ? 0.55 : 0.85;
      let selected = 0;
      for (let i = 0; i < runCount; i += 1) {
        if (!mask[i]) continue;
        selected += 1;
        ctx.strokeStyle = geometry.colors[i] ?? '#4e79a7';
        polyline(i);
      }
      ctx.globalAlpha = 1;
      // Axes, ticks and brushes.
      ctx.font = colors.font;
      ctx.textAlign = 'center';
      axes.forEach((axis, a) => {
        const x = Math.round(xs[a] ?? 0) + 0.5;
        ctx.strokeStyle = colors.axis;
        ctx.beginPath();
        ctx.moveTo(x, MARGIN.top);
        ctx.lineTo(x, MARGIN.top + plotH);
        ctx.stroke();
        ctx.fillStyle = colors.text;
        const log = logAxes.has(axis.id);
        const label = (t: number) =>
          axis.kind === 'categorical'
            ? (axis.categories[Math.round(axisValueAt(axis, t, log))] ?? '')
            : formatMetricValue(axisValueAt(axis, t, log));
        ctx.fillText(label(1), x, MARGIN.top - 4);
        ctx.fillText(label(0), x, MARGIN.top + plotH + 14);
        if (axis.kind === 'categorical' && axis.categories.length <= 12) {
          ctx.textAlign = 'left';
          axis.categories.forEach((category, index) => {
            const y = MARGIN.top + (1 - axisPosition(axis, index, false)) * plotH;
            if (index > 0 && index < axis.categories.length - 1) ctx.fillText(category, x + 4, y + 3);
          });
          ctx.textAlign = 'center';
        }
        const brush = current[axis.id];
        if (brush) {
          const top = MARGIN.top + (1 - axisPosition(axis, brush[1], log)) * plotH;
          const bottom = MARGIN.top + (1 - axisPosition(axis, brush[0], log)) * plotH;
          ctx.fillStyle = colors.accent;
          ctx.globalAlpha = 0.25;
          ctx.fillRect(x - 7, Math.min(top, bottom), 14, Math.max(2, Math.abs(bottom - top)));
          ctx.globalAlpha = 1;
          ctx.strokeStyle = colors.accent;
          ctx.strokeRect(x - 7, Math.min(top, bottom), 14, Math.max(2, Math.abs(bottom - top)));
        }
      });
      container.dataset.lines = String(runCount);
      container.dataset.selected = String(selected);
    },
    [axes, axisX, geometry, logAxes, plotH, runCount, width],
  );

  useLayoutEffect(() => {
    liveBrushes.current = brushes;
    draw(brushes);
  }, [draw, brushes, theme]);

  const nearestAxis = (left: number): AxisValues | undefined => {
    let best: AxisValues | undefined;
    let bestDistance = 14;
    axes.forEach((axis, index) => {
      const distance = Math.abs(axisX(index) - left);
      if (distance < bestDistance) {
        bestDistance = distance;
        best = axis;
      }
    });
    return best;
  };

  const position = (event: ReactPointerEvent<HTMLCanvasElement>) => {
    const rect = event.currentTarget.getBoundingClientRect();
    const left = event.clientX - rect.left;
    const t = Math.min(1, Math.max(0, 1 - (event.clientY - rect.top - MARGIN.top) / plotH));
    return { left, t };
  };

  const onPointerDown = (event: ReactPointerEvent<HTMLCanvasElement>) => {
    const { left, t } = position(event);
    const axis = nearestAxis(left);
    if (!axis) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    drag.current = { axis, fromT: t, moved: false };
  };

  const onPointerMove = (event: ReactPointerEvent<HTMLCanvasElement>) => {
    const current = drag.current;
    if (!current) return;
    const { t } = position(event);
    if (Math.abs(t - current.fromT) * plotH < 3 && !current.moved) return;
    current.moved = true;
    const log = logAxes.has(current.axis.id);
    const a = axisValueAt(current.axis, Math.min(t, current.fromT), log);
    const b = axisValueAt(current.axis, Math.max(t, current.fromT), log);
    liveBrushes.current = { ...liveBrushes.current, [current.axis.id]: [a, b] };
    draw(liveBrushes.current);
    const container = containerRef.current;
    // event.timeStamp and performance.now() share the page's time origin.
    if (container) container.dataset.brushMs = (performance.now() - event.timeStamp).toFixed(2);
  };

  const onPointerUp = () => {
    const current = drag.current;
    drag.current = null;
    if (!current) return;
    if (!current.moved) {
      const next = { ...liveBrushes.current };
      delete next[current.axis.id];
      liveBrushes.current = next;
    }
    props.onBrushesChange(liveBrushes.current);
  };

  return (
    <div className="parallel-coordinates" data-testid="parallel-coordinates" ref={containerRef}>
      <div className="pc-axis-headers" style={{ height: 46 }}>
        {axes.map((axis, index) => (
          <div key={axis.id} className="pc-axis-header" style={{ left: axisX(index) }} data-testid="pc-axis" data-axis={axis.id}>
            <span className="pc-axis-name" title={axis.id}>
              {axis.label}
            </span>
            <span className="pc-axis-tools">
              <button
                type="button"
                className="btn btn-sm btn-ghost btn-icon"
                aria-label={`Move ${axis.label} left`}
                disabled={index === 0}
                onClick={() => props.onMoveAxis(axis.id, -1)}
              >
                ‹
              </button>
              {axis.kind === 'numeric' && axis.extent[0] > 0 && (
                <button
                  type="button"
                  className="btn btn-sm btn-ghost"
                  aria-pressed={logAxes.has(axis.id)}
                  aria-label={`Log scale for ${axis.label}`}
                  onClick={() => props.onToggleLog(axis.id)}
                >
                  log
                </button>
              )}
              <button
                type="button"
                className="btn btn-sm btn-ghost btn-icon"
                aria-label={`Move ${axis.label} right`}
                disabled={index === axes.length - 1}
                onClick={() => props.onMoveAxis(axis.id, 1)}
              >
                ›
              </button>
              <button
                type="button"
                className="btn btn-sm btn-ghost btn-icon"
                aria-label={`Remove axis ${axis.label}`}
                onClick={() => props.onRemoveAxis(axis.id)}
              >
                ✕
              </button>
            </span>
          </div>
        ))}
      </div>
      <canvas
        ref={canvasRef}
        role="img"
        aria-label={`Parallel coordinates of ${runCount} runs over ${axes.map((axis) => axis.label).join(', ')}. Drag on an axis to select a range.`}
        className="pc-canvas"
        style={{ height: HEIGHT }}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
      />
    </div>
  );
}
