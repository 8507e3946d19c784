import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiGet } from '../../../lib/api-client';
import { quoteString } from '../../../lib/mlflow/filter';
import type { RegisteredModel } from '../../../lib/mlflow/wire-types';
import { runKeys } from './run-model';

/** Names of registered models matching a search (for the "Register model" picker). */
export async function searchRegisteredModelNames(query: string, signal?: AbortSignal): Promise<string[]> {
  const text = query.trim();
  const response = await apiGet<{ registered_models?: RegisteredModel[] }>(
    '/registered-models/search',
    { filter: text ? `name ILIKE ${quoteString(`%${text}%`)}` : undefined, max_results: 100, order_by: ['name ASC'] },
    { signal },
  );
  return (response.registered_models ?? []).map((model) => model.name);
}

export const searchRegisteredModelNamesQueryOptions = (query: string) =>
  queryOptions({
    queryKey: runKeys.registeredModels(query),
    queryFn: ({ signal }) => searchRegisteredModelNames(query, signal),
  });

export function useRegisteredModelNames(query: string) {
  return useQuery({ ...searchRegisteredModelNamesQueryOptions(query), placeholderData: (previous) => previous });
}
