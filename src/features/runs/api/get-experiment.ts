// GET experiments/get: the names shown in the runs page title.
import { queryOptions, useQueries } from '@tanstack/react-query';
import { apiGet } from '../../../lib/api-client';
import type { Experiment } from '../../../lib/mlflow/wire-types';

export async function getExperiment(experimentId: string, signal?: AbortSignal): Promise<Experiment> {
  const response = await apiGet<{ experiment: Experiment }>('/experiments/get', { experiment_id: experimentId }, { signal });
  return response.experiment;
}

export function experimentQueryOptions(experimentId: string) {
  return queryOptions({
    queryKey: ['runs', 'experiment', experimentId] as const,
    queryFn: ({ signal }) => getExperiment(experimentId, signal),
  });
}

export function useExperiments(experimentIds: readonly string[]) {
  return useQueries({
    queries: experimentIds.map((id) => experimentQueryOptions(id)),
    combine: (results) => ({
      experiments: results.map((result) => result.data),
      error: results.find((result) => result.error)?.error ?? null,
    }),
  });
}
