// Pure logic of the compare page: the side-by-side rows (params, metrics, tags) with
// "differences only", the best value per metric (only where its direction is known: from its name,
// see entities/metrics/metric-direction, or set by the user), and axis values for the plots (numeric, or categorical by sorted labels).

export interface CompareRun {
  runId: string;
  name: string;
  experimentId: string;
  color: string;
  params: Record<string, string>;
  metrics: Record<string, number>;
  tags: Record<string, string>;
  /** RUNNING runs make the history chart refresh. */
  status?: string;
}

export type Section = 'params' | 'metrics' | 'tags';
export type Direction = 'min' | 'max';

export interface CompareRow {
  section: Section;
  key: string;
  values: (string | number | undefined)[];
  differs: boolean;
}

const own = <T>(record: Record<string, T>, key: string): T | undefined =>
  Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;

function sameValue(a: string | number | undefined, b: string | number | undefined): boolean {
  return Object.is(a, b) || (typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b));
}

export function compareRows(runs: readonly CompareRun[], options: { differencesOnly: boolean; hideSystemTags?: boolean }): CompareRow[] {
  const rows: CompareRow[] = [];
  for (const section of ['params', 'metrics', 'tags'] as const) {
    const keys = new Set<string>();
    for (const run of runs) for (const key of Object.keys(run[section])) keys.add(key);
    for (const key of [...keys].sort((a, b) => a.localeCompare(b))) {
      if (section === 'tags' && (options.hideSystemTags ?? true) && (key.startsWith('mlflow.') || key.startsWith('_mlflow_'))) continue;
      const values = runs.map((run) => own<string | number>(run[section], key));
      const differs = values.some((value) => !sameValue(value, values[0]));
      if (options.differencesOnly && !differs) continue;
      rows.push({ section, key, values, differs });
    }
  }
  return rows;
}

/** Index set of the best finite values (ties all win); empty when fewer than two finite values. */
export function bestIndexes(values: readonly (string | number | undefined)[], direction: Direction): Set<number> {
  let best = direction === 'min' ? Infinity : -Infinity;
  let finite = 0;
  for (const value of values) {
    if (typeof value !== 'number' || !Number.isFinite(value)) continue;
    finite += 1;
    if (direction === 'min' ? value < best : value > best) best = value;
  }
  const result = new Set<number>();
  if (finite < 2) return result;
  if (values.every((value) => typeof value !== 'number' || !Number.isFinite(value) || value === best)) return result;
  values.forEach((value, index) => {
    if (value === best) result.add(index);
  });
  return result;
}

export function parseDirections(value: string | null): Record<string, Direction> {
  const result: Record<string, Direction> = {};
  if (!value) return result;
  for (const entry of value.split(',')) {
    const at = entry.lastIndexOf(':');
    const key = entry.slice(0, at);
    const direction = entry.slice(at + 1);
    if (at > 0 && (direction === 'min' || direction === 'max')) result[key] = direction;
  }
  return result;
}

export function encodeDirections(directions: Readonly<Record<string, Direction>>): string {
  return Object.entries(directions)
    .map(([key, direction]) => `${key}:${direction}`)
    .join(',');
}

// ---------------------------------------------------------------------------------------------
// Axis values for plots
// ---------------------------------------------------------------------------------------------

/** `param:<key>` or `metric:<key>` */
export type AxisId = string;

export interface AxisValues {
  id: AxisId;
  label: string;
  kind: 'numeric' | 'categorical';
  /** Per run: a number (numeric) or a category index (categorical); NaN when missing. */
  values: Float64Array;
  categories: string[];
  /** Finite extent of values (category indexes for categorical). */
  extent: [number, number];
}

export function axisLabel(id: AxisId): string {
  return id.replace(/^(param|metric):/, '');
}

export function axisValues(runs: readonly CompareRun[], id: AxisId): AxisValues {
  const isMetric = id.startsWith('metric:');
  const key = axisLabel(id);
  let values: Float64Array;
  let categories: string[] = [];
  let kind: AxisValues['kind'] = 'numeric';
  if (isMetric) {
    values = Float64Array.from(runs, (run) => own(run.metrics, key) ?? NaN);
  } else {
    const texts = runs.map((run) => own(run.params, key));
    const numeric = texts.every((text) => text === undefined || (text.trim() !== '' && Number.isFinite(Number(text))));
    if (numeric) values = Float64Array.from(texts, (text) => (text === undefined ? NaN : Number(text)));
    else {
      kind = 'categorical';
      categories = [...new Set(texts.filter((text): text is string => text !== undefined))].sort((a, b) =>
        a.localeCompare(b, undefined, { numeric: true }),
      );
      const index = new Map(categories.map((category, i) => [category, i]));
      values = Float64Array.from(texts, (text) => (text === undefined ? NaN : (index.get(text) ?? NaN)));
    }
  }
  let lo = Infinity;
  let hi = -Infinity;
  for (const value of values) {
    if (!Number.isFinite(value)) continue;
    if (value < lo) lo = value;
    if (value > hi) hi = value;
  }
  return { id, label: key, kind, values, categories, extent: lo <= hi ? [lo, hi] : [0, 1] };
}

