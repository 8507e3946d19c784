import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiGet } from '../../../lib/api-client';
import { quoteString } from '../../../lib/mlflow/filter';
import type { ModelVersion } from '../../../lib/mlflow/wire-types';
import { runKeys } from './run-model';

/** Registered model versions created from a run (model-versions/search `run_id = '...'`). */
export async function searchRunModelVersions(runId: string, signal?: AbortSignal): Promise<ModelVersion[]> {
  const response = await apiGet<{ model_versions?: ModelVersion[] }>(
    '/model-versions/search',
    { filter: `run_id = ${quoteString(runId)}`, max_results: 200 },
    { signal },
  );
  return response.model_versions ?? [];
}

export const searchRunModelVersionsQueryOptions = (runId: string) =>
  queryOptions({
    queryKey: runKeys.modelVersions(runId),
    queryFn: ({ signal }) => searchRunModelVersions(runId, signal),
  });

export function useRunModelVersions(runId: string) {
  return useQuery(searchRunModelVersionsQueryOptions(runId));
}
