// POST logged-models/search (MLflow 3): one page of an experiment's logged models.
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { apiPost } from '../../../lib/api-client';
import { loggedModelKeys, toLoggedModel, type LoggedModel, type LoggedModelWire } from '../logged-model';

export const LOGGED_MODELS_PAGE_SIZE = 100;

export interface LoggedModelsPage {
  models: LoggedModel[];
  nextPageToken: string | undefined;
}

/** `created DESC` etc.: the order the UI offers, as MLflow's order_by objects. */
export type LoggedModelOrder = 'created-desc' | 'created-asc' | 'name-asc';

const ORDER_BY: Readonly<Record<LoggedModelOrder, { field_name: string; ascending: boolean }>> = {
  'created-desc': { field_name: 'creation_timestamp', ascending: false },
  'created-asc': { field_name: 'creation_timestamp', ascending: true },
  'name-asc': { field_name: 'name', ascending: true },
};

export async function searchLoggedModels(
  experimentIds: readonly string[],
  filter: string,
  order: LoggedModelOrder,
  signal?: AbortSignal,
): Promise<LoggedModelsPage> {
  const response = await apiPost<{ models?: LoggedModelWire[]; next_page_token?: string }>(
    '/logged-models/search',
    { experiment_ids: experimentIds, filter: filter || undefined, order_by: [ORDER_BY[order]], max_results: LOGGED_MODELS_PAGE_SIZE },
    { signal },
  );
  return { models: (response.models ?? []).map(toLoggedModel), nextPageToken: response.next_page_token || undefined };
}

export const searchLoggedModelsQuery = (experimentIds: readonly string[], filter: string, order: LoggedModelOrder) =>
  queryOptions({
    queryKey: loggedModelKeys.search(experimentIds, filter, order),
    queryFn: ({ signal }) => searchLoggedModels(experimentIds, filter, order, signal),
    placeholderData: keepPreviousData,
  });

export function useSearchLoggedModels(experimentIds: readonly string[], filter: string, order: LoggedModelOrder) {
  return useQuery(searchLoggedModelsQuery(experimentIds, filter, order));
}
