// Box-plot statistics (Tukey): quartiles by linear interpolation, whiskers at the most extreme
// values within 1.5 IQR of the box, everything beyond as outliers.
import { quantileSorted } from './percentile';

export interface BoxStats {
  count: number;
  min: number;
  q1: number;
  median: number;
  q3: number;
  max: number;
  lowerWhisker: number;
  upperWhisker: number;
  outliers: number[];
}

export function boxStats(values: readonly number[]): BoxStats | undefined {
  const sorted = values.filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
  if (sorted.length === 0) return undefined;
  const q1 = quantileSorted(sorted, 0.25);
  const median = quantileSorted(sorted, 0.5);
  const q3 = quantileSorted(sorted, 0.75);
  const iqr = q3 - q1;
  const lowFence = q1 - 1.5 * iqr;
  const highFence = q3 + 1.5 * iqr;
  const inside = sorted.filter((value) => value >= lowFence && value <= highFence);
  return {
    count: sorted.length,
    min: sorted[0] ?? NaN,
    q1,
    median,
    q3,
    max: sorted[sorted.length - 1] ?? NaN,
    lowerWhisker: inside[0] ?? q1,
    upperWhisker: inside[inside.length - 1] ?? q3,
    outliers: sorted.filter((value) => value < lowFence || value > highFence),
  };
}
