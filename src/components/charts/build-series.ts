// From fetched buckets to what a line chart draws: per-run polylines on the chosen x axis, the
// smoothed lines (EMA or centered moving average over each bucket's last value), group means or
// medians with bands, and the domains (y optionally clipped to the 1st–99th percentile).
import { aggregateSeries, type BandKind, type CenterKind } from '../../lib/chart-math/aggregate-groups';
import { bucketsToPolyline, finiteExtent, type NumericBucket } from '../../lib/chart-math/envelope';
import { percentileRange } from '../../lib/chart-math/percentile';
import { centeredMovingAverageValues, emaDebiasedValues } from '../../lib/chart-math/smoothing';
import { padDomain } from '../../lib/chart-math/ticks';
import {
  linearGrid,
  resampleLinear,
  stepsToMetric,
  stepsToRelativeSeconds,
  stepsToWallTime,
  type Anchors,
} from '../../lib/chart-math/x-alignment';
import type { ChartSettings, XAxisMode, ZoomWindow } from './chart-settings';

export interface SeriesRun {
  runId: string;
  name: string;
  color: string;
  startTime?: number;
}

export interface RunLine {
  runId: string;
  label: string;
  color: string;
  steps: Float64Array;
  xs: Float64Array;
  ys: Float64Array;
  /** One point per bucket (its last), the input of smoothing and group aggregation. */
  repSteps: Float64Array;
  repXs: Float64Array;
  repYs: Float64Array;
}

export interface RawSeries {
  lines: RunLine[];
  xDomain: [number, number];
  yDomain: [number, number];
  ascendingX: boolean;
}

interface Drawable {
  steps: Float64Array;
  values: Float64Array;
  repSteps: Float64Array;
  repValues: Float64Array;
  timestamps: Float64Array;
}

// Fetched bucket arrays are immutable (react-query data): their drawable forms are computed once,
// so changing the x axis, scale or smoothing does not rebuild them.
const drawableCache = new WeakMap<readonly NumericBucket[], Drawable>();

function drawable(buckets: readonly NumericBucket[]): Drawable {
  let cached = drawableCache.get(buckets);
  if (!cached) {
    const polyline = bucketsToPolyline(buckets);
    // Plain loops: Float64Array.from(list, mapFn) goes through the iterator protocol, ~10× slower.
    const n = buckets.length;
    const repSteps = new Float64Array(n);
    const repValues = new Float64Array(n);
    const timestamps = new Float64Array(n);
    for (let i = 0; i < n; i += 1) {
      const bucket = buckets[i] as NumericBucket;
      repSteps[i] = bucket.lastStep;
      repValues[i] = bucket.last;
      timestamps[i] = bucket.lastTimestamp;
    }
    cached = { steps: polyline.steps, values: polyline.values, repSteps, repValues, timestamps };
    drawableCache.set(buckets, cached);
  }
  return cached;
}

function timeAnchors(buckets: readonly NumericBucket[]): Anchors {
  const cached = drawable(buckets);
  return { steps: cached.repSteps, values: cached.timestamps };
}

function metricAnchors(buckets: readonly NumericBucket[]): Anchors {
  const cached = drawable(buckets);
  return { steps: cached.repSteps, values: cached.repValues };
}

interface MappedX {
  xs: Float64Array;
  repXs: Float64Array;
}

// The x positions of a run's points per x-axis mode, kept with the fetched buckets: switching
// the axis back and forth (or toggling anything else) maps each series once.
const mappedCache = new WeakMap<readonly NumericBucket[], Map<string, MappedX>>();
const mappedByOther = new WeakMap<readonly NumericBucket[], WeakMap<readonly NumericBucket[], MappedX>>();

function mapX(
  steps: Float64Array,
  mode: XAxisMode,
  buckets: readonly NumericBucket[],
  run: SeriesRun,
  other: readonly NumericBucket[] | undefined,
): Float64Array {
  if (mode.kind === 'step') return steps;
  if (mode.kind === 'wall') return stepsToWallTime(steps, timeAnchors(buckets));
  if (mode.kind === 'relative') return stepsToRelativeSeconds(steps, timeAnchors(buckets), run.startTime);
  return stepsToMetric(steps, metricAnchors(other ?? []));
}

function mappedX(buckets: readonly NumericBucket[], mode: XAxisMode, run: SeriesRun, other: readonly NumericBucket[] | undefined): MappedX {
  const cached = drawable(buckets);
  const compute = () => ({ xs: mapX(cached.steps, mode, buckets, run, other), repXs: mapX(cached.repSteps, mode, buckets, run, other) });
  if (mode.kind === 'metric') {
    if (!other) return compute();
    let byOther = mappedByOther.get(buckets);
    if (!byOther) mappedByOther.set(buckets, (byOther = new WeakMap()));
    let hit = byOther.get(other);
    if (!hit) byOther.set(other, (hit = compute()));
    return hit;
  }
  const key = mode.kind === 'relative' ? `relative:${run.startTime ?? ''}` : mode.kind;
  let byMode = mappedCache.get(buckets);
  if (!byMode) mappedCache.set(buckets, (byMode = new Map<string, MappedX>()));
  let hit = byMode.get(key);
  if (!hit) byMode.set(key, (hit = compute()));
  return hit;
}

