import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiGet } from '../../../lib/api-client';
import type { RegisteredModel as WireRegisteredModel } from '../../../lib/mlflow/wire-types';
import { FRESH_REGISTRY_QUERY, registryKeys, toRegistryModel, type RegistryModel } from '../registry-model';

/** GET registered-models/get */
export async function getRegisteredModel(name: string, signal?: AbortSignal): Promise<RegistryModel> {
  const response = await apiGet<{ registered_model: WireRegisteredModel }>('/registered-models/get', { name }, { signal });
  return toRegistryModel(response.registered_model);
}

export const registeredModelQueryOptions = (name: string) =>
  queryOptions({
    queryKey: registryKeys.modelDetail(name),
    queryFn: ({ signal }) => getRegisteredModel(name, signal),
    ...FRESH_REGISTRY_QUERY,
  });

export function useRegisteredModel(name: string) {
  return useQuery(registeredModelQueryOptions(name));
}
