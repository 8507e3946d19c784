// Starts the runs page's first requests from the route loader, before the page's code has loaded
// and React has mounted it: the first runs/search page under the very key the page's infinite
// query uses (the same URL decoding), so the page finds it in flight or answered.
import type { QueryClient } from '@tanstack/react-query';
import { runsPagesQueryOptions } from '../../entities/runs/api/search-runs';
import { decodeRunsViewState, filterClock, runsSearchFromView, splitRunsExperimentIds } from './runs-url-codec';

export function prefetchRunsPage(queryClient: QueryClient, experimentIdsParam: string | undefined, search: URLSearchParams): void {
  const experimentIds = splitRunsExperimentIds(experimentIdsParam);
  if (experimentIds.length === 0) return;
  const request = runsSearchFromView(experimentIds, decodeRunsViewState(search), filterClock());
  if (!request.ok) return;
  const options = runsPagesQueryOptions(request.params);
  if (queryClient.getQueryState(options.queryKey)) return;
  queryClient.prefetchInfiniteQuery(options).catch(() => undefined);
}
