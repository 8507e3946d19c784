// GET traces (MLflow 2.x SearchTraces): one page of trace infos, the Traces tab's infinite list
// (pages of 100 loaded as the user scrolls) and the first N traces of a search (the run page).
import { infiniteQueryOptions, queryOptions, useInfiniteQuery, useQuery, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import { apiGet, isMissingEndpoint } from '../../../lib/api-client';
import { toTraceInfo, traceKeys, TRACE_ORDER_BY, type SearchTracesParams, type TraceInfo, type TraceInfoWire } from '../trace-model';

/** MLflow's default and largest page for trace searches is 100 (2.x) / 500 (3.x); 100 shows the first rows soonest. */
export const TRACES_PAGE_SIZE = 100;

export interface TracesPage {
  traces: TraceInfo[];
  nextPageToken: string | undefined;
}

export async function searchTraces(
  params: SearchTracesParams & { maxResults: number; pageToken?: string },
  signal?: AbortSignal,
): Promise<TracesPage> {
  const response = await apiGet<{ traces?: TraceInfoWire[]; next_page_token?: string }>(
    '/traces',
    {
      experiment_ids: params.experimentIds,
      filter: params.filter || undefined,
      order_by: [TRACE_ORDER_BY[params.order]],
      max_results: params.maxResults,
      page_token: params.pageToken || undefined,
    },
    { signal },
  );
  return { traces: (response.traces ?? []).map(toTraceInfo), nextPageToken: response.next_page_token || undefined };
}

export function tracesPagesQueryOptions(params: SearchTracesParams) {
  return infiniteQueryOptions({
    queryKey: traceKeys.pages(params),
    queryFn: ({ pageParam, signal }) => searchTraces({ ...params, maxResults: TRACES_PAGE_SIZE, pageToken: pageParam }, signal),
    initialPageParam: '',
    getNextPageParam: (lastPage: TracesPage) => lastPage.nextPageToken,
  });
}

export type TracesInfiniteData = InfiniteData<TracesPage, string>;

/** The Traces tab's list: pages of 100 loaded as the user scrolls. */
export function useTracesPages(params: SearchTracesParams) {
  // Start the first request while the page renders rather than after it commits.
  const queryClient = useQueryClient();
  const options = tracesPagesQueryOptions(params);
  if (!queryClient.getQueryState(options.queryKey)) queryClient.prefetchInfiniteQuery(options).catch(() => undefined);
  return useInfiniteQuery({ ...options, placeholderData: (previous) => previous });
}

/**
 * The first `maxResults` traces of a search, or null when the server has no trace API (a
 * tracking server older than MLflow 2.14 answers 404), so callers can leave the section out.
 */
export function tracesListQueryOptions(params: SearchTracesParams, maxResults: number) {
  return queryOptions({
    queryKey: traceKeys.list(params, maxResults),
    queryFn: async ({ signal }): Promise<TracesPage | null> => {
      try {
        return await searchTraces({ ...params, maxResults }, signal);
      } catch (error) {
        if (isMissingEndpoint(error)) return null;
        throw error;
      }
    },
  });
}

export function useTracesList(params: SearchTracesParams, maxResults: number, options: { enabled?: boolean } = {}) {
  return useQuery({ ...tracesListQueryOptions(params, maxResults), enabled: options.enabled ?? true });
}
