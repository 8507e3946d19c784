// `/experiments/:experimentIds/charts`: the chart view of the runs table's runs. The route passes
// the table's state (filter, sort, lifecycle view, selection, pinned runs); colours and hidden runs
// come from the same localStorage keys the table writes. Selected runs, when there are any, are
// charted alone; otherwise the table's first N runs (default 100), with pinned runs always first.
import { useMemo } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { ErrorPanel } from '../../components/error-view';
import type { ViewType } from '../../lib/mlflow/wire-types';
import { useRunsByIds, useRunsList, type SearchRunsParams } from '../../entities/runs/api/search-runs';
import { ChartsView, type ChartsViewRun } from './charts-view';
import { parseJson, useLocalStorageRaw } from './hooks/use-local-storage-value';
import { mergeChartRuns, runIdsFilter } from './utils/chart-runs';
import { hiddenRunsStorageKey, parseColorOverrides, RUN_COLORS_STORAGE_KEY, runColorsInView } from '../../lib/run-colors';
import '../../components/charts/charts.css';

export const DEFAULT_CHART_RUNS = 100;

/** Which runs to chart: the runs table's view. */
export interface ChartRunsSource {
  /** MLflow filter for runs/search (the table's typed filter and quick filters, translated). */
  filter: string;
  orderBy: readonly string[];
  runViewType: ViewType;
  /** Runs selected in the table: when there are some, only they are charted. */
  selectedRunIds: readonly string[];
  /** Runs pinned in the table: always charted, first. */
  pinnedRunIds: readonly string[];
  /** The typed filter does not parse: nothing is searched. */
  filterProblem?: string;
}

export interface ChartsPageProps {
  source: ChartRunsSource;
  /** Clears the table's selection (back to charting every matching run). */
  onClearSelection?: () => void;
}

const EMPTY: readonly string[] = [];

/** How many runs the chart view shows: the URL's `limit` (1–1000), else 100. */
export function chartRunsLimit(params: URLSearchParams): number {
  const limit = Number(params.get('limit'));
  return Number.isInteger(limit) && limit > 0 ? Math.min(limit, 1000) : DEFAULT_CHART_RUNS;
}

/**
 * The runs query of a chart view that charts the table's first runs, for prefetching; undefined
 * when its runs depend on more (a selection, pinned runs) or the filter does not parse.
 */
export function chartRunsQuery(experimentIds: readonly string[], source: ChartRunsSource): SearchRunsParams | undefined {
  if (source.selectedRunIds.length > 0 || source.pinnedRunIds.length > 0 || source.filterProblem !== undefined) return undefined;
  return { experimentIds, filter: source.filter, orderBy: source.orderBy, runViewType: source.runViewType };
}

export function ChartsPage({ source, onClearSelection }: ChartsPageProps) {
  const { experimentIds: idsParam = '' } = useParams();
  const experimentIds = useMemo(
    () =>
      idsParam
        .split(',')
        .map((id) => id.trim())
        .filter(Boolean),
    [idsParam],
  );
  const [params] = useSearchParams();
  const limit = chartRunsLimit(params);
  const [colorsRaw] = useLocalStorageRaw(RUN_COLORS_STORAGE_KEY);
  const [hiddenRaw] = useLocalStorageRaw(hiddenRunsStorageKey(experimentIds));

  const selected = source.selectedRunIds;
  const bySelection = selected.length > 0;
  const canSearch = source.filterProblem === undefined;
  const mainQuery = useRunsList(
    bySelection
      ? { experimentIds, filter: runIdsFilter(selected), orderBy: EMPTY, runViewType: 'ALL' }
      : { experimentIds, filter: source.filter, orderBy: source.orderBy, runViewType: source.runViewType },
    bySelection ? selected.length : limit,
    { enabled: bySelection || canSearch },
  );
  const pinned = bySelection ? EMPTY : source.pinnedRunIds;
  const pinnedQuery = useRunsByIds(pinned, experimentIds, { enabled: pinned.length > 0 });

  const pinnedData = pinned.length > 0 ? pinnedQuery.data : undefined;
  const merged = useMemo(
    () => (mainQuery.data ? mergeChartRuns(pinnedData ?? [], mainQuery.data, bySelection ? selected : undefined) : undefined),
    [mainQuery.data, pinnedData, bySelection, selected],
  );

  const runs = useMemo<ChartsViewRun[]>(() => {
    const list = merged ?? [];
    const colors = runColorsInView(
      list.map((run) => run.runId),
      parseColorOverrides(parseJson(colorsRaw)),
    );
    const hiddenList = parseJson(hiddenRaw);
    const hidden = new Set(Array.isArray(hiddenList) ? hiddenList.filter((id): id is string => typeof id === 'string') : []);
    const pinnedSet = new Set(pinned);
    return list.map((run) => ({
      runId: run.runId,
      name: run.name,
      color: colors.get(run.runId) ?? '',
      hidden: hidden.has(run.runId),
      pinned: pinnedSet.has(run.runId),
      params: run.params,
      tags: run.tags,
      metricKeys: Object.keys(run.metrics),
      status: run.status,
      startTime: run.startTime,
    }));
  }, [merged, colorsRaw, hiddenRaw, pinned]);

  const mainCount = mainQuery.data?.length ?? 0;
  const pinnedExtra = runs.length - mainCount;
  const error = mainQuery.error ?? pinnedQuery.error;

  return (
    <div className="charts-page">
      <p className="muted charts-source" role="status" data-testid="charts-source">
        {!canSearch && !bySelection ? (
          'Fix the filter in the table to chart its runs.'
        ) : !mainQuery.data ? (
          'Loading runs…'
        ) : bySelection ? (
          <>
            Charting the {runs.length} run{runs.length === 1 ? '' : 's'} selected in the table.{' '}
            {onClearSelection && (
              <button type="button" className="charts-link-button" onClick={onClearSelection}>
                Chart all matching runs
              </button>
            )}
          </>
        ) : (
          <>
            {mainCount.toLocaleString('en-US')} run{mainCount === 1 ? '' : 's'}
            {source.filter ? ' matching the filter' : ''}
            {mainCount >= limit ? ` (the table's first ${limit})` : ''}
            {pinnedExtra > 0 ? `, plus ${pinnedExtra} pinned` : ''}
          </>
        )}
      </p>
      {!canSearch && !bySelection ? null : error ? (
        <ErrorPanel
          error={error}
          title="Could not load the runs"
          onRetry={() => {
            void mainQuery.refetch();
            if (pinned.length > 0) void pinnedQuery.refetch();
          }}
        />
      ) : !merged ? (
        <p className="muted">Loading runs…</p>
      ) : (
        <ChartsView experimentIds={experimentIds} runs={runs} />
      )}
    </div>
  );
}
