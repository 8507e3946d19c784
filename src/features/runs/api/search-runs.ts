// POST runs/search: one page of runs (MLflow returns a token whenever a page is full, so the
// last page may be empty), plus the query factories of every runs list on the page: the main
// infinite list, the children of a parent, a fixed set of runs (pinned), and "all matching".
import {
  infiniteQueryOptions,
  queryOptions,
  useInfiniteQuery,
  useQueryClient,
  type InfiniteData,
  type QueryClient,
} from '@tanstack/react-query';
import { apiPost } from '../../../lib/api-client';
import type { Run, ViewType } from '../../../lib/mlflow/wire-types';
import { childRunsFilter, runIdsFilter } from '../utils/filter-translation';
import { toRunRow, type RunRow } from '../utils/run-row';

/**
 * The first page is smaller, so the first rows show sooner (with 40 values per run, 200 runs are
 * ~450 KB of JSON for the server to build and the page to parse; ~30 rows fit on a screen);
 * later pages are larger.
 */
export const FIRST_PAGE_SIZE = 100;
export const RUNS_PAGE_SIZE = 500;
export const CHILD_RUNS_LIMIT = 1000;

export interface SearchRunsParams {
  experimentIds: readonly string[];
  filter: string;
  orderBy: readonly string[];
  runViewType: ViewType;
}

export interface SearchRunsRequest extends SearchRunsParams {
  maxResults: number;
  pageToken?: string;
}

export interface RunsPage {
  runs: RunRow[];
  nextPageToken?: string;
}

interface SearchRunsResponse {
  runs?: Run[];
  next_page_token?: string;
}

export async function searchRuns(request: SearchRunsRequest, signal?: AbortSignal): Promise<RunsPage> {
  const response = await apiPost<SearchRunsResponse>(
    '/runs/search',
    {
      experiment_ids: request.experimentIds,
      filter: request.filter,
      run_view_type: request.runViewType,
      max_results: request.maxResults,
      order_by: request.orderBy,
      page_token: request.pageToken || undefined,
    },
    { signal },
  );
  const page: RunsPage = { runs: (response.runs ?? []).map(toRunRow) };
  if (response.next_page_token) page.nextPageToken = response.next_page_token;
  return page;
}

/** Reads every page (up to `limit` runs); `onPage` sees each page as it arrives. */
export async function searchAllRuns(
  params: SearchRunsParams,
  options: { signal?: AbortSignal; limit?: number; pageSize?: number; onPage?: (runs: RunRow[], total: number) => void } = {},
): Promise<{ runs: RunRow[]; truncated: boolean }> {
  const limit = options.limit ?? Infinity;
  const runs: RunRow[] = [];
  let pageToken: string | undefined;
  do {
    const page = await searchRuns(
      { ...params, maxResults: Math.min(options.pageSize ?? 1000, limit - runs.length), pageToken },
      options.signal,
    );
    runs.push(...page.runs);
    options.onPage?.(page.runs, runs.length);
    pageToken = page.nextPageToken;
  } while (pageToken && runs.length < limit);
  return { runs, truncated: pageToken !== undefined && runs.length >= limit };
}

export const runsQueryKeys = {
  all: ['runs'] as const,
  searches: () => [...runsQueryKeys.all, 'search'] as const,
  search: (params: SearchRunsParams) => [...runsQueryKeys.searches(), params] as const,
  children: (parentRunId: string, params: SearchRunsParams) => [...runsQueryKeys.all, 'children', parentRunId, params] as const,
  byIds: (runIds: readonly string[], experimentIds: readonly string[]) =>
    [...runsQueryKeys.all, 'by-ids', { runIds, experimentIds }] as const,
};

