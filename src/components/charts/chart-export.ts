// Exports of a chart: PNG (the drawn canvas on the theme's background), SVG (vector redraw of the
// same series) and CSV (the drawn points). Pure string builders plus one download helper.
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

/** One row per drawn point: run, name, step, x, value. */
export function seriesToCsv(series: readonly ExportSeries[], xLabel: string, yLabel: string): string {
  const lines = [['run_id', 'run_name', 'step', xLabel, yLabel].map(csvCell).join(',')];
  for (const entry of series) {
    for (let i = 0; i < entry.xs.length; i += 1) {
      const step = entry.steps?.[i];
      lines.push([entry.id, entry.label, step ?? '', entry.xs[i] ?? '', entry.ys[i] ?? ''].map(csvCell).join(','));
    }
  }
  return `${lines.join('\n')}\n`;
}

const escapeXml = (text: string): string => text.replace(/[<>&"']/g, (char) => `&#${char.charCodeAt(0)};`);

/** A standalone SVG of the series within the domains. */
export function seriesToSvg(options: {
  series: readonly ExportSeries[];
  title: string;
  xDomain: [number, number];
  yDomain: [number, number];
  yScale: ScaleKind;
  width?: number;
  height?: number;
  formatX: (value: number) => string;
  formatY: (value: number) => string;
}): string {
  const width = options.width ?? 800;
  const height = options.height ?? 400;
  const margin = { left: 64, right: 16, top: 28, bottom: 32 };
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const px = (x: number) => margin.left + normalize(x, options.xDomain, 'linear') * plotW;
  const py = (y: number) => margin.top + (1 - normalize(y, options.yDomain, options.yScale)) * plotH;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="${margin.left}" y="16" font-size="13" font-weight="600">${escapeXml(options.title)}</text>`,
    `<defs><clipPath id="plot"><rect x="${margin.left}" y="${margin.top}" width="${plotW}" height="${plotH}"/></clipPath></defs>`,
  ];
  const yTicks = options.yScale === 'log' ? logTicks(...options.yDomain) : linearTicks(...options.yDomain, 5);
  for (const tick of yTicks) {
    const y = py(tick).toFixed(1);
    parts.push(`<line x1="${margin.left}" x2="${width - margin.right}" y1="${y}" y2="${y}" stroke="#e3e6ea"/>`);
    parts.push(
      `<text x="${margin.left - 6}" y="${y}" text-anchor="end" dominant-baseline="middle" fill="#57606a">${escapeXml(options.formatY(tick))}</text>`,
    );
  }
  for (const tick of linearTicks(...options.xDomain, 6)) {
    const x = px(tick).toFixed(1);
    parts.push(`<text x="${x}" y="${height - 10}" text-anchor="middle" fill="#57606a">${escapeXml(options.formatX(tick))}</text>`);
  }
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
      pen = true;
    }
    if (d) parts.push(`<path d="${d}" stroke="${escapeXml(entry.color)}"><title>${escapeXml(entry.label)}</title></path>`);
  }
  parts.push('</g>');
  parts.push(`<rect x="${margin.left}" y="${margin.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#b7bfca"/>`);
  parts.push('</svg>');
  return parts.join('');
}
