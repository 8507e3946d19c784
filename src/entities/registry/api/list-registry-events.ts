import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { apiGet, isMissingEndpoint, RUNBOARD_API_BASE } from '../../../lib/api-client';
import type { RegistryEvent } from '../../../lib/mlflow/wire-types';
import { FRESH_REGISTRY_QUERY, registryKeys } from '../registry-model';

const PAGE_SIZE = 100;

export type RegistryEventsPage =
  | { supported: true; events: RegistryEvent[]; nextPageToken: string | undefined }
  /** The server keeps no registry history (a real MLflow server: 404 ENDPOINT_NOT_FOUND). */
  | { supported: false; events: []; nextPageToken: undefined };

/** GET /ajax-api/2.0/runboard/registry-events (Runboard extension), newest first. */
export async function listRegistryEvents(name: string, pageToken: string | undefined, signal?: AbortSignal): Promise<RegistryEventsPage> {
  try {
    const response = await apiGet<{ events?: RegistryEvent[]; next_page_token?: string }>(
      '/registry-events',
      { name, max_results: PAGE_SIZE, page_token: pageToken },
      { signal, base: RUNBOARD_API_BASE },
    );
    return { supported: true, events: response.events ?? [], nextPageToken: response.next_page_token || undefined };
  } catch (error) {
    if (isMissingEndpoint(error)) return { supported: false, events: [], nextPageToken: undefined };
    throw error;
  }
}

export const registryEventsQueryOptions = (name: string) =>
  infiniteQueryOptions({
    queryKey: registryKeys.events(name),
    queryFn: ({ pageParam, signal }) => listRegistryEvents(name, pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (lastPage) => lastPage.nextPageToken,
    ...FRESH_REGISTRY_QUERY,
    // Once a server has said it has no such endpoint, do not ask it again on every focus.
    staleTime: (query) => (query.state.data?.pages[0]?.supported === false ? Infinity : FRESH_REGISTRY_QUERY.staleTime),
  });

export function useRegistryEvents(name: string) {
  return useInfiniteQuery(registryEventsQueryOptions(name));
}
