export type XAxisMode = 'step' | 'relative' | 'wall';

export interface MetricChartParams {
  xAxis: XAxisMode;
  logScale: boolean;
  /** EMA weight in [0, 0.99]. */
  smoothing: number;
}

export function readChartParams(search: URLSearchParams): MetricChartParams {
  const x = search.get('x');
  const smooth = Number(search.get('smooth') ?? 0);
  return {
    xAxis: x === 'relative' || x === 'wall' ? x : 'step',
    logScale: search.get('log') === '1',
    smoothing: Number.isFinite(smooth) ? Math.min(0.99, Math.max(0, Math.round(smooth * 100) / 100)) : 0,
  };
}

export function writeChartParams(search: URLSearchParams, params: Partial<MetricChartParams>): URLSearchParams {
  const next = new URLSearchParams(search);
  if (params.xAxis !== undefined) {
    if (params.xAxis === 'step') next.delete('x');
    else next.set('x', params.xAxis);
  }
  if (params.logScale !== undefined) {
    if (params.logScale) next.set('log', '1');
    else next.delete('log');
  }
  if (params.smoothing !== undefined) {
    if (params.smoothing <= 0) next.delete('smooth');
    else next.set('smooth', String(params.smoothing));
  }
  return next;
}

export interface ChartPoint {
  x: number;
  y: number;
  step: number;
  timestamp: number;
  smoothed?: number;
}

/** x value of a point for the chosen axis; relative time is seconds since the first point. */
export function xValue(mode: XAxisMode, point: { step: number; timestamp: number }, firstTimestamp: number): number {
  if (mode === 'step') return point.step;
  if (mode === 'wall') return point.timestamp;
  return (point.timestamp - firstTimestamp) / 1000;
}
