// X-axis alignment of metric series: by step (as logged), by time (relative to the run's first
// point, or wall-clock), or by the value of another metric at the same step. Times and the other
// metric are known at anchor steps (e.g. each bucket's last point); in between they are linearly
// interpolated, outside they are clamped (time) or undefined (another metric).

export interface Anchors {
  /** Ascending steps. */
  steps: ArrayLike<number>;
  values: ArrayLike<number>;
}

/** Index of the last anchor step ≤ step, or -1. */
function floorIndex(steps: ArrayLike<number>, step: number): number {
  let lo = 0;
  let hi = steps.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((steps[mid] ?? Infinity) <= step) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** Piecewise-linear value of the anchors at `step`; `clamp` extends the end values outward, else NaN. */
export function interpolateAt(anchors: Anchors, step: number, clamp: boolean): number {
  const n = anchors.steps.length;
  if (n === 0) return NaN;
  const i = floorIndex(anchors.steps, step);
  if (i < 0) return clamp ? (anchors.values[0] ?? NaN) : NaN;
  const s0 = anchors.steps[i] ?? NaN;
  const v0 = anchors.values[i] ?? NaN;
  if (s0 === step) return v0;
  if (i === n - 1) return clamp ? v0 : NaN;
  const s1 = anchors.steps[i + 1] ?? NaN;
  const v1 = anchors.values[i + 1] ?? NaN;
  return v0 + ((v1 - v0) * (step - s0)) / (s1 - s0);
}

/**
 * interpolateAt for every step. Steps usually ascend (a polyline in step order), so the anchor
 * index walks forward instead of a binary search per step; it searches again only when a step
 * goes back.
 */
export function interpolateSteps(steps: ArrayLike<number>, anchors: Anchors, clamp: boolean): Float64Array {
  const n = anchors.steps.length;
  const result = new Float64Array(steps.length);
  if (n === 0) return result.fill(NaN);
  const first = anchors.values[0] ?? NaN;
  const last = anchors.values[n - 1] ?? NaN;
  let i = -1;
  let previous = -Infinity;
  for (let k = 0; k < steps.length; k += 1) {
    const step = steps[k] ?? NaN;
    if (step !== step) {
      result[k] = NaN;
      continue;
    }
    if (step < previous) i = floorIndex(anchors.steps, step);
    else while (i + 1 < n && (anchors.steps[i + 1] ?? Infinity) <= step) i += 1;
    previous = step;
    if (i < 0) {
      result[k] = clamp ? first : NaN;
      continue;
    }
    const s0 = anchors.steps[i] ?? NaN;
    const v0 = anchors.values[i] ?? NaN;
    if (s0 === step) result[k] = v0;
    else if (i === n - 1) result[k] = clamp ? last : NaN;
    else {
      const s1 = anchors.steps[i + 1] ?? NaN;
      const v1 = anchors.values[i + 1] ?? NaN;
      result[k] = v0 + ((v1 - v0) * (step - s0)) / (s1 - s0);
    }
  }
  return result;
}

/** Wall-clock times (ms) of the given steps, from (step, timestamp) anchors. */
export function stepsToWallTime(steps: ArrayLike<number>, timeAnchors: Anchors): Float64Array {
  return interpolateSteps(steps, timeAnchors, true);
}

/** Seconds since the run's first anchored time. */
export function stepsToRelativeSeconds(steps: ArrayLike<number>, timeAnchors: Anchors, origin?: number): Float64Array {
  const start = origin ?? timeAnchors.values[0] ?? 0;
  const result = interpolateSteps(steps, timeAnchors, true);
  for (let i = 0; i < result.length; i += 1) result[i] = ((result[i] as number) - start) / 1000;
  return result;
}

/** The other metric's value at each step (NaN where the other metric was not logged around it). */
export function stepsToMetric(steps: ArrayLike<number>, metricAnchors: Anchors): Float64Array {
  return interpolateSteps(steps, metricAnchors, false);
}

/**
 * The step range covered by the points whose x lies in [x0, x1] (for refetching a zoomed window
 * when x is not the step). Undefined when no point is inside.
 */
export function stepRangeForXWindow(xs: ArrayLike<number>, steps: ArrayLike<number>, x0: number, x1: number): [number, number] | undefined {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < xs.length; i += 1) {
    const x = xs[i] ?? NaN;
    if (x >= x0 && x <= x1) {
      const step = steps[i] ?? NaN;
      if (step < lo) lo = step;
      if (step > hi) hi = step;
    }
  }
  return lo <= hi ? [lo, hi] : undefined;
}

/** Values of a series (ascending xs) resampled at grid positions by linear interpolation; NaN outside. */
export function resampleLinear(xs: ArrayLike<number>, ys: ArrayLike<number>, grid: ArrayLike<number>): Float64Array {
  return interpolateSteps(grid, { steps: xs, values: ys }, false);
}

/** n evenly spaced positions from lo to hi inclusive. */
export function linearGrid(lo: number, hi: number, n: number): Float64Array {
  if (n <= 1 || hi === lo) return Float64Array.of(lo);
  return Float64Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));
}
