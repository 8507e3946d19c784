// A metric over two numeric params as a filled grid (the "contour" view): scattered runs are
// interpolated onto an nx × ny grid by inverse-distance weighting in normalised (optionally log)
// coordinates. A grid cell on top of a run takes that run's value exactly.

export interface ScatterPoint3 {
  x: number;
  y: number;
  z: number;
}

export interface GridOptions {
  nx: number;
  ny: number;
  logX?: boolean;
  logY?: boolean;
  /** Distance power; 2 is the usual choice. */
  power?: number;
}

export interface InterpolatedGrid {
  /** Cell centres along x and y, in data units. */
  xs: Float64Array;
  ys: Float64Array;
  /** Row-major values: values[j * nx + i] is the cell at (xs[i], ys[j]). */
  values: Float64Array;
  zRange: [number, number];
}

const transform = (value: number, log: boolean | undefined): number => (log ? Math.log10(value) : value);
const inverse = (value: number, log: boolean | undefined): number => (log ? 10 ** value : value);

export function idwGrid(points: readonly ScatterPoint3[], options: GridOptions): InterpolatedGrid | undefined {
  const usable = points.filter(
    (point) =>
      Number.isFinite(point.x) &&
      Number.isFinite(point.y) &&
      Number.isFinite(point.z) &&
      (!options.logX || point.x > 0) &&
      (!options.logY || point.y > 0),
  );
  if (usable.length === 0 || options.nx < 1 || options.ny < 1) return undefined;
  const tx = usable.map((point) => transform(point.x, options.logX));
  const ty = usable.map((point) => transform(point.y, options.logY));
  const [x0, x1] = [Math.min(...tx), Math.max(...tx)];
  const [y0, y1] = [Math.min(...ty), Math.max(...ty)];
  const spanX = x1 - x0 || 1;
  const spanY = y1 - y0 || 1;
  const nxs = tx.map((x) => (x - x0) / spanX);
  const nys = ty.map((y) => (y - y0) / spanY);
  const power = options.power ?? 2;
  const xs = new Float64Array(options.nx);
  const ys = new Float64Array(options.ny);
  for (let i = 0; i < options.nx; i += 1) xs[i] = inverse(x0 + (spanX * (i + 0.5)) / options.nx, options.logX);
  for (let j = 0; j < options.ny; j += 1) ys[j] = inverse(y0 + (spanY * (j + 0.5)) / options.ny, options.logY);
  const values = new Float64Array(options.nx * options.ny);
  for (let j = 0; j < options.ny; j += 1) {
    const cy = (j + 0.5) / options.ny;
    for (let i = 0; i < options.nx; i += 1) {
      const cx = (i + 0.5) / options.nx;
      let weightSum = 0;
      let valueSum = 0;
      let exact = NaN;
      for (let k = 0; k < usable.length; k += 1) {
        const dx = (nxs[k] ?? 0) - cx;
        const dy = (nys[k] ?? 0) - cy;
        const d2 = dx * dx + dy * dy;
        const z = usable[k]?.z ?? NaN;
        if (d2 < 1e-12) {
          exact = z;
          break;
        }
        const weight = 1 / d2 ** (power / 2);
        weightSum += weight;
        valueSum += weight * z;
      }
      values[j * options.nx + i] = Number.isNaN(exact) ? valueSum / weightSum : exact;
    }
  }
  const zs = usable.map((point) => point.z);
  return { xs, ys, values, zRange: [Math.min(...zs), Math.max(...zs)] };
}
