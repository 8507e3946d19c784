// Line smoothing for metric charts. Both functions keep NaN/±Infinity points out of the average
// and return one value per input point so x values stay aligned. The Float64Array versions are
// what charts use (no boxing, one allocation); the array versions wrap them.

/**
 * Exponential moving average with debiasing (TensorBoard's smoothing): early points are not
 * dragged toward zero, because each value is divided by the weight accumulated so far.
 * `weight` is in [0, 1): 0 returns the input, 0.99 is very smooth.
 */
export function emaDebiasedValues(values: ArrayLike<number>, weight: number): Float64Array {
  const result = Float64Array.from(values);
  if (weight <= 0) return result;
  const clamped = Math.min(weight, 0.999);
  let accumulated = 0;
  let debiasWeight = 0;
  for (let i = 0; i < result.length; i += 1) {
    const value = result[i] as number;
    if (!Number.isFinite(value)) continue;
    accumulated = accumulated * clamped + (1 - clamped) * value;
    debiasWeight = debiasWeight * clamped + (1 - clamped);
    result[i] = accumulated / debiasWeight;
  }
  return result;
}

/** Centered moving average over `window` points (odd windows are symmetric; ends use what exists). */
export function centeredMovingAverageValues(values: ArrayLike<number>, window: number): Float64Array {
  const n = values.length;
  const half = Math.floor(Math.max(1, window) / 2);
  const result = Float64Array.from(values);
  if (half === 0) return result;
  // Prefix sums over finite values only, with counts, so a NaN does not poison its neighbours.
  const sums = new Float64Array(n + 1);
  const counts = new Uint32Array(n + 1);
  for (let i = 0; i < n; i += 1) {
    const value = result[i] as number;
    const finite = Number.isFinite(value);
    sums[i + 1] = (sums[i] as number) + (finite ? value : 0);
    counts[i + 1] = (counts[i] as number) + (finite ? 1 : 0);
  }
  for (let i = 0; i < n; i += 1) {
    if (!Number.isFinite(result[i])) continue;
    const from = Math.max(0, i - half);
    const to = Math.min(n, i + half + 1);
    result[i] = ((sums[to] as number) - (sums[from] as number)) / ((counts[to] as number) - (counts[from] as number));
  }
  return result;
}

export function emaDebiased(values: readonly number[], weight: number): number[] {
  return Array.from(emaDebiasedValues(values, weight));
}

export function centeredMovingAverage(values: readonly number[], window: number): number[] {
  return Array.from(centeredMovingAverageValues(values, window));
}
