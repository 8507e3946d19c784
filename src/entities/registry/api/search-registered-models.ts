import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { apiGet } from '../../../lib/api-client';
import { quoteString } from '../../../lib/mlflow/filter';
import type { RegisteredModel as WireRegisteredModel } from '../../../lib/mlflow/wire-types';
import { FRESH_REGISTRY_QUERY, registryKeys, toRegistryModel, type RegistryModel } from '../registry-model';

export interface SearchRegisteredModelsParams {
  filter: string | undefined;
  /** e.g. ['name ASC'] or ['last_updated_timestamp DESC']. */
  orderBy: string[];
  maxResults: number;
  pageToken: string | undefined;
}

export interface RegisteredModelsPage {
  models: RegistryModel[];
  nextPageToken: string | undefined;
}

interface SearchRegisteredModelsResponse {
  registered_models?: WireRegisteredModel[];
  next_page_token?: string;
}

/** GET registered-models/search (one page). */
export async function searchRegisteredModels(params: SearchRegisteredModelsParams, signal?: AbortSignal): Promise<RegisteredModelsPage> {
  const response = await apiGet<SearchRegisteredModelsResponse>(
    '/registered-models/search',
    { filter: params.filter, order_by: params.orderBy, max_results: params.maxResults, page_token: params.pageToken },
    { signal },
  );
  return { models: (response.registered_models ?? []).map(toRegistryModel), nextPageToken: response.next_page_token || undefined };
}

export const searchRegisteredModelsQueryOptions = (params: SearchRegisteredModelsParams) =>
  queryOptions({
    queryKey: registryKeys.modelsSearch(params),
    queryFn: ({ signal }) => searchRegisteredModels(params, signal),
    ...FRESH_REGISTRY_QUERY,
  });

export function useSearchRegisteredModels(params: SearchRegisteredModelsParams, options: { enabled?: boolean } = {}) {
  return useQuery({ ...searchRegisteredModelsQueryOptions(params), placeholderData: keepPreviousData, enabled: options.enabled ?? true });
}

/** Names of registered models containing `query` (case-insensitive), for pickers. */
export async function searchRegisteredModelNames(query: string, signal?: AbortSignal): Promise<string[]> {
  const text = query.trim();
  const page = await searchRegisteredModels(
    { filter: text ? `name ILIKE ${quoteString(`%${text}%`)}` : undefined, orderBy: ['name ASC'], maxResults: 100, pageToken: undefined },
    signal,
  );
  return page.models.map((model) => model.name);
}

export const registeredModelNamesQueryOptions = (query: string) =>
  queryOptions({
    queryKey: registryKeys.modelsSearch({ nameContains: query }),
    queryFn: ({ signal }) => searchRegisteredModelNames(query, signal),
    ...FRESH_REGISTRY_QUERY,
  });

export function useRegisteredModelNames(query: string) {
  return useQuery({ ...registeredModelNamesQueryOptions(query), placeholderData: keepPreviousData });
}
