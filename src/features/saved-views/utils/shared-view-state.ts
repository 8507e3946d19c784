// Saved views of the runs table in MLflow 3.15's format: an experiment tag
// `mlflow.sharedViewState.<id>` whose value is the envelope `{name, createdAt, updatedAt, state}`
// with `state` a JSON string of MLflow's experiment-page state (search facets + UI state).
//
// What maps (Runboard URL parameter -> MLflow state field), both ways:
//   q (filter text)            <-> searchFilter (MLflow also reads plain text as a run-name search)
//   sort + dir                 <-> orderByKey (`metrics.\`acc\``, `attributes.start_time`...) + orderByAsc
//   within=1h|24h|7d|30d       <-> startTime LAST_HOUR | LAST_24_HOURS | LAST_7_DAYS | LAST_30_DAYS
//   view=deleted               <-> lifecycleFilter 'Deleted' (else 'Active')
//   cols (metric/param/tag)    <-> selectedColumns (`metrics.\`acc\``, `params.\`lr\``, `tags.\`team\``)
// What cannot map, kept in `state.runboard` (a field MLflow's reader ignores) so Runboard restores
// it exactly: view=all, custom created ranges, status quick filters, pinned and collapsed columns,
// fixed-column choice and order, Last/Min/Max, "only differing", column widths, and the chart
// settings (x axis, smoothing, grouping, bands, zoom), whose MLflow counterparts (chart cards,
// groupBy) are per-chart structures Runboard does not have. A view saved by MLflow opens in
// Runboard from the mapped fields only.

export const SHARED_VIEW_TAG_PREFIX = 'mlflow.sharedViewState.';
/** MLflow's own URL parameter for a saved view; Runboard uses it too, so links work in both UIs. */
export const VIEW_URL_PARAM = 'viewStateShareKey';

/** URL parameters that are not part of a view: the selection, expanded rows and the view key itself. */
const NOT_IN_VIEW: ReadonlySet<string> = new Set(['sel', 'exp', VIEW_URL_PARAM, 'mq', 'morder']);

export interface SavedView {
  id: string;
  name: string;
  createdAt: number;
  updatedAt: number;
  /** The runs page's URL parameters this view restores. */
  params: URLSearchParams;
  /** Column widths in pixels by column id (Runboard only). */
  widths: Record<string, number>;
}

/** Runboard's own part of the state: the exact URL parameters and widths. */
interface RunboardViewState {
  version: 1;
  query: string;
  widths?: Record<string, number>;
}

/** The MLflow fields Runboard writes and reads. MLflow's reader ignores `runboard`. */
export interface MlflowViewState {
  searchFilter?: string;
  orderByKey?: string;
  orderByAsc?: boolean;
  startTime?: string;
  lifecycleFilter?: string;
  modelVersionFilter?: string;
  datasetsFilter?: unknown[];
  selectedColumns?: string[];
  runboard?: RunboardViewState;
  [other: string]: unknown;
}

export interface SharedViewEnvelope {
  name: string;
  createdAt: number;
  updatedAt: number;
  /** JSON of MlflowViewState. */
  state: string;
}

const START_TIMES: Readonly<Record<string, string>> = { '1h': 'LAST_HOUR', '24h': 'LAST_24_HOURS', '7d': 'LAST_7_DAYS', '30d': 'LAST_30_DAYS' };
const FIXED_ORDER_KEYS: Readonly<Record<string, string>> = {
  status: 'attributes.status',
  name: 'attributes.run_name',
  created: 'attributes.start_time',
  user: 'tags.`mlflow.user`',
  source: 'tags.`mlflow.source.name`',
};

/** `metrics.acc` (a Runboard column id) -> MLflow's canonical key `metrics.\`acc\``. */
function mlflowColumnKey(columnId: string): string | undefined {
  const fixed = FIXED_ORDER_KEYS[columnId];
  if (fixed) return fixed;
  const dot = columnId.indexOf('.');
  const kind = columnId.slice(0, dot);
  if (dot <= 0 || !['metrics', 'params', 'tags'].includes(kind)) return undefined;
  return `${kind}.\`${columnId.slice(dot + 1)}\``;
}

/** MLflow's key (`metrics.\`acc\``, `metrics.acc`, `attributes.start_time`) -> a Runboard column id. */
function runboardColumnId(mlflowKey: string): string | undefined {
  const fixed = Object.entries(FIXED_ORDER_KEYS).find(([, key]) => key === mlflowKey)?.[0];
  if (fixed) return fixed;
  const match = /^(metrics|params|tags)\.(?:`(.+)`|(.+))$/.exec(mlflowKey);
  if (!match) return undefined;
  return `${match[1] ?? ''}.${match[2] ?? match[3] ?? ''}`;
}

/** The view part of the runs page's URL parameters (no selection, no view key). */
export function viewParamsOf(params: URLSearchParams): URLSearchParams {
  const view = new URLSearchParams();
  for (const [name, value] of params) if (!NOT_IN_VIEW.has(name)) view.append(name, value);
  return view;
}

