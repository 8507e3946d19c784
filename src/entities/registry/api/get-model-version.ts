import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiGet } from '../../../lib/api-client';
import type { ModelVersion as WireModelVersion } from '../../../lib/mlflow/wire-types';
import { FRESH_REGISTRY_QUERY, registryKeys, toRegistryVersion, type RegistryVersion } from '../registry-model';

/** GET model-versions/get */
export async function getModelVersion(name: string, version: string, signal?: AbortSignal): Promise<RegistryVersion> {
  const response = await apiGet<{ model_version: WireModelVersion }>('/model-versions/get', { name, version }, { signal });
  return toRegistryVersion(response.model_version);
}

export const modelVersionQueryOptions = (name: string, version: string) =>
  queryOptions({
    queryKey: registryKeys.versionDetail(name, version),
    queryFn: ({ signal }) => getModelVersion(name, version, signal),
    ...FRESH_REGISTRY_QUERY,
  });

export function useModelVersion(name: string, version: string) {
  return useQuery(modelVersionQueryOptions(name, version));
}
