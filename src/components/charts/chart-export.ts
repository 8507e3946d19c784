// Exports of a chart: SVG (a vector redraw of the drawn series with title, axis labels and a legend
// of the runs), PNG (that SVG rasterized) and CSV (every logged point of each run, fetched whole).
// Pure string builders plus the download and rasterizing helpers.
import { linearTicks, logTicks, normalize, type ScaleKind } from '../../lib/chart-math/ticks';

export interface ExportSeries {
  id: string;
  label: string;
  color: string;
  xs: ArrayLike<number>;
  ys: ArrayLike<number>;
  steps?: ArrayLike<number>;
}

export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = fileName;
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function safeFileName(name: string): string {
  return name.replace(/[^\w.-]+/g, '_').replace(/^_+|_+$/g, '') || 'chart';
}

const csvCell = (value: string | number): string => {
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

/** One run's full history, for the CSV export. */
export interface ExportHistory {
  runId: string;
  runName: string;
  points: readonly { step: number; value: number }[];
}

/** CSV of every logged point: `run_id,run_name,step,<metric key>` (NaN and infinities as MLflow writes them). */
export function historyToCsv(metricKey: string, histories: readonly ExportHistory[]): string {
  const lines = [['run_id', 'run_name', 'step', metricKey].map(csvCell).join(',')];
  for (const history of histories) {
    const run = `${csvCell(history.runId)},${csvCell(history.runName)},`;
    for (const point of history.points) lines.push(`${run}${point.step},${csvCell(formatCsvNumber(point.value))}`);
  }
  return `${lines.join('\n')}\n`;
}

function formatCsvNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  return String(value);
}

