// Pure math for the run page's metric charts: min/max downsampling and sparkline paths.
// (Smoothing lives in src/lib/chart-math/smoothing.ts.)

export interface XY {
  x: number;
  y: number;
}

/**
 * Keeps at most ~2 points per bucket (the min and max, in x order), so spikes survive while a
 * long series fits the chart's pixel width. Points must be sorted by x.
 */
export function downsampleMinMax<T extends XY>(points: readonly T[], buckets: number): T[] {
  if (points.length <= buckets * 2 || buckets <= 0) return [...points];
  const first = points[0] as T;
  const last = points[points.length - 1] as T;
  const span = last.x - first.x || 1;
  const out: T[] = [];
  let bucketIndex = -1;
  let min: T | undefined;
  let max: T | undefined;
  const flush = () => {
    if (!min || !max) return;
    if (min === max) out.push(min);
    else if (min.x <= max.x) out.push(min, max);
    else out.push(max, min);
  };
  for (const point of points) {
    const index = Math.min(buckets - 1, Math.floor(((point.x - first.x) / span) * buckets));
    if (index !== bucketIndex) {
      flush();
      bucketIndex = index;
      min = point;
      max = point;
      continue;
    }
    if (!Number.isFinite(point.y)) continue;
    if (min && (point.y < min.y || !Number.isFinite(min.y))) min = point;
    if (max && (point.y > max.y || !Number.isFinite(max.y))) max = point;
  }
  flush();
  if (out[out.length - 1] !== last) out.push(last);
  return out;
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
