// POST runs/search: the one client module for it. One page (MLflow returns a token whenever a
// page is full, so the last page may be empty), every page up to a limit, a fixed set of runs by
// id, and the query factories and hooks each feature selects from: the runs table's infinite
// list, the first N runs (charts), the children of a parent, runs by id (pinned, compare), and
// "does the experiment have runs".
import {
  infiniteQueryOptions,
  queryOptions,
  useInfiniteQuery,
  useQuery,
  useQueryClient,
  type InfiniteData,
  type QueryClient,
} from '@tanstack/react-query';
import { apiPost } from '../../../lib/api-client';
import { LIVE_REFETCH_MS } from '../../../lib/live-refetch';
import type { Run as WireRun, ViewType } from '../../../lib/mlflow/wire-types';
import { searchAllExperimentIds } from '../../experiments/api/search-experiments';
import { runKeys } from '../run-keys';
import { toRun, type Run } from '../run-model';
import { childRunsFilter, runIdsFilter, type SearchRunsParams } from '../run-search-params';

export type { SearchRunsParams } from '../run-search-params';

/**
 * The first page is smaller, so the first rows show sooner (with 40 values per run, 200 runs are
 * ~450 KB of JSON for the server to build and the page to parse; ~30 rows fit on a screen);
 * later pages are larger.
 */
export const FIRST_PAGE_SIZE = 100;
export const RUNS_PAGE_SIZE = 500;
export const CHILD_RUNS_LIMIT = 1000;
/** Ids per `run_id IN (...)` request. */
export const RUN_ID_CHUNK = 250;
/** runs/search's largest page. */
const MAX_PAGE = 1000;

export interface SearchRunsRequest extends SearchRunsParams {
  maxResults: number;
  pageToken?: string;
}

export interface RunsPage {
  runs: Run[];
  nextPageToken?: string;
}

export interface RunsList {
  runs: Run[];
  /** More runs match than were fetched. */
  truncated: boolean;
}

interface SearchRunsResponse {
  runs?: WireRun[];
  next_page_token?: string;
}

export async function searchRuns(request: SearchRunsRequest, signal?: AbortSignal): Promise<RunsPage> {
  const response = await apiPost<SearchRunsResponse>(
    '/runs/search',
    {
      experiment_ids: request.experimentIds,
      filter: request.filter || undefined,
      run_view_type: request.runViewType,
      max_results: request.maxResults,
      order_by: request.orderBy.length > 0 ? request.orderBy : undefined,
      page_token: request.pageToken || undefined,
    },
    { signal },
  );
  const page: RunsPage = { runs: (response.runs ?? []).map(toRun) };
  if (response.next_page_token) page.nextPageToken = response.next_page_token;
  return page;
}

/** Reads every page (up to `limit` runs); `onPage` sees each page as it arrives. */
export async function searchAllRuns(
  params: SearchRunsParams,
  options: { signal?: AbortSignal; limit?: number; pageSize?: number; onPage?: (runs: Run[], total: number) => void } = {},
): Promise<RunsList> {
  const limit = options.limit ?? Infinity;
  const runs: Run[] = [];
  let pageToken: string | undefined;
  do {
    const page = await searchRuns(
      { ...params, maxResults: Math.min(options.pageSize ?? MAX_PAGE, limit - runs.length), pageToken },
      options.signal,
    );
    runs.push(...page.runs);
    options.onPage?.(page.runs, runs.length);
    pageToken = page.nextPageToken;
  } while (pageToken && runs.length < limit);
  return { runs, truncated: pageToken !== undefined && runs.length >= limit };
}

/**
 * A fixed set of runs whatever their lifecycle, in the order given (missing ids are left out).
 * Without experiment ids it searches every experiment, as a URL naming only runs needs.
 */
export async function searchRunsByIds(
  runIds: readonly string[],
  experimentIds: readonly string[] | undefined,
  signal?: AbortSignal,
): Promise<Run[]> {
  if (runIds.length === 0) return [];
  const experiments = experimentIds ?? (await searchAllExperimentIds(signal));
  const chunks: string[][] = [];
  for (let i = 0; i < runIds.length; i += RUN_ID_CHUNK) chunks.push(runIds.slice(i, i + RUN_ID_CHUNK));
  const pages = await Promise.all(
    chunks.map((chunk) =>
      searchRuns(
        { experimentIds: experiments, filter: runIdsFilter(chunk), orderBy: [], runViewType: 'ALL', maxResults: chunk.length },
        signal,
      ),
    ),
  );
  const byId = new Map(pages.flatMap((page) => page.runs).map((run) => [run.runId, run]));
  return runIds.map((id) => byId.get(id)).filter((run): run is Run => run !== undefined);
}

const anyRunning = (runs: readonly Run[] | undefined) => runs?.some((run) => run.status === 'RUNNING') ?? false;

/** How often a list showing a RUNNING run refreshes (the app's live interval: values within 2 s); never otherwise. */
export const LIVE_REFRESH_MS = LIVE_REFETCH_MS;

export function runsPagesQueryOptions(params: SearchRunsParams) {
  return infiniteQueryOptions({
    queryKey: runKeys.pages(params),
    queryFn: ({ pageParam, signal }) =>
      searchRuns({ ...params, maxResults: pageParam ? RUNS_PAGE_SIZE : FIRST_PAGE_SIZE, pageToken: pageParam }, signal),
    initialPageParam: '',
    getNextPageParam: (lastPage: RunsPage) => lastPage.nextPageToken || undefined,
  });
}

export type RunsInfiniteData = InfiniteData<RunsPage, string>;

