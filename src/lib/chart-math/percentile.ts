// Percentiles for "ignore outliers": the y range is clipped to the 1st–99th percentile of the
// drawn values, so one divergent run or a single spike does not flatten every other line.

/** Quantile q in [0, 1] of ascending-sorted values, linear interpolation between order statistics. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const position = Math.min(1, Math.max(0, q)) * (n - 1);
  const below = Math.floor(position);
  const above = Math.min(n - 1, below + 1);
  const low = sorted[below] ?? NaN;
  const high = sorted[above] ?? NaN;
  return low + (high - low) * (position - below);
}

/** The [lo, hi] percentiles (0–100) of the finite values, or undefined when there are none. */
export function percentileRange(values: Iterable<number>, lo = 1, hi = 99, positiveOnly = false): [number, number] | undefined {
  const finite: number[] = [];
  for (const value of values) if (Number.isFinite(value) && (!positiveOnly || value > 0)) finite.push(value);
  if (finite.length === 0) return undefined;
  const sorted = Float64Array.from(finite).sort();
  return [quantileSorted(sorted, lo / 100), quantileSorted(sorted, hi / 100)];
}
