// Decoding and encoding of the runs page's URL state (see runs-url-state.ts), with no React or
// router code: the entry loads this to start the first runs/search page before the app has loaded.
import type { SearchRunsParams } from '../../entities/runs/run-search-params';
import { RUN_STATUSES, type RunStatus, type ViewType } from '../../lib/mlflow/wire-types';
import { COLUMN_GROUPS, parseColumnId, type ColumnGroupId } from './utils/column-ids';
import { buildOrderBy, buildSearchFilter, type FilterProblem } from './utils/filter-translation';

export type CreatedWithin = '1h' | '24h' | '7d' | '30d' | 'custom';
export const CREATED_WITHIN_OPTIONS: readonly CreatedWithin[] = ['1h', '24h', '7d', '30d', 'custom'];
export type MetricAggregate = 'last' | 'min' | 'max';
export const METRIC_AGGREGATES: readonly MetricAggregate[] = ['last', 'min', 'max'];

export interface RunsSort {
  columnId: string;
  descending: boolean;
}

export interface CreatedRange {
  within: CreatedWithin;
  /** epoch ms, only for `custom` */
  from?: number;
  to?: number;
}

export interface RunsViewState {
  /** Filter text as typed: an MLflow filter or plain text (run name contains). */
  filter: string;
  sort: RunsSort | null;
  viewType: ViewType;
  statuses: RunStatus[];
  created: CreatedRange | null;
  /** Visible optional columns in order; null = the default choice. */
  columns: string[] | null;
  pinnedColumns: string[];
  collapsedGroups: ColumnGroupId[];
  /** Selected run ids, or every run matching the current search. */
  selection: string[] | 'all';
  expanded: string[];
  metricAggregate: MetricAggregate;
  onlyDiffering: boolean;
}

export const DEFAULT_RUNS_VIEW_STATE: RunsViewState = {
  filter: '',
  sort: null,
  viewType: 'ACTIVE_ONLY',
  statuses: [],
  created: null,
  columns: null,
  pinnedColumns: [],
  collapsedGroups: [],
  selection: [],
  expanded: [],
  metricAggregate: 'last',
  onlyDiffering: false,
};

const VIEW_NAMES: Readonly<Record<ViewType, string>> = { ACTIVE_ONLY: 'active', DELETED_ONLY: 'deleted', ALL: 'all' };

/** URL parameter names owned by the runs view. */
export const RUNS_URL_PARAMS = [
  'q',
  'sort',
  'dir',
  'view',
  'status',
  'within',
  'from',
  'to',
  'cols',
  'pin',
  'collapsed',
  'sel',
  'exp',
  'agg',
  'diff',
] as const;

function list(value: string | null): string[] {
  if (!value) return [];
  const seen = new Set<string>();
  for (const item of value.split(',')) {
    const trimmed = item.trim();
    if (trimmed) seen.add(trimmed);
  }
  return [...seen];
}

function timestamp(value: string | null): number | undefined {
  if (!value) return undefined;
  const number = Number(value);
  if (Number.isFinite(number) && /^\d+$/.test(value)) return number;
  const parsed = Date.parse(value);
  return Number.isFinite(parsed) ? parsed : undefined;
}

export function decodeRunsViewState(params: URLSearchParams): RunsViewState {
  const sortColumn = params.get('sort');
  const view = params.get('view');
  const viewType = (Object.keys(VIEW_NAMES) as ViewType[]).find((type) => VIEW_NAMES[type] === view) ?? 'ACTIVE_ONLY';
  const within = params.get('within');
  let created: CreatedRange | null = null;
  if (within && (CREATED_WITHIN_OPTIONS as readonly string[]).includes(within)) {
    created = { within: within as CreatedWithin };
    if (within === 'custom') {
      const from = timestamp(params.get('from'));
      const to = timestamp(params.get('to'));
      if (from !== undefined) created.from = from;
      if (to !== undefined) created.to = to;
    }
  }
  const cols = params.get('cols');
  const sel = params.get('sel');
  const agg = params.get('agg');
  return {
    filter: params.get('q') ?? '',
    sort: sortColumn && parseColumnId(sortColumn) ? { columnId: sortColumn, descending: params.get('dir') !== 'asc' } : null,
    viewType,
    statuses: list(params.get('status'))
      .map((status) => status.toUpperCase())
      .filter((status): status is RunStatus => (RUN_STATUSES as readonly string[]).includes(status)),
    created,
    columns: cols === null ? null : list(cols).filter((id) => parseColumnId(id) !== null),
    pinnedColumns: list(params.get('pin')).filter((id) => parseColumnId(id) !== null),
    collapsedGroups: list(params.get('collapsed')).filter((group): group is ColumnGroupId =>
      (COLUMN_GROUPS as readonly string[]).includes(group),
    ),
    selection: sel === 'all' ? 'all' : list(sel),
    expanded: list(params.get('exp')),
    metricAggregate: agg === 'min' || agg === 'max' ? agg : 'last',
    onlyDiffering: params.get('diff') === '1',
  };
}

