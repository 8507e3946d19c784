// The app's one QueryClient, reachable from route loaders (which run outside React) so that a
// route can start its queries before its first render. Set by the providers when they create it.
import type { QueryClient } from '@tanstack/react-query';

let appQueryClient: QueryClient | undefined;

/** Returns the registered client, creating and registering it with `create` on first use. */
export function appQueryClientOnce(create: () => QueryClient): QueryClient {
  appQueryClient ??= create();
  return appQueryClient;
}

/** The client for loaders; undefined until the providers have created it. */
export function routeQueryClient(): QueryClient | undefined {
  return appQueryClient;
}
