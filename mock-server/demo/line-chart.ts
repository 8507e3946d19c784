// Renders a small line chart (e.g. a run's loss curves) to PNG bytes, for the demo's plot artifacts.
import { GLYPH_WIDTH, Raster, type Rgb } from './png-image.js';

export interface ChartSeries {
  label: string;
  color: Rgb;
  /** [x, y] pairs; non-finite y values are skipped. */
  points: readonly (readonly [number, number])[];
}

export interface LineChartOptions {
  title: string;
  xLabel: string;
  series: readonly ChartSeries[];
  width?: number;
  height?: number;
}

const INK: Rgb = [40, 44, 52];
const GRID: Rgb = [228, 231, 236];
const AXIS: Rgb = [150, 156, 166];

/** Round tick positions (1, 2, 5 times a power of ten) covering [min, max]. */
export function niceTicks(min: number, max: number, count: number): number[] {
  const span = max - min || Math.abs(max) || 1;
  const rough = span / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((factor) => factor * power).find((candidate) => candidate >= rough) ?? 10 * power;
  const ticks: number[] = [];
  for (let tick = Math.ceil(min / step) * step; tick <= max + step * 1e-9; tick += step) ticks.push(Number(tick.toPrecision(12)));
  return ticks;
}

function formatTick(value: number): string {
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 10000) return `${Number((value / 1000).toPrecision(3))}K`;
  if (magnitude >= 1) return String(Number(value.toPrecision(4)));
  return String(Number(value.toPrecision(2)));
}

export function renderLineChart(options: LineChartOptions): Buffer {
  const width = options.width ?? 640;
  const height = options.height ?? 400;
  const raster = new Raster(width, height);
  const plot = { left: 64, right: width - 20, top: 44, bottom: height - 48 };

  const finite = options.series.flatMap((series) => series.points.filter(([, y]) => Number.isFinite(y)));
  const xs = finite.map(([x]) => x);
  const ys = finite.map(([, y]) => y);
  const xMin = Math.min(...xs, 0);
  const xMax = Math.max(...xs, 1);
  let yMin = Math.min(...ys);
  let yMax = Math.max(...ys);
  if (!Number.isFinite(yMin) || !Number.isFinite(yMax)) [yMin, yMax] = [0, 1];
  const pad = (yMax - yMin) * 0.06 || 0.5;
  yMin -= pad;
  yMax += pad;

  const toX = (x: number): number => plot.left + ((x - xMin) / (xMax - xMin || 1)) * (plot.right - plot.left);
  const toY = (y: number): number => plot.bottom - ((y - yMin) / (yMax - yMin || 1)) * (plot.bottom - plot.top);

  for (const tick of niceTicks(yMin, yMax, 6)) {
    const y = Math.round(toY(tick));
    raster.line(plot.left, y, plot.right, y, GRID);
    const label = formatTick(tick);
    raster.text(plot.left - 8 - label.length * GLYPH_WIDTH, y - 3, label, INK);
  }
  for (const tick of niceTicks(xMin, xMax, 6)) {
    const x = Math.round(toX(tick));
    raster.line(x, plot.top, x, plot.bottom, GRID);
    const label = formatTick(tick);
    raster.text(x - (label.length * GLYPH_WIDTH) / 2, plot.bottom + 8, label, INK);
  }
  raster.line(plot.left, plot.bottom, plot.right, plot.bottom, AXIS);
  raster.line(plot.left, plot.top, plot.left, plot.bottom, AXIS);

  for (const series of options.series) {
    const points = series.points.filter(([, y]) => Number.isFinite(y)).map(([x, y]): [number, number] => [toX(x), toY(y)]);
    raster.polyline(points, series.color, 2);
  }

  raster.text(plot.left, 14, options.title, INK, 2);
  raster.text((plot.left + plot.right) / 2 - (options.xLabel.length * GLYPH_WIDTH) / 2, height - 18, options.xLabel, INK);
  let legendX = plot.right;
  for (const series of [...options.series].reverse()) {
    legendX -= series.label.length * GLYPH_WIDTH + 26;
    raster.fillRect(legendX, 18, 14, 4, series.color);
    raster.text(legendX + 18, 16, series.label, INK);
  }
  return raster.toPng();
}