/** Position of a value on an axis in [0, 1] (log for positive numeric axes when asked). */
export function axisPosition(axis: AxisValues, value: number, log: boolean): number {
  if (!Number.isFinite(value)) return NaN;
  const [lo, hi] = axis.extent;
  if (axis.kind === 'categorical') return axis.categories.length <= 1 ? 0.5 : value / (axis.categories.length - 1);
  if (log && lo > 0) return hi === lo ? 0.5 : (Math.log10(value) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo));
  return hi === lo ? 0.5 : (value - lo) / (hi - lo);
}

/** Inverse of axisPosition for numeric axes. */
export function axisValueAt(axis: AxisValues, t: number, log: boolean): number {
  const [lo, hi] = axis.extent;
  if (axis.kind === 'categorical') return t * Math.max(0, axis.categories.length - 1);
  if (log && lo > 0) return 10 ** (Math.log10(lo) + t * (Math.log10(hi) - Math.log10(lo)));
  return lo + t * (hi - lo);
}

/** Brushes: per axis an inclusive [lo, hi] range of values. A run is selected when it is inside every brush. */
export type Brushes = Record<AxisId, [number, number]>;

export function selectedMask(axes: readonly AxisValues[], brushes: Readonly<Brushes>, count: number): Uint8Array {
  const mask = new Uint8Array(count).fill(1);
  for (const axis of axes) {
    const brush = brushes[axis.id];
    if (!brush) continue;
    const [lo, hi] = brush;
    for (let i = 0; i < count; i += 1) {
      const value = axis.values[i] ?? NaN;
      if (!(value >= lo && value <= hi)) mask[i] = 0;
    }
  }
  return mask;
}

export function parseBrushes(value: string | null): Brushes {
  const brushes: Brushes = {};
  if (!value) return brushes;
  for (const entry of value.split(',')) {
    const parts = entry.split('~');
    if (parts.length !== 3) continue;
    const [id = '', loText = '', hiText = ''] = parts;
    const lo = Number(loText);
    const hi = Number(hiText);
    if (/^(param|metric):./.test(id) && loText && hiText && Number.isFinite(lo) && Number.isFinite(hi) && lo <= hi) brushes[id] = [lo, hi];
  }
  return brushes;
}

export function encodeBrushes(brushes: Readonly<Brushes>): string {
  return Object.entries(brushes)
    .map(([id, [lo, hi]]) => `${id}~${Number(lo.toPrecision(6))}~${Number(hi.toPrecision(6))}`)
    .join(',');
}

/** Feature matrix for importance: numeric params as is, categorical ones ordered by mean target. */
export function importanceMatrix(
  runs: readonly CompareRun[],
  paramKeys: readonly string[],
  metricKey: string,
): { X: number[][]; y: number[] } {
  const y = runs.map((run) => own(run.metrics, metricKey) ?? NaN);
  const columns = paramKeys.map((key) => {
    const axis = axisValues(runs, `param:${key}`);
    if (axis.kind === 'numeric') return Array.from(axis.values);
    const sums = axis.categories.map(() => ({ sum: 0, count: 0 }));
    axis.values.forEach((value, index) => {
      const target = y[index] ?? NaN;
      const slot = sums[value];
      if (slot && Number.isFinite(target)) {
        slot.sum += target;
        slot.count += 1;
      }
    });
    const order = sums
      .map((slot, index) => ({ index, mean: slot.count ? slot.sum / slot.count : Infinity }))
      .sort((a, b) => a.mean - b.mean);
    const rank = new Map(order.map((entry, position) => [entry.index, position]));
    return Array.from(axis.values, (value) => (Number.isFinite(value) ? (rank.get(value) ?? NaN) : NaN));
  });
  return { X: runs.map((_, row) => columns.map((column) => column[row] ?? NaN)), y };
}

export function runIdsFilter(runIds: readonly string[]): string {
  return `attributes.run_id IN (${runIds.map((id) => `'${id.replaceAll("'", '')}'`).join(', ')})`;
}