/** The runs table's list: pages loaded as the user scrolls. */
export function useRunsPages(
  params: SearchRunsParams,
  options: { enabled: boolean; refetchInterval: (data: RunsInfiniteData | undefined) => number | false },
) {
  // Start the first request while the page renders rather than after it commits: the rest of
  // the page renders while the server answers.
  const queryClient = useQueryClient();
  const pagesOptions = runsPagesQueryOptions(params);
  if (options.enabled && !queryClient.getQueryState(pagesOptions.queryKey)) {
    queryClient.prefetchInfiniteQuery(pagesOptions).catch(() => undefined);
  }
  return useInfiniteQuery({
    ...pagesOptions,
    enabled: options.enabled,
    refetchInterval: (query) => options.refetchInterval(query.state.data),
    // Keep showing the previous rows while a new filter or sort loads.
    placeholderData: (previous) => previous,
  });
}

/** The first `maxResults` runs of a search, in the search's order. */
export function runsListQueryOptions(params: SearchRunsParams, maxResults: number) {
  return queryOptions({
    queryKey: runKeys.list(params, maxResults),
    queryFn: async ({ signal }) => (await searchAllRuns(params, { signal, limit: maxResults })).runs,
  });
}

/** The first runs of a search; refreshed while one of them is RUNNING. */
export function useRunsList(params: SearchRunsParams, maxResults: number, options: { enabled?: boolean } = {}) {
  return useQuery({
    ...runsListQueryOptions(params, maxResults),
    enabled: options.enabled ?? true,
    refetchInterval: (query) => (anyRunning(query.state.data) ? LIVE_REFRESH_MS : false),
  });
}

/** Children of one parent run (tag `mlflow.parentRunId`), within the search's filter and order. */
export function childRunsQueryOptions(parentRunId: string, params: SearchRunsParams, limit = CHILD_RUNS_LIMIT) {
  return queryOptions({
    queryKey: runKeys.children(parentRunId, params, limit),
    queryFn: ({ signal }): Promise<RunsList> =>
      searchAllRuns(
        { ...params, filter: childRunsFilter(parentRunId, params.filter) },
        { signal, limit, pageSize: Math.min(limit, MAX_PAGE) },
      ),
  });
}

export function useChildRuns(parentRunId: string, params: SearchRunsParams, limit?: number) {
  return useQuery({
    ...childRunsQueryOptions(parentRunId, params, limit),
    refetchInterval: (query) => (anyRunning(query.state.data?.runs) ? LIVE_REFRESH_MS : false),
  });
}

/** A fixed set of runs (pinned, compared); no experiment ids means every experiment. */
export function runsByIdsQueryOptions(runIds: readonly string[], experimentIds?: readonly string[]) {
  return queryOptions({
    queryKey: runKeys.byIds(runIds, experimentIds),
    queryFn: ({ signal }) => searchRunsByIds(runIds, experimentIds, signal),
  });
}

export function useRunsByIds(runIds: readonly string[], experimentIds?: readonly string[], options: { enabled?: boolean } = {}) {
  return useQuery({
    ...runsByIdsQueryOptions(runIds, experimentIds),
    enabled: options.enabled ?? true,
    placeholderData: (previous) => previous,
    refetchInterval: (query) => (anyRunning(query.state.data) ? LIVE_REFRESH_MS : false),
  });
}

/** Whether an experiment has at least one run (any lifecycle stage): one search of one row. */
export function hasRunsQueryOptions(experimentId: string) {
  return queryOptions({
    queryKey: runKeys.hasRuns(experimentId),
    queryFn: async ({ signal }) =>
      (await searchRuns({ experimentIds: [experimentId], filter: '', orderBy: [], runViewType: 'ALL', maxResults: 1 }, signal)).runs
        .length > 0,
  });
}

export function useHasRuns(experimentId: string, enabled: boolean) {
  return useQuery({ ...hasRunsQueryOptions(experimentId), enabled });
}

function viewTypeOf(key: readonly unknown[]): ViewType {
  for (const part of key) {
    if (typeof part === 'object' && part !== null && 'runViewType' in part) return (part as SearchRunsParams).runViewType;
  }
  return 'ALL';
}

/** Applies `update` to every cached run of every runs list and run detail; `null` removes the run from lists. */
export function updateCachedRuns(queryClient: QueryClient, update: (run: Run, viewType: ViewType) => Run | null): void {
  const mapRuns = (runs: readonly Run[], viewType: ViewType): Run[] => {
    const next: Run[] = [];
    for (const run of runs) {
      const updated = update(run, viewType);
      if (updated) next.push(updated);
    }
    return next;
  };
  for (const [key, data] of queryClient.getQueriesData<unknown>({ queryKey: runKeys.all })) {
    if (!data || typeof data !== 'object') continue;
    const viewType = viewTypeOf(key);
    if (Array.isArray(data)) {
      queryClient.setQueryData(key, mapRuns(data as Run[], viewType));
    } else if ('pages' in data) {
      const infinite = data as RunsInfiniteData;
      queryClient.setQueryData<RunsInfiniteData>(key, {
        ...infinite,
        pages: infinite.pages.map((page) => ({ ...page, runs: mapRuns(page.runs, viewType) })),
      });
    } else if ('truncated' in data) {
      const list = data as RunsList;
      queryClient.setQueryData(key, { ...list, runs: mapRuns(list.runs, viewType) });
    } else if ('runId' in data) {
      const updated = update(data as Run, 'ALL');
      if (updated) queryClient.setQueryData(key, updated);
    }
  }
}
