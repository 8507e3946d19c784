import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { apiPost } from '../../../lib/api-client';
import type { Experiment as WireExperiment, ViewType } from '../../../lib/mlflow/wire-types';
import { experimentsKeys, toExperiment, type Experiment } from '../experiment-model';

export interface SearchExperimentsParams {
  /** MLflow filter string, e.g. `name ILIKE '%bert%'`. */
  filter: string;
  /** e.g. ['name ASC'] or ['last_update_time DESC']. */
  orderBy: string[];
  viewType: ViewType;
  maxResults?: number;
}

export interface ExperimentsPage {
  experiments: Experiment[];
  nextPageToken: string | undefined;
}

interface SearchExperimentsResponse {
  experiments?: WireExperiment[];
  next_page_token?: string;
}

export async function searchExperiments(params: SearchExperimentsParams, pageToken: string | undefined, signal?: AbortSignal): Promise<ExperimentsPage> {
  const response = await apiPost<SearchExperimentsResponse>(
    '/experiments/search',
    {
      max_results: params.maxResults ?? 500,
      filter: params.filter || undefined,
      order_by: params.orderBy,
      view_type: params.viewType,
      page_token: pageToken,
    },
    { signal },
  );
  return { experiments: (response.experiments ?? []).map(toExperiment), nextPageToken: response.next_page_token || undefined };
}

export const searchExperimentsQueryOptions = (params: SearchExperimentsParams) =>
  infiniteQueryOptions({
    queryKey: experimentsKeys.search(params),
    queryFn: ({ pageParam, signal }) => searchExperiments(params, pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (lastPage) => lastPage.nextPageToken,
  });

export function useSearchExperiments(params: SearchExperimentsParams) {
  return useInfiniteQuery({ ...searchExperimentsQueryOptions(params), placeholderData: (previous) => previous });
}

/** Every experiment id (active and deleted): runs/search needs experiment ids, and a URL may name only runs. */
export async function searchAllExperimentIds(signal?: AbortSignal): Promise<string[]> {
  const ids: string[] = [];
  let pageToken: string | undefined;
  do {
    const page = await searchExperiments({ filter: '', orderBy: [], viewType: 'ALL', maxResults: 1000 }, pageToken, signal);
    ids.push(...page.experiments.map((experiment) => experiment.id));
    pageToken = page.nextPageToken;
  } while (pageToken);
  return ids;
}
