// The runs page of one or more experiments (`/experiments/1,2`): filter box, quick filters,
// column choice, selection actions and the virtualized, server-sorted, server-paged table.
// Everything a user may share lives in the URL (see runs-url-state.ts).
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type ReactNode, type RefObject } from 'react';
import { useNavigate, useParams } from 'react-router';
import { ConfirmDialog } from '../../components/dialog';
import { EmptyState } from '../../components/empty-state/empty-state';
import { ErrorPanel } from '../../components/error-view';
import { SkeletonLines } from '../../components/skeleton/skeleton';
import { useToast } from '../../components/toast';
import type { VisibleRange } from '../../components/data-table/data-table';
import { MlflowApiError } from '../../lib/api-client';
import { METRIC_RANGES_MAX_RUNS, useMetricRanges } from './api/get-metric-ranges';
import { MODEL_VERSIONS_RUN_CHUNK, useModelVersionsForRuns } from '../../entities/registry/api/search-model-versions';
import { searchAllRuns } from '../../entities/runs/api/search-runs';
import { AddTagDialog } from './components/add-tag-dialog';
import { ColumnChooser } from './components/column-chooser';
import { FilterBox } from './components/filter-box';
import { QuickFilters } from './components/quick-filters';
import { useRunColorInput } from './components/run-color-input';
import { RunsTable, type RunsTableMeta } from './components/runs-table';
import { SelectionBar } from './components/selection-bar';
import { useColumnLayout } from './hooks/use-column-layout';
import { useCsvExport } from './hooks/use-csv-export';
import { useHiddenRuns, usePinnedRuns, useRunColors } from './hooks/use-run-marks';
import { useRunActions, type RunActionRequest } from './hooks/use-run-actions';
import { useRunsData } from './hooks/use-runs-data';
import { filterClock, runsSearchFromView, splitRunsExperimentIds, useRunsViewState } from './runs-url-state';
import { columnGroupOf, parseColumnId, type ColumnGroupId } from './utils/column-ids';
import { isComparableColumn } from './utils/column-diff';
import { distinctValues, type FilterValueLookup } from './utils/filter-autocomplete';
import { selectRange, toggleId } from './utils/selection-range';
import { METRIC_AGGREGATES, type MetricAggregate } from './runs-url-state';
import { experimentResource, useAccess } from '../../lib/auth/current-user';
import './runs-page.css';
import { paths } from '../../config/paths';

/** Rows per chunk for on-demand lookups (min/max history, registered models). */
const LOOKUP_CHUNK = 50;
/** Above this many loaded runs, the header checkbox selects every matching run instead. */
const MAX_EXPLICIT_SELECTION = 300;
const MAX_COMPARE = 100;
const NO_IDS: string[] = [];

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let index = 0; index < items.length; index += size) chunks.push(items.slice(index, index + size));
  return chunks;
}

/** Height for the table: from its top to the bottom of the window. */
function useFillHeight(): [RefObject<HTMLDivElement | null>, number] {
  const ref = useRef<HTMLDivElement>(null);
  const [height, setHeight] = useState(560);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return undefined;
    const measure = () => {
      const top = element.getBoundingClientRect().top + window.scrollY;
      setHeight(Math.max(320, Math.floor(window.innerHeight - top - 16)));
    };
    measure();
    const observer = new ResizeObserver(measure);
    if (element.parentElement) observer.observe(element.parentElement);
    window.addEventListener('resize', measure);
    return () => {
      observer.disconnect();
      window.removeEventListener('resize', measure);
    };
  }, []);
  return [ref, height];
}

function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

export interface RunsPageProps {
  /** Rendered above the filter box with the table's column widths (the route composes saved views here). */
  renderViewControls?: (columns: { widths: Record<string, number>; setWidths: (widths: Record<string, number>) => void }) => ReactNode;
}

