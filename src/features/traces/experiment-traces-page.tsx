// An experiment's Traces tab: the traces of the experiment(s), searched and sorted on the server
// with MLflow's trace filter grammar (`tags.team = 'search' AND attributes.status = 'ERROR'`,
// `attributes.execution_time_ms > 1000`, `request_metadata.\`mlflow.sourceRun\` = '…'`), in a
// virtualized table that loads pages of 100 as the user scrolls. Filter and order are in the URL.
import { useCallback, useMemo } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { useDocumentTitle } from '../../components/document-title/use-document-title';
import { EmptyState } from '../../components/empty-state/empty-state';
import { ErrorPanel } from '../../components/error-view';
import { isFilterRefusal, SearchToolbar, type SearchToolbarOrder } from '../../components/search-toolbar';
import { SkeletonLines } from '../../components/skeleton/skeleton';
import { paths } from '../../config/paths';
import { useRunsByIds } from '../../entities/runs/api/search-runs';
import { useTracesPages, type TraceInfo, type TraceOrder } from '../../entities/traces';
import { isMissingEndpoint } from '../../lib/api-client';
import { TracesTable } from './components/traces-table';
import { TRACES_FILTER_PARAM, TRACES_ORDER_PARAM, tracesSearchFromUrl } from './prefetch-traces';
import './traces.css';

/** Run names are looked up for at most this many distinct runs (one runs/search). */
const RUN_NAMES_LIMIT = 250;

const ORDERS: SearchToolbarOrder<TraceOrder>[] = [
  { value: 'time-desc', label: 'Newest first' },
  { value: 'time-asc', label: 'Oldest first' },
  { value: 'latency-desc', label: 'Slowest first' },
  { value: 'latency-asc', label: 'Fastest first' },
];

export function ExperimentTracesPage({ experimentIds }: { experimentIds: readonly string[] }) {
  useDocumentTitle('Traces');
  const navigate = useNavigate();
  const [searchParams, setSearchParams] = useSearchParams();
  const idsKey = experimentIds.join(',');
  // The same decoding as the route loader's prefetch, so the page finds its first page in flight.
  const { filter, order } = tracesSearchFromUrl([], searchParams);
  const params = useMemo(() => ({ experimentIds: idsKey.split(','), filter, order }), [idsKey, filter, order]);
  const pages = useTracesPages(params);
  const traces = useMemo(() => pages.data?.pages.flatMap((page) => page.traces) ?? [], [pages.data]);

  const runIds = useMemo(() => {
    const ids = new Set<string>();
    for (const trace of traces) {
      if (trace.runId) ids.add(trace.runId);
      if (ids.size >= RUN_NAMES_LIMIT) break;
    }
    return [...ids].sort();
  }, [traces]);
  const runs = useRunsByIds(runIds, params.experimentIds, { enabled: runIds.length > 0 });
  const runNames = useMemo(() => new Map((runs.data ?? []).map((run) => [run.runId, run.runName || run.runId.slice(0, 8)])), [runs.data]);

  const update = useCallback(
    (changes: Record<string, string>) => {
      setSearchParams((current) => {
        const next = new URLSearchParams(current);
        for (const [key, value] of Object.entries(changes)) {
          if (value) next.set(key, value);
          else next.delete(key);
        }
        return next;
      });
    },
    [setSearchParams],
  );
  const onOrderChange = useCallback((next: TraceOrder) => update({ [TRACES_ORDER_PARAM]: next === 'time-desc' ? '' : next }), [update]);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = pages;
  const onEndReached = useCallback(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);
  const onOpen = useCallback((trace: TraceInfo) => void navigate(paths.trace(trace.experimentId, trace.traceId)), [navigate]);

  // A refused filter is reported by the toolbar, next to the filter.
  const filterRefused = pages.isError && isFilterRefusal(pages.error, filter);
  let body;
  if (filterRefused && traces.length === 0) {
    body = null;
  } else if (pages.isError && traces.length === 0) {
    body = isMissingEndpoint(pages.error) ? (
      <EmptyState title="This tracking server has no trace API">Traces need MLflow 2.14 or later on the server.</EmptyState>
    ) : (
      <ErrorPanel error={pages.error} title="Could not load the traces" onRetry={() => void pages.refetch()} />
    );
  } else if (pages.isPending) {
    body = <SkeletonLines lines={8} label="Loading traces" />;
  } else if (traces.length === 0 && !pages.isError) {
    // No empty table: an empty scroll area would be a focus stop with nothing in it.
    body = (
      <EmptyState title={filter ? 'No trace matches' : 'No traces yet'}>
        {filter
          ? 'Change or clear the filter.'
          : 'Traces logged with @mlflow.trace, mlflow.start_span or an autolog integration appear here.'}
      </EmptyState>
    );
  } else {
    const footer = isFetchingNextPage ? (
      <span className="muted">Loading more traces…</span>
    ) : traces.length > 0 ? (
      <span className="muted">
        {traces.length.toLocaleString('en-US')} traces{hasNextPage ? ' loaded; scroll for more' : ''}
      </span>
    ) : null;
    body = (
      <>
        {pages.isError && !filterRefused && (
          <ErrorPanel error={pages.error} title="Could not load the traces" onRetry={() => void pages.refetch()} />
        )}
        <TracesTable
          traces={traces}
          order={order}
          onOrderChange={onOrderChange}
          onEndReached={onEndReached}
          onOpen={onOpen}
          runNames={runNames}
          searchKey={`${filter}|${order}`}
          footer={footer}
        />
      </>
    );
  }

  return (
    <section className="traces-page" aria-label="Traces">
      <SearchToolbar
        label="Filter traces"
        placeholder="tags.team = 'search' AND attributes.status = 'ERROR' AND attributes.execution_time_ms > 1000"
        filter={filter}
        onFilterChange={(next) => update({ [TRACES_FILTER_PARAM]: next })}
        orders={ORDERS}
        order={order}
        onOrderChange={onOrderChange}
        error={pages.error}
      />
      {body}
    </section>
  );
}
