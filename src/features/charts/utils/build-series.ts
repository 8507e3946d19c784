// From fetched buckets to what a line chart draws: per-run polylines on the chosen x axis, the
// smoothed lines (EMA or centered moving average over each bucket's last value), group means or
// medians with bands, and the domains (y optionally clipped to the 1st–99th percentile).
import { aggregateSeries, type BandKind, type CenterKind } from '../../../lib/chart-math/aggregate-groups';
import { bucketsToPolyline, finiteExtent, type NumericBucket } from '../../../lib/chart-math/envelope';
import { percentileRange } from '../../../lib/chart-math/percentile';
import { centeredMovingAverage, emaDebiased } from '../../../lib/chart-math/smoothing';
import { padDomain } from '../../../lib/chart-math/ticks';
import {
  linearGrid,
  resampleLinear,
  stepsToMetric,
  stepsToRelativeSeconds,
  stepsToWallTime,
  type Anchors,
} from '../../../lib/chart-math/x-alignment';
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
    cached = {
      steps: polyline.steps,
      values: polyline.values,
      repSteps: Float64Array.from(buckets, (bucket) => bucket.lastStep),
      repValues: Float64Array.from(buckets, (bucket) => bucket.last),
      timestamps: Float64Array.from(buckets, (bucket) => bucket.lastTimestamp),
    };
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

function filterWindow(steps: Float64Array, values: Float64Array, window: ZoomWindow | undefined): [Float64Array, Float64Array] {
  if (!window) return [steps, values];
  const keep: number[] = [];
  for (let i = 0; i < steps.length; i += 1) {
    const step = steps[i] ?? NaN;
    if (step >= window.start && step <= window.end) keep.push(i);
  }
  if (keep.length === steps.length) return [steps, values];
  return [Float64Array.from(keep, (i) => steps[i] ?? NaN), Float64Array.from(keep, (i) => values[i] ?? NaN)];
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
    const [steps, ys] = filterWindow(cached.steps, cached.values, options.zoom);
    const [repSteps, repYs] = filterWindow(cached.repSteps, cached.repValues, options.zoom);
    const other = options.otherByRun?.get(run.runId);
    const xs = mapX(steps, options.xAxis, buckets, run, other);
    const repXs = mapX(repSteps, options.xAxis, buckets, run, other);
    if (options.xAxis.kind === 'metric') {
      for (let i = 1; i < repXs.length && ascendingX; i += 1) if ((repXs[i] ?? 0) < (repXs[i - 1] ?? 0)) ascendingX = false;
    }
    lines.push({ runId: run.runId, label: run.name, color: run.color, steps, xs, ys, repSteps, repXs, repYs });
  }
  if (lines.length === 0) return undefined;
  const log = options.yScale === 'log';
  function* allYs() {
    for (const line of lines) yield* line.ys;
  }
  function* allXs() {
    for (const line of lines) yield* line.xs;
  }
  const yRange = options.ignoreOutliers ? percentileRange(allYs(), 1, 99, log) : finiteExtent(allYs(), log);
  const xRange =
    options.zoom && options.xAxis.kind === 'step' ? ([options.zoom.start, options.zoom.end] as [number, number]) : finiteExtent(allXs());
  if (!yRange || !xRange) return { lines, xDomain: xRange ?? [0, 1], yDomain: log ? [0.1, 1] : [0, 1], ascendingX };
  return {
    lines,
    xDomain: xRange[0] === xRange[1] ? [xRange[0] - 1, xRange[1] + 1] : xRange,
    yDomain: padDomain(yRange, options.yScale, options.ignoreOutliers ? 0.02 : 0.05),
    ascendingX,
  };
}

export function smoothValues(values: Float64Array, settings: Pick<ChartSettings, 'smoothing' | 'emaWeight' | 'cmaWindow'>): Float64Array {
  const input = Array.from(values);
  if (settings.smoothing === 'ema') return Float64Array.from(emaDebiased(input, settings.emaWeight));
  if (settings.smoothing === 'cma') return Float64Array.from(centeredMovingAverage(input, settings.cmaWindow));
  return values;
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
