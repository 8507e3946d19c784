// Export of an SVG chart (recharts) as SVG or PNG: its markup with computed colours inlined (so the
// file looks the same outside the app), framed with a title, axis labels and a legend of the runs.
import { downloadBlob, frameSvg, svgToPngBlob, type ExportLegendEntry } from '../../../components/charts/chart-export';

export interface SvgExportLabels {
  title: string;
  xLabel: string;
  yLabel: string;
  legend: readonly ExportLegendEntry[];
}

function serialize(container: HTMLElement | null, labels: SvgExportLabels): string | undefined {
  const svg = container?.querySelector('svg');
  if (!svg) return undefined;
  const clone = svg.cloneNode(true) as SVGSVGElement;
  clone.removeAttribute('xmlns');
  const source = svg.querySelectorAll('*');
  const target = clone.querySelectorAll('*');
  source.forEach((element, index) => {
    const copy = target[index];
    if (!copy) return;
    const style = getComputedStyle(element);
    for (const property of ['fill', 'stroke', 'stroke-width', 'opacity', 'fill-opacity', 'font-size', 'font-family']) {
      const value = style.getPropertyValue(property);
      if (value) (copy as SVGElement).style.setProperty(property, value);
    }
  });
  const { width, height } = svg.getBoundingClientRect();
  clone.setAttribute('width', String(Math.round(width)));
  clone.setAttribute('height', String(Math.round(height)));
  const chart = new XMLSerializer().serializeToString(clone).replace(/ xmlns="[^"]*"/, '');
  return frameSvg({ chart, width, height, ...labels });
}

export function exportSvgElement(container: HTMLElement | null, name: string, labels: SvgExportLabels): void {
  const text = serialize(container, labels);
  if (text) downloadBlob(new Blob([text], { type: 'image/svg+xml' }), `${name}.svg`);
}

export async function exportSvgElementAsPng(container: HTMLElement | null, name: string, labels: SvgExportLabels): Promise<void> {
  const text = serialize(container, labels);
  if (!text) return;
  const blob = await svgToPngBlob(text);
  if (blob) downloadBlob(blob, `${name}.png`);
}