export function RunsPage({ renderViewControls }: RunsPageProps = {}) {
  const { experimentIds: experimentIdsParam } = useParams();
  const experimentIdsKey = experimentIdsParam ?? '';
  const experimentIds = useMemo(() => splitRunsExperimentIds(experimentIdsKey), [experimentIdsKey]);
  const [view, updateView] = useRunsViewState();
  const navigate = useNavigate();
  const toast = useToast();
  const now = useNow(30_000);

  // The created-within cut-off is fixed when the quick filter (or the page) changes, so the
  // query key does not change every render.
  const createdWithin = view.created?.within;
  const createdFrom = view.created?.from;
  const createdTo = view.created?.to;
  const filterNow = useMemo(() => {
    void createdWithin;
    return filterClock();
  }, [createdWithin]);
  const filterResult = useMemo(
    () =>
      runsSearchFromView(
        experimentIds,
        { filter: view.filter, statuses: view.statuses, created: createdWithin ? { within: createdWithin, from: createdFrom, to: createdTo } : null, sort: view.sort, viewType: view.viewType },
        filterNow,
      ),
    [experimentIds, view.filter, view.statuses, createdWithin, createdFrom, createdTo, view.sort, view.viewType, filterNow],
  );
  const searchParams = filterResult.params;

  const experimentResources = useMemo(() => experimentIds.map(experimentResource), [experimentIds]);
  const canDeleteRuns = useAccess(experimentResources, 'delete');
  const canTagRuns = useAccess(experimentResources, 'update');
  const { pinned, pinnedList, togglePinned } = usePinnedRuns(experimentIdsKey);
  const { hidden, toggleHidden } = useHiddenRuns(experimentIdsKey);
  const [colors, setColor] = useRunColors();
  const { input: colorInput, open: openColorInput } = useRunColorInput(setColor);

  const { main, items, keys, differing } = useRunsData({
    params: searchParams,
    enabled: filterResult.ok && experimentIds.length > 0,
    pinnedRunIds: pinnedList,
    expanded: view.expanded,
    computeDiff: view.onlyDiffering,
  });

  const columnLayout = useColumnLayout(experimentIdsKey, view, updateView, keys);
  const shownColumns = useMemo(
    () => (view.onlyDiffering ? columnLayout.columns.filter((id) => !isComparableColumn(id) || differing.has(id)) : columnLayout.columns),
    [view.onlyDiffering, columnLayout.columns, differing],
  );
  const groupCounts = useMemo<Record<ColumnGroupId, number>>(() => {
    const counts: Record<ColumnGroupId, number> = { attributes: 0, metrics: 0, params: 0, tags: 0 };
    for (const id of shownColumns) counts[columnGroupOf(id) ?? 'attributes'] += 1;
    return counts;
  }, [shownColumns]);

  // Rows on screen, in chunks, for the lookups made only for visible rows.
  const [chunkRange, setChunkRange] = useState<[number, number]>([0, 0]);
  const onVisibleRangeChange = useCallback((range: VisibleRange) => {
    const next: [number, number] = [Math.floor(range.start / LOOKUP_CHUNK), Math.floor(Math.max(range.end, 0) / LOOKUP_CHUNK)];
    setChunkRange((previous) => (previous[0] === next[0] && previous[1] === next[1] ? previous : next));
  }, []);
  // Same ids, same array: a new page below the screen must not disturb the lookups.
  const previousChunks = useRef<string[][]>([]);
  const visibleChunks = useMemo(() => {
    const chunks: string[][] = [];
    for (let index = chunkRange[0]; index <= chunkRange[1]; index += 1) {
      const ids: string[] = [];
      for (const item of items.slice(index * LOOKUP_CHUNK, (index + 1) * LOOKUP_CHUNK)) if (item.kind === 'run') ids.push(item.run.runId);
      chunks.push(...chunk(ids, Math.min(METRIC_RANGES_MAX_RUNS, MODEL_VERSIONS_RUN_CHUNK)));
    }
    if (JSON.stringify(chunks) === JSON.stringify(previousChunks.current)) return previousChunks.current;
    previousChunks.current = chunks;
    return chunks;
  }, [chunkRange, items]);
  const collapsedGroups = columnLayout.layout.collapsed;
  const visibleMetricKeys = useMemo(
    () =>
      collapsedGroups.includes('metrics')
        ? []
        : shownColumns.flatMap((id) => {
            const parsed = parseColumnId(id);
            return parsed?.kind === 'metrics' ? [parsed.key] : [];
          }),
    [shownColumns, collapsedGroups],
  );
  const metricRanges = useMetricRanges(visibleChunks, visibleMetricKeys, view.metricAggregate !== 'last');
  const registeredVisible = shownColumns.includes('registered') && !collapsedGroups.includes('attributes');
  const modelVersions = useModelVersionsForRuns(visibleChunks, registeredVisible);

  // Selection
  const displayedRunIds = useMemo(() => items.flatMap((item) => (item.kind === 'run' ? [item.run.runId] : [])), [items]);
  const selectedList = view.selection === 'all' ? NO_IDS : view.selection;
  const selected = useMemo(() => new Set(selectedList), [selectedList]);
  const allMatchingSelected = view.selection === 'all';
  const anchor = useRef<string | null>(null);
  const setSelection = useCallback((selection: string[] | 'all') => updateView({ selection }, { replace: true }), [updateView]);
  // Handlers read the latest rows and selection through a ref, so they (and the table meta)
  // keep their identity while pages load: rows on screen then skip re-rendering.
  const latest = useRef({ displayedRunIds, selectedList, selected, allMatchingSelected });
  useLayoutEffect(() => {
    latest.current = { displayedRunIds, selectedList, selected, allMatchingSelected };
  });

  const onToggleSelect = useCallback(
    (runId: string, range: boolean) => {
      const current = latest.current;
      let next: string[];
      if (current.allMatchingSelected) next = current.displayedRunIds.filter((id) => id !== runId);
      else if (range && anchor.current) next = selectRange(current.displayedRunIds, current.selectedList, anchor.current, runId, !current.selected.has(runId));
      else next = toggleId(current.selectedList, runId);
      anchor.current = runId;
      setSelection(next);
    },
    [setSelection],
  );
  const onToggleAllLoaded = useCallback(
    (select: boolean) => {
      const ids = latest.current.displayedRunIds;
      anchor.current = null;
      if (!select) setSelection([]);
      else if (ids.length > MAX_EXPLICIT_SELECTION) setSelection('all');
      else setSelection([...new Set(ids)]);
    },
    [setSelection],
  );
  // Cells and the select-all header read the rows on hand while they render (a run's colour is
  // its place among them), so this ref follows each render rather than the committed one: read
  // from `latest`, the first rows of a page got the previous page's list and all one colour.
  const renderedRunIds = useRef(displayedRunIds);
  renderedRunIds.current = displayedRunIds;
  const getLoadedRunIds = useCallback(() => renderedRunIds.current, []);
  // Filter-box value completions scan the rows on hand when asked (a keystroke), not every render.
  const itemsRef = useRef(items);
  itemsRef.current = items;
  const valuesOf = useCallback<FilterValueLookup>(
    (kind, key) => distinctValues(itemsRef.current.flatMap((item) => (item.kind === 'run' ? [item.run] : [])), kind, key),
    [],
  );

  const onToggleExpand = useCallback(
    (runId: string) => updateView((current) => ({ expanded: current.expanded.includes(runId) ? current.expanded.filter((id) => id !== runId) : [...current.expanded, runId] }), { replace: true }),
    [updateView],
  );

  const meta = useMemo<RunsTableMeta>(
    () => ({
      now,
      colors,
      hidden,
      pinned,
      selected,
      allMatchingSelected,
      getLoadedRunIds,
      navigate: (to: string) => void navigate(to),
      metricAggregate: view.metricAggregate,
      metricRanges: metricRanges.ranges,
      metricRangesLoading: metricRanges.loading,
      modelVersions,
      modelVersionsLoading: false,
      onToggleSelect,
      onToggleAllLoaded,
      onToggleExpand,
      onToggleHidden: toggleHidden,
      onTogglePinned: togglePinned,
      onPickColor: openColorInput,
    }),
    [now, colors, hidden, pinned, selected, allMatchingSelected, getLoadedRunIds, navigate, view.metricAggregate, metricRanges, modelVersions, onToggleSelect, onToggleAllLoaded, onToggleExpand, toggleHidden, togglePinned, openColorInput],
  );

  // Actions
  const actions = useRunActions(
    searchParams,
    useCallback(
      (request: RunActionRequest, runIds: readonly string[]) => {
        if (request.action.kind === 'tag') return;
        const gone = new Set(runIds);
        updateView((current) => ({ selection: current.selection === 'all' ? [] : current.selection.filter((id) => !gone.has(id)) }), { replace: true });
      },
      [updateView],
    ),
  );
  const [confirming, setConfirming] = useState<'delete' | 'restore' | null>(null);
  const [tagging, setTagging] = useState(false);
  const selectionCount = allMatchingSelected ? 'all' : selectedList.length;
  const selectionLabel = allMatchingSelected ? 'all matching runs' : `${selectedList.length} run${selectedList.length === 1 ? '' : 's'}`;
  const requestIds = allMatchingSelected ? ('all' as const) : selectedList;

  const onCompare = useCallback(async () => {
    let ids = selectedList;
    if (allMatchingSelected) {
      try {
        ids = (await searchAllRuns(searchParams, { limit: MAX_COMPARE })).runs.map((run) => run.runId);
      } catch (error) {
        toast.error(`Could not list the runs to compare: ${error instanceof Error ? error.message : 'unknown error'}`);
        return;
      }
    }
    if (ids.length > MAX_COMPARE) toast.error(`Comparing the first ${MAX_COMPARE} of ${ids.length} runs`);
    void navigate(paths.compare(ids.slice(0, MAX_COMPARE)));
  }, [allMatchingSelected, navigate, searchParams, selectedList, toast]);

  const csv = useCsvExport(searchParams, shownColumns, `runs-${experimentIds.join('_') || 'none'}`);

  const setAggregate = (metricAggregate: MetricAggregate) => updateView({ metricAggregate }, { replace: true });

  const [tableRef, tableHeight] = useFillHeight();

  const onEndReached = useCallback(() => {
    if (main.hasNextPage && !main.isFetchingNextPage && !main.isFetching) void main.fetchNextPage({ cancelRefetch: false });
  }, [main]);

  const loadedCount = displayedRunIds.length;
  const serverError = main.error instanceof MlflowApiError && main.error.status === 400 ? main.error.message : null;
  const statusText = !filterResult.ok
    ? 'Fix the filter to search'
    : main.isPending
      ? 'Loading runs…'
      : `${loadedCount.toLocaleString()} run${loadedCount === 1 ? '' : 's'}${main.hasNextPage ? ' loaded, more on scroll' : ''}`;

  const footer = main.isFetchingNextPage ? (
    <span role="status">Loading more runs…</span>
  ) : main.hasNextPage && loadedCount > 0 ? (
    <button type="button" className="btn btn-sm" onClick={() => void main.fetchNextPage()}>
      Load more runs
    </button>
  ) : null;

  const empty = !filterResult.ok ? (
    <EmptyState title="Fix the filter to see runs">The filter has a syntax error (see above); nothing was sent to the server.</EmptyState>
  ) : main.isPending ? (
    <SkeletonLines lines={8} label="Loading runs" />
  ) : main.error && !serverError ? (
    <ErrorPanel error={main.error} title="Could not load runs" onRetry={() => void main.refetch()} />
  ) : (
    <EmptyState title={view.filter || view.statuses.length || view.created ? 'No runs match' : 'No runs yet'}>
      {view.filter || view.statuses.length || view.created
        ? 'Try another filter or clear the quick filters.'
        : view.viewType === 'DELETED_ONLY'
          ? 'No deleted runs in this experiment.'
          : 'Runs logged to this experiment appear here.'}
    </EmptyState>
  );

  return (
    <section className="rb-runs-page" aria-label="Runs">
      <div className="rb-runs-controls">
        {renderViewControls?.({ widths: columnLayout.sizing, setWidths: (widths) => columnLayout.onSizingChange(widths) })}
        <FilterBox value={view.filter} onApply={(filter) => updateView({ filter, selection: [] })} keys={keys} valuesOf={valuesOf} serverError={serverError} />
        <div className="rb-runs-toolbar">
          <QuickFilters
            statuses={view.statuses}
            onStatusesChange={(statuses) => updateView({ statuses, selection: [] })}
            created={view.created}
            onCreatedChange={(created) => updateView({ created, selection: [] })}
            viewType={view.viewType}
            onViewTypeChange={(viewType) => updateView({ viewType, selection: [] })}
          />
          <div className="rb-runs-toolbar-end">
            <ColumnChooser
              keys={keys}
              columns={columnLayout.columns}
              onColumnsChange={(columns) => columnLayout.setLayout({ ...columnLayout.layout, columns })}
              onReset={() => {
                columnLayout.setLayout({ columns: null, pinned: [], collapsed: [] });
                columnLayout.resetWidths();
              }}
              hiddenByDiff={columnLayout.columns.length - shownColumns.length}
            />
            <button type="button" className="btn btn-sm" aria-pressed={view.onlyDiffering} onClick={() => updateView({ onlyDiffering: !view.onlyDiffering }, { replace: true })}>
              {view.onlyDiffering ? '✓ ' : ''}Only columns that differ
            </button>
            <div className="segmented" role="group" aria-label="Metric value">
              {METRIC_AGGREGATES.map((aggregate) => (
                <button key={aggregate} type="button" aria-pressed={view.metricAggregate === aggregate} onClick={() => setAggregate(aggregate)} title={`Show the ${aggregate === 'last' ? 'latest' : aggregate} value of each metric`}>
                  {aggregate === 'last' ? 'Last' : aggregate === 'min' ? 'Min' : 'Max'}
                </button>
              ))}
            </div>
            {csv.progress === null ? (
              <button type="button" className="btn btn-sm" onClick={() => void csv.start()} disabled={!filterResult.ok || loadedCount === 0}>
                Export CSV
              </button>
            ) : (
              <button type="button" className="btn btn-sm" onClick={csv.cancel}>
                <span role="status">Exporting {csv.progress.toLocaleString()}…</span> Cancel
              </button>
            )}
          </div>
        </div>
        <div className="rb-runs-status">
          <span className="muted" role="status" data-testid="runs-status">
            {statusText}
          </span>
          {main.isFetching && !main.isPending && !main.isFetchingNextPage && <span className="rb-refreshing muted">Refreshing…</span>}
          {selectionCount !== 0 && (
            <SelectionBar
              selection={selectionCount}
              viewType={view.viewType}
              busy={actions.isPending}
              canSelectAllMatching={main.hasNextPage || selectedList.length < loadedCount}
              onSelectAllMatching={() => setSelection('all')}
              onClear={() => setSelection([])}
              onCompare={() => void onCompare()}
              onDelete={() => setConfirming('delete')}
              onRestore={() => setConfirming('restore')}
              onAddTag={() => setTagging(true)}
              deleteDenied={canDeleteRuns.reason}
              tagDenied={canTagRuns.reason}
            />
          )}
        </div>
      </div>
      <div ref={tableRef} className="rb-runs-table-wrap">
        <RunsTable
          items={filterResult.ok ? items : []}
          columns={shownColumns}
          layout={columnLayout.layout}
          onLayoutChange={columnLayout.setLayout}
          sizing={columnLayout.sizing}
          onSizingChange={columnLayout.onSizingChange}
          sort={view.sort}
          onSortChange={(sort) => updateView({ sort })}
          groupCounts={groupCounts}
          meta={meta}
          height={tableHeight}
          onVisibleRangeChange={onVisibleRangeChange}
          onEndReached={onEndReached}
          footer={footer}
          empty={empty}
          searchKey={JSON.stringify(searchParams)}
        />
      </div>
      {colorInput}
      {confirming && (
        <ConfirmDialog
          title={confirming === 'delete' ? `Delete ${selectionLabel}?` : `Restore ${selectionLabel}?`}
          confirmLabel={confirming === 'delete' ? 'Delete' : 'Restore'}
          danger={confirming === 'delete'}
          busy={actions.isPending}
          onCancel={() => setConfirming(null)}
          onConfirm={() => {
            const action = confirming === 'delete' ? ({ kind: 'delete' } as const) : ({ kind: 'restore' } as const);
            setConfirming(null);
            actions.mutate({ action, runIds: requestIds });
          }}
        >
          {confirming === 'delete'
            ? 'Deleted runs move to the Deleted view and can be restored until the server garbage-collects them.'
            : 'The runs go back to the Active view.'}
        </ConfirmDialog>
      )}
      {tagging && (
        <AddTagDialog
          count={selectionLabel}
          busy={actions.isPending}
          onClose={() => setTagging(false)}
          onSubmit={(key, value) => {
            setTagging(false);
            actions.mutate({ action: { kind: 'tag', key, value }, runIds: requestIds });
          }}
        />
      )}
    </section>
  );
}
