// Per-parameter correlation with a metric, for the parameter-importance view.

/** Pearson correlation of paired finite values; NaN when fewer than 3 pairs or no variance. */
export function pearson(xs: readonly number[], ys: readonly number[]): number {
  const pairs: [number, number][] = [];
  xs.forEach((x, index) => {
    const y = ys[index];
    if (y !== undefined && Number.isFinite(x) && Number.isFinite(y)) pairs.push([x, y]);
  });
  if (pairs.length < 3) return NaN;
  const meanX = pairs.reduce((sum, [x]) => sum + x, 0) / pairs.length;
  const meanY = pairs.reduce((sum, [, y]) => sum + y, 0) / pairs.length;
  let covariance = 0;
  let varianceX = 0;
  let varianceY = 0;
  for (const [x, y] of pairs) {
    covariance += (x - meanX) * (y - meanY);
    varianceX += (x - meanX) ** 2;
    varianceY += (y - meanY) ** 2;
  }
  if (varianceX === 0 || varianceY === 0) return NaN;
  return covariance / Math.sqrt(varianceX * varianceY);
}

/** Ranks with ties averaged (for Spearman correlation). */
export function ranks(values: readonly number[]): number[] {
  const order = values.map((value, index) => ({ value, index })).sort((a, b) => a.value - b.value);
  const result = new Array<number>(values.length).fill(NaN);
  let start = 0;
  while (start < order.length) {
    let end = start;
    while (end + 1 < order.length && order[end + 1]?.value === order[start]?.value) end += 1;
    const rank = (start + end) / 2 + 1;
    for (let position = start; position <= end; position += 1) {
      const entry = order[position];
      if (entry) result[entry.index] = rank;
    }
    start = end + 1;
  }
  return result;
}

/** Spearman rank correlation: robust to log-scaled params such as learning rates. */
export function spearman(xs: readonly number[], ys: readonly number[]): number {
  const keep = xs.map((x, index) => Number.isFinite(x) && Number.isFinite(ys[index] ?? NaN));
  const fx = xs.filter((_, index) => keep[index]);
  const fy = ys.filter((_, index) => keep[index]);
  return pearson(ranks(fx), ranks(fy));
}
