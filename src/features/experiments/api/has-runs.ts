import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiPost } from '../../../lib/api-client';
import type { Run } from '../../../lib/mlflow/wire-types';

/** Whether an experiment has at least one run (any lifecycle stage): one runs/search of one row. */
export async function hasRuns(experimentId: string, signal?: AbortSignal): Promise<boolean> {
  const response = await apiPost<{ runs?: Run[] }>('/runs/search', { experiment_ids: [experimentId], max_results: 1, run_view_type: 'ALL' }, { signal });
  return (response.runs ?? []).length > 0;
}

export const hasRunsQueryOptions = (experimentId: string) =>
  queryOptions({
    queryKey: ['experiments', 'has-runs', experimentId] as const,
    queryFn: ({ signal }) => hasRuns(experimentId, signal),
  });

export function useHasRuns(experimentId: string, enabled: boolean) {
  return useQuery({ ...hasRunsQueryOptions(experimentId), enabled });
}