export function searchRunsInfiniteQueryOptions(params: SearchRunsParams) {
  return infiniteQueryOptions({
    queryKey: runsQueryKeys.search(params),
    queryFn: ({ pageParam, signal }) =>
      searchRuns({ ...params, maxResults: pageParam ? RUNS_PAGE_SIZE : FIRST_PAGE_SIZE, pageToken: pageParam }, signal),
    initialPageParam: '',
    getNextPageParam: (lastPage: RunsPage) => lastPage.nextPageToken || undefined,
  });
}

export type RunsInfiniteData = InfiniteData<RunsPage, string>;

export function useRunsSearch(
  params: SearchRunsParams,
  options: { enabled: boolean; refetchInterval: (data: RunsInfiniteData | undefined) => number | false },
) {
  // Start the first request while the page renders rather than after it commits: the rest of
  // the page renders while the server answers.
  const queryClient = useQueryClient();
  const infiniteOptions = searchRunsInfiniteQueryOptions(params);
  if (options.enabled && !queryClient.getQueryState(infiniteOptions.queryKey)) {
    queryClient.prefetchInfiniteQuery(infiniteOptions).catch(() => undefined);
  }
  return useInfiniteQuery({
    ...searchRunsInfiniteQueryOptions(params),
    enabled: options.enabled,
    refetchInterval: (query) => options.refetchInterval(query.state.data),
    // Keep showing the previous rows while a new filter or sort loads.
    placeholderData: (previous) => previous,
  });
}

/** Children of one parent run, in the current sort, within the current filter. */
export function childRunsQueryOptions(parentRunId: string, params: SearchRunsParams) {
  return queryOptions({
    queryKey: runsQueryKeys.children(parentRunId, params),
    queryFn: ({ signal }) =>
      searchAllRuns({ ...params, filter: childRunsFilter(parentRunId, params.filter) }, { signal, limit: CHILD_RUNS_LIMIT }),
  });
}

/** A fixed set of runs, whatever their lifecycle (pinned runs). */
export function runsByIdsQueryOptions(runIds: readonly string[], experimentIds: readonly string[]) {
  return queryOptions({
    queryKey: runsQueryKeys.byIds(runIds, experimentIds),
    queryFn: async ({ signal }) => {
      if (runIds.length === 0) return [];
      const { runs } = await searchAllRuns(
        { experimentIds, filter: runIdsFilter(runIds), orderBy: [], runViewType: 'ALL' },
        { signal, limit: runIds.length },
      );
      const byId = new Map(runs.map((run) => [run.runId, run]));
      return runIds.map((id) => byId.get(id)).filter((run): run is RunRow => run !== undefined);
    },
  });
}

/** Applies `update` to every cached run of every runs list; `null` removes the run. */
export function updateCachedRuns(queryClient: QueryClient, update: (run: RunRow, viewType: ViewType) => RunRow | null): void {
  const mapRuns = (runs: readonly RunRow[], viewType: ViewType): RunRow[] => {
    const next: RunRow[] = [];
    for (const run of runs) {
      const updated = update(run, viewType);
      if (updated) next.push(updated);
    }
    return next;
  };
  for (const [key, data] of queryClient.getQueriesData<unknown>({ queryKey: runsQueryKeys.all })) {
    if (!data) continue;
    const kind = key[1];
    const params = key[kind === 'children' ? 3 : 2] as Partial<SearchRunsParams> | undefined;
    const viewType = params?.runViewType ?? 'ALL';
    if (kind === 'search') {
      const infinite = data as RunsInfiniteData;
      queryClient.setQueryData<RunsInfiniteData>(key, {
        ...infinite,
        pages: infinite.pages.map((page) => ({ ...page, runs: mapRuns(page.runs, viewType) })),
      });
    } else if (kind === 'children') {
      const list = data as { runs: RunRow[]; truncated: boolean };
      queryClient.setQueryData(key, { ...list, runs: mapRuns(list.runs, viewType) });
    } else if (kind === 'by-ids') {
      queryClient.setQueryData(key, mapRuns(data as RunRow[], 'ALL'));
    }
  }
}
