// Runs first, before React, the router and the app shell have downloaded (the entry imports only
// this module, then the app): on a first visit to a runs table, the page's first requests and its
// code start at once instead of after the app's ~370 KB of code has been evaluated.
import { routePatterns } from '../config/paths';

/** `experiments/:experimentIds` → a pattern with one capture per parameter. */
function patternOf(route: string): RegExp {
  const escaped = route.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:[A-Za-z]+/g, '([^/]+)');
  return new RegExp(`^/${escaped}/?$`);
}

const runsRoute = patternOf(routePatterns.experimentRuns);

/** The experiment ids of a runs table address (`/experiments/1,2`), or undefined for any other page. */
export function runsPageOf(pathname: string): string | undefined {
  const match = runsRoute.exec(pathname);
  if (!match?.[1]) return undefined;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return undefined; // a malformed address: the router shows its error page
  }
}

/**
 * On a runs table, requests its first runs/search page, its experiments and the signed-in user
 * (the route loader later finds them in flight). Its small module and the query client load
 * first: they do not wait for React DOM or the router.
 */
export function startEarlyRequests(location: Pick<Location, 'pathname' | 'search'>): void {
  const experimentIds = runsPageOf(location.pathname);
  if (experimentIds === undefined) return;
  const search = new URLSearchParams(location.search);
  import('./start-runs-requests')
    .then(({ prefetchCurrentUser, startRunsRouteRequests }) => {
      prefetchCurrentUser();
      startRunsRouteRequests(experimentIds, search);
    })
    // The router's loader starts them again if this failed.
    .catch(() => undefined);
}

/** On a runs table, downloads the page's code alongside the app's instead of after it. */
export function startEarlyCode(location: Pick<Location, 'pathname'>): void {
  if (runsPageOf(location.pathname) === undefined) return;
  // A failure surfaces when the router loads the same module.
  import('./routes/experiment-runs-route').catch(() => undefined);
}