/**
 * Writes `state` into a copy of `base`, replacing every runs-view parameter and keeping
 * unrelated ones. Defaults are omitted.
 */
export function encodeRunsViewState(state: RunsViewState, base: URLSearchParams = new URLSearchParams()): URLSearchParams {
  const params = new URLSearchParams(base);
  for (const name of RUNS_URL_PARAMS) params.delete(name);
  const set = (name: string, value: string | undefined | null): void => {
    if (value !== undefined && value !== null && value !== '') params.set(name, value);
  };
  set('q', state.filter.trim() ? state.filter : undefined);
  if (state.sort) {
    set('sort', state.sort.columnId);
    set('dir', state.sort.descending ? 'desc' : 'asc');
  }
  if (state.viewType !== 'ACTIVE_ONLY') set('view', VIEW_NAMES[state.viewType]);
  set('status', state.statuses.join(','));
  if (state.created) {
    set('within', state.created.within);
    if (state.created.within === 'custom') {
      set('from', state.created.from?.toString());
      set('to', state.created.to?.toString());
    }
  }
  if (state.columns !== null) params.set('cols', state.columns.join(','));
  set('pin', state.pinnedColumns.join(','));
  set('collapsed', state.collapsedGroups.join(','));
  set('sel', state.selection === 'all' ? 'all' : state.selection.join(','));
  set('exp', state.expanded.join(','));
  if (state.metricAggregate !== 'last') set('agg', state.metricAggregate);
  if (state.onlyDiffering) set('diff', '1');
  return params;
}

/** `pinned=` and `hidden=`: run ids marked in this view. */
export const PINNED_RUNS_PARAM = 'pinned';
export const HIDDEN_RUNS_PARAM = 'hidden';
export type RunMarkParam = typeof PINNED_RUNS_PARAM | typeof HIDDEN_RUNS_PARAM;

/** The run ids of `pinned=`/`hidden=`; null when the parameter is absent (remembered marks apply). */
export function decodeRunMarks(params: URLSearchParams, name: RunMarkParam): string[] | null {
  const value = params.get(name);
  return value === null ? null : list(value);
}

/**
 * Writes the marked run ids into a copy of `base`, keeping every other parameter. An empty list
 * stays in the URL (`pinned=`), so remembered marks are not added back.
 */
export function encodeRunMarks(base: URLSearchParams, name: RunMarkParam, runIds: readonly string[]): URLSearchParams {
  const params = new URLSearchParams(base);
  params.set(name, [...new Set(runIds)].join(','));
  return params;
}

/** `/experiments/1,2` → ['1', '2']: the experiments the runs page searches, in the route's order. */
export function splitRunsExperimentIds(param: string | undefined): string[] {
  return (param ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter(Boolean);
}

/** The created-within cut-off, rounded to the minute so a query key stays put within a minute. */
export function filterClock(now: number = Date.now()): number {
  return Math.floor(now / 60_000) * 60_000;
}

export type RunsSearchFromView = { ok: true; params: SearchRunsParams } | { ok: false; problem: FilterProblem; params: SearchRunsParams };

/** The runs/search request (filter, order, view type) the view asks for; a bad filter searches unfiltered and says why. */
export function runsSearchFromView(
  experimentIds: string[],
  view: Pick<RunsViewState, 'filter' | 'statuses' | 'created' | 'sort' | 'viewType'>,
  now: number,
): RunsSearchFromView {
  const filter = buildSearchFilter({ filter: view.filter, statuses: view.statuses, created: view.created }, now);
  const params: SearchRunsParams = {
    experimentIds,
    filter: filter.ok ? filter.filter : '',
    orderBy: buildOrderBy(view.sort),
    runViewType: view.viewType,
  };
  return filter.ok ? { ok: true, params } : { ok: false, problem: filter.problem, params };
}