/** Indices of the steps inside the window, or undefined when all are. */
function windowIndices(steps: Float64Array, window: ZoomWindow | undefined): Uint32Array | undefined {
  if (!window) return undefined;
  let count = 0;
  for (let i = 0; i < steps.length; i += 1) {
    const step = steps[i] as number;
    if (step >= window.start && step <= window.end) count += 1;
  }
  if (count === steps.length) return undefined;
  const keep = new Uint32Array(count);
  let next = 0;
  for (let i = 0; i < steps.length; i += 1) {
    const step = steps[i] as number;
    if (step >= window.start && step <= window.end) keep[next++] = i;
  }
  return keep;
}

function pick(values: Float64Array, keep: Uint32Array | undefined): Float64Array {
  if (!keep) return values;
  const result = new Float64Array(keep.length);
  for (let i = 0; i < keep.length; i += 1) result[i] = values[keep[i] as number] as number;
  return result;
}

// Extents of a series' values (all finite, and positive only for log scales), kept with the array.
const extentCache = new WeakMap<Float64Array, { all?: [number, number] | null; positive?: [number, number] | null }>();

function extentOf(values: Float64Array, positiveOnly: boolean): [number, number] | null {
  let entry = extentCache.get(values);
  if (!entry) extentCache.set(values, (entry = {}));
  const known = positiveOnly ? entry.positive : entry.all;
  if (known !== undefined) return known;
  const range = finiteExtent(values, positiveOnly) ?? null;
  if (positiveOnly) entry.positive = range;
  else entry.all = range;
  return range;
}

function combinedExtent(arrays: readonly Float64Array[], positiveOnly: boolean): [number, number] | undefined {
  let lo = Infinity;
  let hi = -Infinity;
  for (const values of arrays) {
    const range = extentOf(values, positiveOnly);
    if (!range) continue;
    if (range[0] < lo) lo = range[0];
    if (range[1] > hi) hi = range[1];
  }
  return lo <= hi ? [lo, hi] : undefined;
}

// The 1st–99th percentile range over all lines, remembered for the last set of arrays of a chart
// (keyed by its first array): toggling the x axis or smoothing does not sort the values again.
const percentileCache = new WeakMap<Float64Array, { arrays: readonly Float64Array[]; log: boolean; range: [number, number] | undefined }>();

function outlierRange(arrays: readonly Float64Array[], log: boolean): [number, number] | undefined {
  const first = arrays[0];
  if (!first) return undefined;
  const hit = percentileCache.get(first);
  if (hit && hit.log === log && hit.arrays.length === arrays.length && hit.arrays.every((values, i) => values === arrays[i]))
    return hit.range;
  let total = 0;
  for (const values of arrays) total += values.length;
  const all = new Float64Array(total);
  let offset = 0;
  for (const values of arrays) {
    all.set(values, offset);
    offset += values.length;
  }
  const range = percentileRange(all, 1, 99, log);
  percentileCache.set(first, { arrays, log, range });
  return range;
}

/**
 * Does ahead of buildRawSeries the per-run work it caches (the polyline, the x and y extents on the
 * step axis): a chart calls it one run at a time in short slices when data arrives, so that the
 * render that builds the series finds it done.
 */
export function prepareBuckets(buckets: readonly NumericBucket[]): void {
  if (buckets.length === 0) return;
  const cached = drawable(buckets);
  extentOf(cached.values, false);
  extentOf(cached.steps, false);
}

export function buildRawSeries(options: {
  runs: readonly SeriesRun[];
  byRun: ReadonlyMap<string, readonly NumericBucket[]>;
  xAxis: XAxisMode;
  yScale: 'linear' | 'log';
  ignoreOutliers: boolean;
  zoom?: ZoomWindow;
  otherByRun?: ReadonlyMap<string, readonly NumericBucket[]>;
}): RawSeries | undefined {
  const lines: RunLine[] = [];
  let ascendingX = options.xAxis.kind !== 'metric';
  for (const run of options.runs) {
    const buckets = options.byRun.get(run.runId);
    if (!buckets || buckets.length === 0) continue;
    const cached = drawable(buckets);
    const mapped = mappedX(buckets, options.xAxis, run, options.otherByRun?.get(run.runId));
    const keep = windowIndices(cached.steps, options.zoom);
    const repKeep = windowIndices(cached.repSteps, options.zoom);
    const repXs = pick(mapped.repXs, repKeep);
    if (options.xAxis.kind === 'metric') {
      for (let i = 1; i < repXs.length && ascendingX; i += 1) if ((repXs[i] as number) < (repXs[i - 1] as number)) ascendingX = false;
    }
    lines.push({
      runId: run.runId,
      label: run.name,
      color: run.color,
      steps: pick(cached.steps, keep),
      xs: pick(mapped.xs, keep),
      ys: pick(cached.values, keep),
      repSteps: pick(cached.repSteps, repKeep),
      repXs,
      repYs: pick(cached.repValues, repKeep),
    });
  }
  if (lines.length === 0) return undefined;
  const log = options.yScale === 'log';
  const ys = lines.map((line) => line.ys);
  const yRange = options.ignoreOutliers ? outlierRange(ys, log) : combinedExtent(ys, log);
  const xRange =
    options.zoom && options.xAxis.kind === 'step'
      ? ([options.zoom.start, options.zoom.end] as [number, number])
      : combinedExtent(
          lines.map((line) => line.xs),
          false,
        );
  if (!yRange || !xRange) return { lines, xDomain: xRange ?? [0, 1], yDomain: log ? [0.1, 1] : [0, 1], ascendingX };
  return {
    lines,
    xDomain: xRange[0] === xRange[1] ? [xRange[0] - 1, xRange[1] + 1] : xRange,
    yDomain: padDomain(yRange, options.yScale, options.ignoreOutliers ? 0.02 : 0.05),
    ascendingX,
  };
}

