// Line smoothing for metric charts. Both functions keep NaN/±Infinity points out of the average
// and return one value per input point so x values stay aligned.

/**
 * Exponential moving average with debiasing (TensorBoard's smoothing): early points are not
 * dragged toward zero, because each value is divided by the weight accumulated so far.
 * `weight` is in [0, 1): 0 returns the input, 0.99 is very smooth.
 */
export function emaDebiased(values: readonly number[], weight: number): number[] {
  if (weight <= 0) return values.slice();
  const clamped = Math.min(weight, 0.999);
  let accumulated = 0;
  let debiasWeight = 0;
  return values.map((value) => {
    if (!Number.isFinite(value)) return value;
    accumulated = accumulated * clamped + (1 - clamped) * value;
    debiasWeight = debiasWeight * clamped + (1 - clamped);
    return accumulated / debiasWeight;
  });
}

/** Centered moving average over `window` points (odd windows are symmetric; ends use what exists). */
export function centeredMovingAverage(values: readonly number[], window: number): number[] {
  const half = Math.floor(Math.max(1, window) / 2);
  if (half === 0) return values.slice();
  // Prefix sums over finite values only, with counts, so a NaN does not poison its neighbours.
  const sums = new Float64Array(values.length + 1);
  const counts = new Uint32Array(values.length + 1);
  values.forEach((value, index) => {
    const finite = Number.isFinite(value);
    sums[index + 1] = (sums[index] ?? 0) + (finite ? value : 0);
    counts[index + 1] = (counts[index] ?? 0) + (finite ? 1 : 0);
  });
  return values.map((value, index) => {
    if (!Number.isFinite(value)) return value;
    const from = Math.max(0, index - half);
    const to = Math.min(values.length, index + half + 1);
    const count = (counts[to] ?? 0) - (counts[from] ?? 0);
    return ((sums[to] ?? 0) - (sums[from] ?? 0)) / count;
  });
}
