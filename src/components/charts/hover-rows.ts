// What the tooltip of a line chart lists at the hovered x: every line's value at its nearest
// point, sorted from high to low (NaN last), and the line nearest to the pointer vertically.

export interface HoverLine {
  id: string;
  label: string;
  color: string;
  xs: ArrayLike<number>;
  ys: ArrayLike<number>;
  /** xs ascend (binary search) or not (scan). */
  ascending: boolean;
}

export interface HoverRow {
  id: string;
  label: string;
  color: string;
  value: number;
}

/** Index of the point nearest to x (binary search when xs ascend, else a scan); -1 when none is finite. */
export function nearestIndex(xs: ArrayLike<number>, x: number, ascending: boolean): number {
  if (xs.length === 0) return -1;
  if (ascending) {
    let lo = 0;
    let hi = xs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((xs[mid] ?? 0) < x) lo = mid + 1;
      else hi = mid;
    }
    const before = lo > 0 ? lo - 1 : lo;
    return Math.abs((xs[before] ?? Infinity) - x) <= Math.abs((xs[lo] ?? Infinity) - x) ? before : lo;
  }
  let best = -1;
  let bestDistance = Infinity;
  for (let i = 0; i < xs.length; i += 1) {
    const distance = Math.abs((xs[i] ?? NaN) - x);
    if (distance < bestDistance) {
      bestDistance = distance;
      best = i;
    }
  }
  return best;
}

/**
 * Rows for every line with a point near x, sorted by value (descending, NaN last), and the id of
 * the line whose value is within `maxDistance` pixels of the pointer (`toPixel` maps a value).
 */
export function hoverRows(
  lines: readonly HoverLine[],
  x: number,
  pointerY: number,
  toPixel: (value: number) => number,
  maxDistance = 10,
): { rows: HoverRow[]; nearest: string | null } {
  const rows: HoverRow[] = [];
  let nearest: string | null = null;
  let nearestDistance = maxDistance;
  for (const line of lines) {
    const index = nearestIndex(line.xs, x, line.ascending);
    if (index < 0) continue;
    const value = line.ys[index] ?? NaN;
    rows.push({ id: line.id, label: line.label, color: line.color, value });
    const distance = Math.abs(toPixel(value) - pointerY);
    if (distance < nearestDistance) {
      nearestDistance = distance;
      nearest = line.id;
    }
  }
  rows.sort((a, b) => (Number.isNaN(a.value) ? (Number.isNaN(b.value) ? 0 : 1) : Number.isNaN(b.value) ? -1 : b.value - a.value));
  return { rows, nearest };
}
