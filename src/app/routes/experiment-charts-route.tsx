import { useCallback, useMemo } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { PanelErrorBoundary } from '../../components/error-view';
import { ChartsPage, type ChartRunsSource } from '../../features/charts/charts-page';
import { ExperimentHeader } from '../../features/experiments/components/experiment-header';
import { usePinnedRuns } from '../../features/runs/hooks/use-run-marks';
import { useRunsViewState } from '../../features/runs/runs-url-state';
import { buildOrderBy, buildSearchFilter } from '../../features/runs/utils/filter-translation';
import { splitExperimentIds } from '../experiment-ids';
import { ExperimentViewTabs } from './experiment-view-tabs';
import { ExperimentsFound } from './experiments-found';

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
  const from = view.created?.from;
  const to = view.created?.to;
  const now = useMemo(() => {
    void within;
    return Math.floor(Date.now() / 60_000) * 60_000;
  }, [within]);
  const statusKey = view.statuses.join(',');
  const selectionKey = view.selection === 'all' ? '' : view.selection.join(',');
  const pinnedKey = pinnedList.join(',');
  const source = useMemo<ChartRunsSource>(() => {
    const statuses = view.statuses;
    const result = buildSearchFilter({ filter: typed, statuses, created: within ? { within, from, to } : null }, now);
    return {
      filter: result.ok ? result.filter : '',
      filterProblem: result.ok ? undefined : result.problem.message,
      orderBy: buildOrderBy(view.sort),
      runViewType: view.viewType,
      selectedRunIds: selectionKey ? selectionKey.split(',') : [],
      pinnedRunIds: pinnedKey ? pinnedKey.split(',') : [],
    };
    // The keys stand for the arrays they were made from.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [typed, statusKey, within, from, to, now, view.sort?.columnId, view.sort?.descending, view.viewType, selectionKey, pinnedKey]);
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
