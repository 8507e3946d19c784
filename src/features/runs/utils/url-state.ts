// The runs view lives in the URL's search params: filter, sort, columns, selection, view type,
// quick filters. Decoding never throws (a hand-edited URL falls back to defaults); encoding
// omits defaults so shared links stay short. Lists are comma-separated (MLflow keys and run ids
// never contain commas).
import { RUN_STATUSES, type RunStatus, type ViewType } from '../../../lib/mlflow/wire-types';
import { COLUMN_GROUPS, parseColumnId, type ColumnGroupId } from './column-ids';

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
export const RUNS_URL_PARAMS = ['q', 'sort', 'dir', 'view', 'status', 'within', 'from', 'to', 'cols', 'pin', 'collapsed', 'sel', 'exp', 'agg', 'diff'] as const;

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
    collapsedGroups: list(params.get('collapsed')).filter((group): group is ColumnGroupId => (COLUMN_GROUPS as readonly string[]).includes(group)),
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
