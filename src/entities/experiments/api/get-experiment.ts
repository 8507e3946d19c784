import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiGet } from '../../../lib/api-client';
import type { Experiment as WireExperiment } from '../../../lib/mlflow/wire-types';
import { experimentsKeys, toExperiment, type Experiment } from '../experiment-model';

export async function getExperiment(id: string, signal?: AbortSignal): Promise<Experiment> {
  const response = await apiGet<{ experiment: WireExperiment }>('/experiments/get', { experiment_id: id }, { signal });
  return toExperiment(response.experiment);
}

export const getExperimentQueryOptions = (id: string) =>
  queryOptions({
    queryKey: experimentsKeys.detail(id),
    queryFn: ({ signal }) => getExperiment(id, signal),
  });

export function useExperiment(id: string | undefined) {
  return useQuery({ ...getExperimentQueryOptions(id ?? ''), enabled: Boolean(id) });
}
