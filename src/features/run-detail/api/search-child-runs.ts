import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiPost } from '../../../lib/api-client';
import { quoteString } from '../../../lib/mlflow/filter';
import type { Run } from '../../../lib/mlflow/wire-types';
import { runKeys, toRunView, type RunView } from './run-model';

export interface ChildRuns {
  runs: RunView[];
  /** More children exist than were fetched. */
  truncated: boolean;
}

const LIMIT = 100;

export async function searchChildRuns(experimentId: string, parentRunId: string, signal?: AbortSignal): Promise<ChildRuns> {
  const response = await apiPost<{ runs?: Run[]; next_page_token?: string }>(
    '/runs/search',
    {
      experiment_ids: [experimentId],
      filter: `tags.\`mlflow.parentRunId\` = ${quoteString(parentRunId)}`,
      run_view_type: 'ACTIVE_ONLY',
      max_results: LIMIT,
      order_by: ['attributes.start_time DESC'],
    },
    { signal },
  );
  const runs = (response.runs ?? []).map(toRunView);
  return { runs, truncated: Boolean(response.next_page_token) && runs.length === LIMIT };
}

export const searchChildRunsQueryOptions = (experimentId: string, parentRunId: string) =>
  queryOptions({
    queryKey: runKeys.children(experimentId, parentRunId),
    queryFn: ({ signal }) => searchChildRuns(experimentId, parentRunId, signal),
  });

export function useChildRuns(experimentId: string, parentRunId: string) {
  return useQuery(searchChildRunsQueryOptions(experimentId, parentRunId));
}
