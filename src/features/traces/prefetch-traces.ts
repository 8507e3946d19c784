// Starts the trace pages' first requests from the route loaders, before the pages' code has
// loaded and React has mounted them, under the very keys the pages' queries use: the Traces tab's
// first page of its search (the URL's filter and order), and a trace's info and span data
// together (the page used to ask for the spans only once the info had come back).
import type { QueryClient } from '@tanstack/react-query';
import { isTraceOrder, traceDataQueryOptions, traceInfoQueryOptions, tracesPagesQueryOptions, type SearchTracesParams } from '../../entities/traces';

/** The Traces tab's URL state: the applied filter and the order (newest first when absent). */
export const TRACES_FILTER_PARAM = 'tq';
export const TRACES_ORDER_PARAM = 'tsort';

export function tracesSearchFromUrl(experimentIds: readonly string[], search: URLSearchParams): SearchTracesParams {
  const order = search.get(TRACES_ORDER_PARAM);
  return { experimentIds: [...experimentIds], filter: search.get(TRACES_FILTER_PARAM) ?? '', order: isTraceOrder(order) ? order : 'time-desc' };
}

export function prefetchTracesTab(queryClient: QueryClient, experimentIds: readonly string[], search: URLSearchParams): void {
  if (experimentIds.length === 0) return;
  const options = tracesPagesQueryOptions(tracesSearchFromUrl(experimentIds, search));
  if (queryClient.getQueryState(options.queryKey)) return;
  queryClient.prefetchInfiniteQuery(options).catch(() => undefined);
}

export function prefetchTrace(queryClient: QueryClient, traceId: string | undefined): void {
  if (!traceId) return;
  const info = traceInfoQueryOptions(traceId);
  if (!queryClient.getQueryState(info.queryKey)) queryClient.prefetchQuery(info).catch(() => undefined);
  const data = traceDataQueryOptions(traceId);
  if (!queryClient.getQueryState(data.queryKey)) queryClient.prefetchQuery(data).catch(() => undefined);
}