/** Runboard's view -> MLflow's state, with the exact Runboard settings alongside. */
export function toMlflowViewState(params: URLSearchParams, widths: Record<string, number>): MlflowViewState {
  const view = viewParamsOf(params);
  const sort = view.get('sort');
  const orderByKey = sort ? mlflowColumnKey(sort) : undefined;
  const within = view.get('within') ?? '';
  const columns = (view.get('cols') ?? '')
    .split(',')
    .filter(Boolean)
    .map(mlflowColumnKey)
    .filter((key): key is string => key !== undefined && !key.startsWith('attributes.') && !key.startsWith('tags.`mlflow.'));
  return {
    searchFilter: view.get('q') ?? '',
    orderByKey: orderByKey ?? 'attributes.start_time',
    orderByAsc: orderByKey ? view.get('dir') === 'asc' : false,
    startTime: START_TIMES[within] ?? 'ALL',
    lifecycleFilter: view.get('view') === 'deleted' ? 'Deleted' : 'Active',
    modelVersionFilter: 'All Runs',
    datasetsFilter: [],
    ...(view.has('cols') ? { selectedColumns: columns } : {}),
    runboard: { version: 1, query: view.toString(), ...(Object.keys(widths).length > 0 ? { widths } : {}) },
  };
}

/** MLflow's state (saved by Runboard or by MLflow) -> Runboard's URL parameters and widths. */
export function fromMlflowViewState(state: MlflowViewState): { params: URLSearchParams; widths: Record<string, number> } {
  const runboard = state.runboard;
  if (runboard && runboard.version === 1 && typeof runboard.query === 'string') {
    return { params: viewParamsOf(new URLSearchParams(runboard.query)), widths: sanitizeWidths(runboard.widths) };
  }
  const params = new URLSearchParams();
  if (typeof state.searchFilter === 'string' && state.searchFilter.trim()) params.set('q', state.searchFilter);
  const sort = typeof state.orderByKey === 'string' ? runboardColumnId(state.orderByKey) : undefined;
  // MLflow's default order (start time, newest first) is Runboard's default too.
  if (sort && !(sort === 'created' && state.orderByAsc !== true)) {
    params.set('sort', sort);
    params.set('dir', state.orderByAsc === true ? 'asc' : 'desc');
  }
  if (state.lifecycleFilter === 'Deleted') params.set('view', 'deleted');
  const within = Object.entries(START_TIMES).find(([, value]) => value === state.startTime)?.[0];
  if (within) params.set('within', within);
  if (Array.isArray(state.selectedColumns)) {
    const columns = state.selectedColumns
      .filter((key): key is string => typeof key === 'string')
      .map(runboardColumnId)
      .filter((id): id is string => id !== undefined && !['status', 'name', 'created', 'user', 'source'].includes(id));
    if (columns.length > 0) params.set('cols', columns.join(','));
  }
  return { params, widths: {} };
}

function sanitizeWidths(widths: unknown): Record<string, number> {
  if (typeof widths !== 'object' || widths === null) return {};
  return Object.fromEntries(Object.entries(widths).filter((entry): entry is [string, number] => typeof entry[1] === 'number' && Number.isFinite(entry[1]) && entry[1] > 0));
}

export function encodeSavedView(view: Pick<SavedView, 'name' | 'createdAt' | 'updatedAt' | 'params' | 'widths'>): string {
  const envelope: SharedViewEnvelope = {
    name: view.name,
    createdAt: view.createdAt,
    updatedAt: view.updatedAt,
    state: JSON.stringify(toMlflowViewState(view.params, view.widths)),
  };
  return JSON.stringify(envelope);
}

/** One experiment tag -> a saved view; undefined for other tags and unreadable values. */
export function decodeSavedView(key: string, value: string): SavedView | undefined {
  if (!key.startsWith(SHARED_VIEW_TAG_PREFIX)) return undefined;
  const id = key.slice(SHARED_VIEW_TAG_PREFIX.length);
  if (!id) return undefined;
  try {
    const envelope = JSON.parse(value) as Partial<SharedViewEnvelope>;
    if (typeof envelope.name !== 'string') return undefined;
    const rawState: unknown = typeof envelope.state === 'string' ? JSON.parse(envelope.state) : envelope.state;
    if (typeof rawState !== 'object' || rawState === null) return undefined;
    const { params, widths } = fromMlflowViewState(rawState as MlflowViewState);
    return {
      id,
      name: envelope.name,
      createdAt: typeof envelope.createdAt === 'number' ? envelope.createdAt : 0,
      updatedAt: typeof envelope.updatedAt === 'number' ? envelope.updatedAt : 0,
      params,
      widths,
    };
  } catch {
    return undefined;
  }
}

/** A new view id: MLflow accepts any tag-key-safe string; 16 hex digits keep URLs short. */
export function newViewId(): string {
  const bytes = new Uint8Array(8);
  crypto.getRandomValues(bytes);
  return [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}
