import type { QueryClient } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { useParams, useSearchParams, type LoaderFunctionArgs, type ShouldRevalidateFunctionArgs } from 'react-router';
import { PanelErrorBoundary } from '../../components/error-view';
import { chartRunsLimit, chartRunsQuery, ChartsPage, type ChartRunsSource } from '../../features/charts/charts-page';
import { parseJson, readStorage } from '../../features/charts/hooks/use-local-storage-value';
import { prefetchChartView } from '../../features/charts/utils/prefetch-chart-view';
import { ExperimentHeader } from '../../features/experiments/components/experiment-header';
import { pinnedRunsKey, usePinnedRuns } from '../../features/runs/hooks/use-run-marks';
import { decodeRunsViewState, PINNED_RUNS_PARAM, useRunsViewState, type RunsViewState } from '../../features/runs/runs-url-state';
import { buildOrderBy, buildSearchFilter } from '../../features/runs/utils/filter-translation';
import { appQueryClient } from '../app-query-client';
import { splitExperimentIds } from '../experiment-ids';
import { ExperimentViewTabs } from './experiment-view-tabs';
import { ExperimentsFound } from './experiments-found';

const minuteNow = (): number => Math.floor(Date.now() / 60_000) * 60_000;

/** Which runs the charts show, from the runs table's URL state (shared with the loader). */
function chartRunsSource(view: RunsViewState, typed: string, pinnedList: readonly string[], now: number): ChartRunsSource {
  const within = view.created?.within;
  const result = buildSearchFilter(
    { filter: typed, statuses: view.statuses, created: within ? { within, from: view.created?.from, to: view.created?.to } : null },
    now,
  );
  return {
    filter: result.ok ? result.filter : '',
    filterProblem: result.ok ? undefined : result.problem.message,
    orderBy: buildOrderBy(view.sort),
    runViewType: view.viewType,
    selectedRunIds: view.selection === 'all' ? [] : view.selection,
    pinnedRunIds: pinnedList,
  };
}

/**
 * Starts the runs query and the first charts' bucket requests while the page renders (not awaited:
 * navigation does not wait for data).
 */
export function loader(args: LoaderFunctionArgs): null {
  // Best effort: nothing here may fail the navigation (the page asks for what it lacks).
  startChartRequests(appQueryClient, args).catch(() => undefined);
  return null;
}

async function startChartRequests(queryClient: QueryClient, { params, request }: LoaderFunctionArgs): Promise<void> {
  const url = new URL(request.url);
  const ids = splitExperimentIds(params.experimentIds);
  const view = decodeRunsViewState(url.searchParams);
  const pinned = url.searchParams.get(PINNED_RUNS_PARAM) ?? parseJson(readStorage(pinnedRunsKey(params.experimentIds ?? '')));
  const pinnedList = typeof pinned === 'string' ? pinned.split(',').filter(Boolean) : Array.isArray(pinned) ? pinned : [];
  const source = chartRunsSource(
    view,
    view.filter || (url.searchParams.get('filter') ?? ''),
    pinnedList.filter((id): id is string => typeof id === 'string'),
    minuteNow(),
  );
  await prefetchChartView(queryClient, {
    experimentIds: ids,
    runs: chartRunsQuery(ids, source),
    limit: chartRunsLimit(url.searchParams),
    searchParams: url.searchParams,
    viewportWidth: document.documentElement.clientWidth,
  });
}

/** The loader only starts requests: chart settings changing in the URL (zoom, smoothing...) need no rerun. */
export function shouldRevalidate({ currentUrl, nextUrl }: ShouldRevalidateFunctionArgs): boolean {
  return currentUrl.pathname !== nextUrl.pathname;
}

/**
 * `/experiments/1,2/charts`: the same header and runs as the table, drawn as charts. The runs
 * table's URL state (filter, quick filters, sort, view, selection) and pinned runs decide which
 * runs are charted, so the two tabs read as one page with two views.
 */
export function Component() {
  const { experimentIds } = useParams();
  const ids = splitExperimentIds(experimentIds);
  const key = ids.join(',');
  const [view, updateView] = useRunsViewState();
  const { pinnedList } = usePinnedRuns(experimentIds ?? '');
  // Older links to the charts carried an MLflow filter as `filter`; the table's `q` wins.
  const [params] = useSearchParams();
  const typed = view.filter || (params.get('filter') ?? '');

  // The created-within cut-off is fixed per quick-filter choice (as in the table), so the query
  // key does not change every render.
  const within = view.created?.within;
  const now = useMemo(() => {
    void within;
    return minuteNow();
  }, [within]);
  const statusKey = view.statuses.join(',');
  const selectionKey = view.selection === 'all' ? '' : view.selection.join(',');
  const pinnedKey = pinnedList.join(',');
  const source = useMemo<ChartRunsSource>(
    () => chartRunsSource(view, typed, pinnedList, now),
    // The keys stand for the arrays they were made from.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [
      typed,
      statusKey,
      within,
      view.created?.from,
      view.created?.to,
      now,
      view.sort?.columnId,
      view.sort?.descending,
      view.viewType,
      selectionKey,
      pinnedKey,
    ],
  );
  const clearSelection = useCallback(() => updateView({ selection: [] }, { replace: true }), [updateView]);

  return (
    <ExperimentsFound ids={ids}>
      <PanelErrorBoundary title="The experiment header failed" resetKey={key}>
        <ExperimentHeader ids={ids} />
      </PanelErrorBoundary>
      <ExperimentViewTabs experimentIds={experimentIds ?? key} active="charts" />
      <PanelErrorBoundary title="The charts failed" resetKey={key}>
        <ChartsPage source={source} onClearSelection={clearSelection} />
      </PanelErrorBoundary>
    </ExperimentsFound>
  );
}
