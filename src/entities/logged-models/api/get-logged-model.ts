// GET logged-models/{model_id} (MLflow 3).
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiGet } from '../../../lib/api-client';
import { loggedModelKeys, toLoggedModel, type LoggedModel, type LoggedModelWire } from '../logged-model';

export async function getLoggedModel(modelId: string, signal?: AbortSignal): Promise<LoggedModel> {
  const response = await apiGet<{ model: LoggedModelWire }>(`/logged-models/${encodeURIComponent(modelId)}`, {}, { signal });
  return toLoggedModel(response.model);
}

export const loggedModelQuery = (modelId: string) =>
  queryOptions({ queryKey: loggedModelKeys.detail(modelId), queryFn: ({ signal }) => getLoggedModel(modelId, signal) });

export function useLoggedModel(modelId: string) {
  return useQuery(loggedModelQuery(modelId));
}
