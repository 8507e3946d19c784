// The chart view's settings live in the URL (shareable; back/forward restore them). Parameter
// names all start with `c` and differ from the runs table's (q, sort, view, cols, ...), so the
// charts can sit in a tab of the runs page. Decoding never throws; encoding omits defaults.
import type { BandKind, CenterKind } from '../../lib/chart-math/aggregate-groups';

export type XAxisMode = { kind: 'step' } | { kind: 'relative' } | { kind: 'wall' } | { kind: 'metric'; key: string };
export type SmoothingKind = 'none' | 'ema' | 'cma';

export interface ZoomWindow {
  start: number;
  end: number;
}

export interface ChartSettings {
  xAxis: XAxisMode;
  yScale: 'linear' | 'log';
  ignoreOutliers: boolean;
  smoothing: SmoothingKind;
  /** EMA weight in [0, 0.99] */
  emaWeight: number;
  /** Centered moving average window (odd, ≥ 3) */
  cmaWindow: number;
  /** `param:<key>` or `tag:<key>`, or '' for none */
  groupBy: string;
  center: CenterKind;
  band: BandKind;
  search: string;
  /** Per chart id (see chart-layout), the zoomed step window. */
  zoom: Record<string, ZoomWindow>;
}

export const DEFAULT_CHART_SETTINGS: ChartSettings = {
  xAxis: { kind: 'step' },
  yScale: 'linear',
  ignoreOutliers: false,
  smoothing: 'none',
  emaWeight: 0.6,
  cmaWindow: 15,
  groupBy: '',
  center: 'mean',
  band: 'minmax',
  search: '',
  zoom: {},
};

export const CHART_URL_PARAMS = ['cx', 'cy', 'cout', 'csm', 'csw', 'cg', 'cagg', 'cband', 'cq', 'czoom'] as const;

export function encodeXAxis(mode: XAxisMode): string {
  return mode.kind === 'metric' ? `metric:${mode.key}` : mode.kind;
}

export function decodeXAxis(value: string | null): XAxisMode {
  if (value === 'relative' || value === 'wall') return { kind: value };
  if (value?.startsWith('metric:') && value.length > 7) return { kind: 'metric', key: value.slice(7) };
  return { kind: 'step' };
}

function number(value: string | null, fallback: number, lo: number, hi: number): number {
  if (value === null || value.trim() === '') return fallback;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? Math.min(hi, Math.max(lo, parsed)) : fallback;
}

/** `id~start~end` entries separated by `,` (chart ids never contain `,` or `~`). */
export function decodeZoom(value: string | null): Record<string, ZoomWindow> {
  const zoom: Record<string, ZoomWindow> = {};
  if (!value) return zoom;
  for (const entry of value.split(',')) {
    const parts = entry.split('~');
    if (parts.length !== 3) continue;
    const [id = '', startText = '', endText = ''] = parts;
    const start = Number(startText);
    const end = Number(endText);
    if (id && startText && endText && Number.isFinite(start) && Number.isFinite(end) && start <= end) zoom[id] = { start, end };
  }
  return zoom;
}

export function encodeZoom(zoom: Readonly<Record<string, ZoomWindow>>): string {
  return Object.entries(zoom)
    .map(([id, window]) => `${id}~${window.start}~${window.end}`)
    .join(',');
}

export function decodeChartSettings(params: URLSearchParams): ChartSettings {
  const smoothing = params.get('csm');
  const agg = params.get('cagg');
  const band = params.get('cband');
  const group = params.get('cg') ?? '';
  const cmaWindow = Math.round(number(params.get('csw'), DEFAULT_CHART_SETTINGS.cmaWindow, 3, 501));
  return {
    xAxis: decodeXAxis(params.get('cx')),
    yScale: params.get('cy') === 'log' ? 'log' : 'linear',
    ignoreOutliers: params.get('cout') === '1',
    smoothing: smoothing === 'ema' || smoothing === 'cma' ? smoothing : 'none',
    emaWeight:
      smoothing === 'ema' ? number(params.get('csw'), DEFAULT_CHART_SETTINGS.emaWeight, 0, 0.99) : DEFAULT_CHART_SETTINGS.emaWeight,
    cmaWindow: smoothing === 'cma' ? (cmaWindow % 2 === 0 ? cmaWindow + 1 : cmaWindow) : DEFAULT_CHART_SETTINGS.cmaWindow,
    groupBy: /^(param|tag):./.test(group) ? group : '',
    center: agg === 'median' ? 'median' : 'mean',
    band: band === 'std' || band === 'stderr' ? band : 'minmax',
    search: params.get('cq') ?? '',
    zoom: decodeZoom(params.get('czoom')),
  };
}

/** Writes the settings into a copy of `base`, keeping unrelated parameters; defaults are omitted. */
export function encodeChartSettings(settings: ChartSettings, base: URLSearchParams): URLSearchParams {
  const next = new URLSearchParams(base);
  for (const name of CHART_URL_PARAMS) next.delete(name);
  const put = (name: string, value: string, fallback: string) => {
    if (value !== fallback) next.set(name, value);
  };
  put('cx', encodeXAxis(settings.xAxis), 'step');
  put('cy', settings.yScale, 'linear');
  put('cout', settings.ignoreOutliers ? '1' : '0', '0');
  put('csm', settings.smoothing, 'none');
  if (settings.smoothing === 'ema') next.set('csw', String(settings.emaWeight));
  if (settings.smoothing === 'cma') next.set('csw', String(settings.cmaWindow));
  put('cg', settings.groupBy, '');
  if (settings.groupBy) {
    put('cagg', settings.center, 'mean');
    put('cband', settings.band, 'minmax');
  }
  put('cq', settings.search, '');
  put('czoom', encodeZoom(settings.zoom), '');
  return next;
}
