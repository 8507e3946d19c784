// Aggregates several runs' series into one band per group (e.g. the seeds of one configuration):
// at every x, the mean or median with a min–max, ±std or ±standard-error band.

export interface SeriesPoint {
  x: number;
  y: number;
}

export type CenterKind = 'mean' | 'median';
export type BandKind = 'minmax' | 'std' | 'stderr';

export interface AggregatePoint {
  x: number;
  center: number;
  lower: number;
  upper: number;
  count: number;
}

function median(sorted: readonly number[]): number {
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length % 2 === 1) return sorted[middle] ?? NaN;
  return ((sorted[middle - 1] ?? NaN) + (sorted[middle] ?? NaN)) / 2;
}

/** Aggregates at the union of x values; a series contributes only at x values it has. */
export function aggregateSeries(series: readonly (readonly SeriesPoint[])[], center: CenterKind, band: BandKind): AggregatePoint[] {
  const byX = new Map<number, number[]>();
  for (const points of series) {
    for (const { x, y } of points) {
      if (!Number.isFinite(y)) continue;
      const bucket = byX.get(x);
      if (bucket) bucket.push(y);
      else byX.set(x, [y]);
    }
  }
  return [...byX.entries()]
    .sort(([a], [b]) => a - b)
    .map(([x, ys]) => {
      const sorted = ys.slice().sort((a, b) => a - b);
      const mean = ys.reduce((sum, y) => sum + y, 0) / ys.length;
      const variance = ys.length > 1 ? ys.reduce((sum, y) => sum + (y - mean) ** 2, 0) / (ys.length - 1) : 0;
      const std = Math.sqrt(variance);
      const middle = center === 'mean' ? mean : median(sorted);
      let lower: number;
      let upper: number;
      if (band === 'minmax') {
        lower = sorted[0] ?? NaN;
        upper = sorted[sorted.length - 1] ?? NaN;
      } else {
        const spread = band === 'std' ? std : std / Math.sqrt(ys.length);
        lower = middle - spread;
        upper = middle + spread;
      }
      return { x, center: middle, lower, upper, count: ys.length };
    });
}