// Smoothed values per input array and setting: toggling smoothing off and on again is free.
const smoothCache = new WeakMap<Float64Array, Map<string, Float64Array>>();

export function smoothValues(values: Float64Array, settings: Pick<ChartSettings, 'smoothing' | 'emaWeight' | 'cmaWindow'>): Float64Array {
  if (settings.smoothing === 'none') return values;
  const key = settings.smoothing === 'ema' ? `ema:${settings.emaWeight}` : `cma:${settings.cmaWindow}`;
  let byKey = smoothCache.get(values);
  if (!byKey) smoothCache.set(values, (byKey = new Map<string, Float64Array>()));
  let smoothed = byKey.get(key);
  if (!smoothed) {
    smoothed =
      settings.smoothing === 'ema'
        ? emaDebiasedValues(values, settings.emaWeight)
        : centeredMovingAverageValues(values, settings.cmaWindow);
    byKey.set(key, smoothed);
  }
  return smoothed;
}

export interface GroupDef {
  id: string;
  label: string;
  color: string;
  runIds: string[];
}

export interface GroupLine {
  id: string;
  label: string;
  color: string;
  xs: Float64Array;
  center: Float64Array;
  lower: Float64Array;
  upper: Float64Array;
}

/** Group values of a run: `param:<key>` or `tag:<key>`; runs without it form the "(none)" group. */
export function groupRuns<T extends { runId: string; params: Record<string, string>; tags: Record<string, string> }>(
  runs: readonly T[],
  groupBy: string,
  colorOf: (index: number, firstRun: T) => string,
): GroupDef[] {
  if (!groupBy) return [];
  const [kind, ...rest] = groupBy.split(':');
  const key = rest.join(':');
  const groups = new Map<string, T[]>();
  for (const run of runs) {
    const source = kind === 'tag' ? run.tags : run.params;
    const value = Object.prototype.hasOwnProperty.call(source, key) ? (source[key] ?? '') : '(none)';
    const list = groups.get(value);
    if (list) list.push(run);
    else groups.set(value, [run]);
  }
  return [...groups]
    .sort(([a], [b]) => a.localeCompare(b, undefined, { numeric: true }))
    .map(([value, members], index) => ({
      id: `group:${value}`,
      label: `${key}=${value} (${members.length})`,
      color: colorOf(index, members[0] as T),
      runIds: members.map((run) => run.runId),
    }));
}

/** Each group's runs resampled on a shared grid, then mean/median with a band. */
export function aggregateGroups(
  lines: readonly RunLine[],
  groups: readonly GroupDef[],
  options: {
    xDomain: [number, number];
    gridSize: number;
    center: CenterKind;
    band: BandKind;
    smooth: (values: Float64Array) => Float64Array;
  },
): GroupLine[] {
  const grid = linearGrid(options.xDomain[0], options.xDomain[1], Math.max(2, Math.min(2000, Math.round(options.gridSize))));
  const byRun = new Map(lines.map((line) => [line.runId, line]));
  const result: GroupLine[] = [];
  for (const group of groups) {
    const members = group.runIds.map((id) => byRun.get(id)).filter((line): line is RunLine => line !== undefined);
    if (members.length === 0) continue;
    const seriesList = members.map((line) => {
      const order = Array.from(line.repXs.keys()).sort((a, b) => (line.repXs[a] ?? 0) - (line.repXs[b] ?? 0));
      const xs = Float64Array.from(order, (i) => line.repXs[i] ?? NaN);
      const ys = options.smooth(Float64Array.from(order, (i) => line.repYs[i] ?? NaN));
      const values = resampleLinear(xs, ys, grid);
      return Array.from(grid, (x, i) => ({ x, y: values[i] ?? NaN }));
    });
    const aggregated = aggregateSeries(seriesList, options.center, options.band);
    result.push({
      id: group.id,
      label: group.label,
      color: group.color,
      xs: Float64Array.from(aggregated, (point) => point.x),
      center: Float64Array.from(aggregated, (point) => point.center),
      lower: Float64Array.from(aggregated, (point) => point.lower),
      upper: Float64Array.from(aggregated, (point) => point.upper),
    });
  }
  return result;
}
