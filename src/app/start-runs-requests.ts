// The runs page's first requests, started before its code has loaded and before React mounts it:
// by the page's route loader, and on a first visit already by the entry (start-early.ts).
import { getExperimentQueryOptions } from '../entities/experiments/api/get-experiment';
import { prefetchRunsPage } from '../features/runs/prefetch-runs-page';
import { currentUserQuery } from '../lib/auth/current-user';
import { appQueryClient } from './app-query-client';
import { splitExperimentIds } from './experiment-ids';

/** Who is signed in: every page waits for it. */
export function prefetchCurrentUser(): null {
  appQueryClient.prefetchQuery(currentUserQuery()).catch(() => undefined);
  return null;
}

/** The first runs/search page and the experiments of `/experiments/:experimentIds`. */
export function startRunsRouteRequests(experimentIdsParam: string | undefined, search: URLSearchParams): void {
  prefetchRunsPage(appQueryClient, experimentIdsParam, search);
  for (const id of splitExperimentIds(experimentIdsParam))
    appQueryClient.prefetchQuery(getExperimentQueryOptions(id)).catch(() => undefined);
}
