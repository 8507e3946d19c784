// Export of an SVG chart (recharts) as SVG or PNG, with computed colours inlined so the file looks
// the same outside the app.
import { downloadBlob } from '../../../components/charts/chart-export';

function serialize(container: HTMLElement | null): { text: string; width: number; height: number } | undefined {
  const svg = container?.querySelector('svg');
  if (!svg) return undefined;
  const clone = svg.cloneNode(true) as SVGSVGElement;
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
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
  return { text: new XMLSerializer().serializeToString(clone), width, height };
}

export function exportSvgElement(container: HTMLElement | null, name: string): void {
  const result = serialize(container);
  if (result) downloadBlob(new Blob([result.text], { type: 'image/svg+xml' }), `${name}.svg`);
}

export async function exportSvgElementAsPng(container: HTMLElement | null, name: string): Promise<void> {
  const result = serialize(container);
  if (!result) return;
  const url = URL.createObjectURL(new Blob([result.text], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const dpr = window.devicePixelRatio || 1;
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(result.width * dpr);
    canvas.height = Math.round(result.height * dpr);
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    ctx.fillStyle = getComputedStyle(document.documentElement).getPropertyValue('--surface').trim() || '#fff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.scale(dpr, dpr);
    ctx.drawImage(image, 0, 0);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
    if (blob) downloadBlob(blob, `${name}.png`);
  } finally {
    URL.revokeObjectURL(url);
  }
}
