// Path of a sparkline: a series scaled into a small box (the run page's metric trends).

export interface XY {
  x: number;
  y: number;
}

/** SVG path ("M x y L x y …") of a series scaled into width × height, ignoring non-finite values. */
export function sparklinePath(points: readonly XY[], width: number, height: number, padding = 1): string {
  const finite = points.filter((point) => Number.isFinite(point.x) && Number.isFinite(point.y));
  if (finite.length === 0) return '';
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (const point of finite) {
    minX = Math.min(minX, point.x);
    maxX = Math.max(maxX, point.x);
    minY = Math.min(minY, point.y);
    maxY = Math.max(maxY, point.y);
  }
  const spanX = maxX - minX || 1;
  const spanY = maxY - minY;
  const innerW = width - padding * 2;
  const innerH = height - padding * 2;
  const round = (value: number) => Math.round(value * 10) / 10;
  if (finite.length === 1) {
    const y = round(height / 2);
    return `M ${padding} ${y} L ${round(width - padding)} ${y}`;
  }
  return finite
    .map((point, index) => {
      const x = padding + ((point.x - minX) / spanX) * innerW;
      const y = spanY === 0 ? height / 2 : padding + (1 - (point.y - minY) / spanY) * innerH;
      return `${index === 0 ? 'M' : 'L'} ${round(x)} ${round(y)}`;
    })
    .join(' ');
}