const escapeXml = (text: string): string => text.replace(/[<>&"']/g, (char) => `&#${char.charCodeAt(0)};`);

export interface ExportLegendEntry {
  label: string;
  color: string;
}

const LEGEND_ROW = 18;
const MAX_LEGEND_ENTRIES = 60;

/** Legend entries laid out left to right in rows of the given width (label width estimated from its length). */
function legendLayout(
  entries: readonly ExportLegendEntry[],
  width: number,
  left: number,
): { x: number; row: number; entry: ExportLegendEntry }[] {
  const placed: { x: number; row: number; entry: ExportLegendEntry }[] = [];
  let x = left;
  let row = 0;
  for (const entry of entries) {
    const itemWidth = 22 + Math.min(entry.label.length, 40) * 6.2;
    if (x + itemWidth > width - 8 && x > left) {
      row += 1;
      x = left;
    }
    placed.push({ x, row, entry });
    x += itemWidth;
  }
  return placed;
}

/** A standalone SVG of the series within the domains: title, axes with labels, and a legend of the runs and their colours. */
export function seriesToSvg(options: {
  series: readonly ExportSeries[];
  legend: readonly ExportLegendEntry[];
  title: string;
  xLabel: string;
  yLabel: string;
  xDomain: [number, number];
  yDomain: [number, number];
  yScale: ScaleKind;
  width?: number;
  height?: number;
  formatX: (value: number) => string;
  formatY: (value: number) => string;
}): string {
  const width = options.width ?? 800;
  const plotHeight = options.height ?? 400;
  const shown = options.legend.slice(0, MAX_LEGEND_ENTRIES);
  const hiddenCount = options.legend.length - shown.length;
  const legendItems = legendLayout(hiddenCount > 0 ? [...shown, { label: `+${hiddenCount} more`, color: '' }] : shown, width, 16);
  const legendRows = legendItems.length > 0 ? (legendItems[legendItems.length - 1]?.row ?? 0) + 1 : 0;
  const height = plotHeight + legendRows * LEGEND_ROW + (legendRows > 0 ? 12 : 0);
  const margin = { left: 78, right: 16, top: 34, bottom: 48 };
  const plotW = width - margin.left - margin.right;
  const plotH = plotHeight - margin.top - margin.bottom;
  const px = (x: number) => margin.left + normalize(x, options.xDomain, 'linear') * plotW;
  const py = (y: number) => margin.top + (1 - normalize(y, options.yDomain, options.yScale)) * plotH;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="${margin.left}" y="20" font-size="14" font-weight="600" fill="#1f2328" data-role="title">${escapeXml(options.title)}</text>`,
    `<defs><clipPath id="plot"><rect x="${margin.left}" y="${margin.top}" width="${plotW}" height="${plotH}"/></clipPath></defs>`,
  ];
  const yTicks = options.yScale === 'log' ? logTicks(...options.yDomain) : linearTicks(...options.yDomain, 5);
  for (const tick of yTicks) {
    const y = py(tick);
    if (!(y >= margin.top - 1 && y <= margin.top + plotH + 1)) continue;
    parts.push(`<line x1="${margin.left}" x2="${width - margin.right}" y1="${y.toFixed(1)}" y2="${y.toFixed(1)}" stroke="#e3e6ea"/>`);
    parts.push(
      `<text x="${margin.left - 6}" y="${y.toFixed(1)}" text-anchor="end" dominant-baseline="middle" fill="#57606a">${escapeXml(options.formatY(tick))}</text>`,
    );
  }
  for (const tick of linearTicks(...options.xDomain, 6)) {
    const x = px(tick);
    if (!(x >= margin.left - 1 && x <= margin.left + plotW + 1)) continue;
    parts.push(
      `<text x="${x.toFixed(1)}" y="${margin.top + plotH + 16}" text-anchor="middle" fill="#57606a">${escapeXml(options.formatX(tick))}</text>`,
    );
  }
  parts.push(
    `<text x="${margin.left + plotW / 2}" y="${margin.top + plotH + 36}" text-anchor="middle" fill="#1f2328" data-role="x-label">${escapeXml(options.xLabel)}</text>`,
    `<text transform="translate(16 ${margin.top + plotH / 2}) rotate(-90)" text-anchor="middle" fill="#1f2328" data-role="y-label">${escapeXml(options.yLabel)}</text>`,
  );
  parts.push(`<g clip-path="url(#plot)" fill="none" stroke-width="1.25">`);
  for (const entry of options.series) {
    let d = '';
    let pen = false;
    for (let i = 0; i < entry.xs.length; i += 1) {
      const x = px(entry.xs[i] ?? NaN);
      const y = py(entry.ys[i] ?? NaN);
      if (!Number.isFinite(x) || !Number.isFinite(y)) {
        pen = false;
        continue;
      }
      d += `${pen ? 'L' : 'M'}${x.toFixed(1)} ${y.toFixed(1)}`;
      if (!pen) d += `L${(x + 0.5).toFixed(1)} ${y.toFixed(1)}`;
      pen = true;
    }
    if (d) parts.push(`<path d="${d}" stroke="${escapeXml(entry.color)}"><title>${escapeXml(entry.label)}</title></path>`);
  }
  parts.push('</g>');
  parts.push(`<rect x="${margin.left}" y="${margin.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#b7bfca"/>`);
  if (legendItems.length > 0) {
    parts.push('<g data-role="legend">');
    for (const { x, row, entry } of legendItems) {
      const y = plotHeight + 4 + row * LEGEND_ROW;
      if (entry.color) parts.push(`<rect x="${x}" y="${y}" width="12" height="12" rx="2" fill="${escapeXml(entry.color)}"/>`);
      const label = entry.label.length > 40 ? `${entry.label.slice(0, 39)}…` : entry.label;
      parts.push(`<text x="${x + (entry.color ? 17 : 0)}" y="${y + 10}" fill="#1f2328">${escapeXml(label)}</text>`);
    }
    parts.push('</g>');
  }
  parts.push('</svg>');
  return parts.join('');
}

/**
 * A drawn chart's SVG (e.g. recharts' markup, computed styles inlined) framed for export: a title
 * above, axis labels beside and below, and a legend of the runs with their colours.
 */
export function frameSvg(options: {
  chart: string;
  width: number;
  height: number;
  title: string;
  xLabel: string;
  yLabel: string;
  legend: readonly ExportLegendEntry[];
}): string {
  const left = 24;
  const top = 30;
  const width = Math.round(options.width) + left + 8;
  const chartBottom = top + Math.round(options.height);
  const shown = options.legend.slice(0, MAX_LEGEND_ENTRIES);
  const hiddenCount = options.legend.length - shown.length;
  const items = legendLayout(hiddenCount > 0 ? [...shown, { label: `+${hiddenCount} more`, color: '' }] : shown, width, 16);
  const rows = items.length > 0 ? (items[items.length - 1]?.row ?? 0) + 1 : 0;
  const legendTop = chartBottom + 28;
  const height = legendTop + rows * LEGEND_ROW + 8;
  // The chart's own <svg> element is nested, placed by x/y (its width/height are kept).
  const chart = options.chart.replace(/^<svg\b/, `<svg x="${left}" y="${top}"`);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="${left}" y="20" font-size="14" font-weight="600" fill="#1f2328" data-role="title">${escapeXml(options.title)}</text>`,
    chart,
    `<text x="${left + options.width / 2}" y="${chartBottom + 16}" text-anchor="middle" fill="#1f2328" data-role="x-label">${escapeXml(options.xLabel)}</text>`,
    `<text transform="translate(14 ${top + options.height / 2}) rotate(-90)" text-anchor="middle" fill="#1f2328" data-role="y-label">${escapeXml(options.yLabel)}</text>`,
  ];
  if (items.length > 0) {
    parts.push('<g data-role="legend">');
    for (const { x, row, entry } of items) {
      const y = legendTop + row * LEGEND_ROW;
      if (entry.color) parts.push(`<rect x="${x}" y="${y}" width="12" height="12" rx="2" fill="${escapeXml(entry.color)}"/>`);
      const label = entry.label.length > 40 ? `${entry.label.slice(0, 39)}…` : entry.label;
      parts.push(`<text x="${x + (entry.color ? 17 : 0)}" y="${y + 10}" fill="#1f2328">${escapeXml(label)}</text>`);
    }
    parts.push('</g>');
  }
  parts.push('</svg>');
  return parts.join('');
}

/** The SVG drawn onto a canvas (at the screen's pixel ratio, at least 2×) as a PNG. */
export async function svgToPngBlob(svg: string): Promise<Blob | null> {
  const size = /width="(\d+)" height="(\d+)"/.exec(svg);
  const width = Number(size?.[1] ?? 800);
  const height = Number(size?.[2] ?? 400);
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const scale = Math.max(2, window.devicePixelRatio || 1);
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const ctx = canvas.getContext('2d');
    if (!ctx) return null;
    ctx.scale(scale, scale);
    ctx.drawImage(image, 0, 0, width, height);
    return await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}
