import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiFetchRaw, MlflowApiError, toQueryString } from '../../../lib/api-client';
import { summarizeMlModel, type MlModelSummary } from '../mlmodel-summary';
import { registryKeys } from '../registry-model';

export type MlModelResult =
  | { found: true; text: string; summary: MlModelSummary | undefined; parseError: string | undefined }
  | { found: false; reason: string };

/** GET /model-versions/get-artifact?path=MLmodel: the version's MLmodel file, summarised. */
export async function getModelVersionMlModel(name: string, version: string, signal?: AbortSignal): Promise<MlModelResult> {
  let text: string;
  try {
    const response = await apiFetchRaw(`/model-versions/get-artifact${toQueryString({ name, version, path: 'MLmodel' })}`, { signal });
    text = await response.text();
  } catch (error) {
    // Some servers answer 500 for sources they cannot resolve (MLflow 2.17 with runs:/ URIs).
    if (error instanceof MlflowApiError && (error.status === 404 || error.status === 500 || error.status === 400)) {
      return { found: false, reason: error.message };
    }
    throw error;
  }
  try {
    return { found: true, text, summary: summarizeMlModel(text), parseError: undefined };
  } catch (error) {
    return { found: true, text, summary: undefined, parseError: error instanceof Error ? error.message : String(error) };
  }
}

export const mlModelQueryOptions = (name: string, version: string) =>
  queryOptions({
    queryKey: registryKeys.mlModel(name, version),
    queryFn: ({ signal }) => getModelVersionMlModel(name, version, signal),
    staleTime: 5 * 60_000,
  });

export function useMlModel(name: string, version: string, options: { enabled?: boolean } = {}) {
  return useQuery({ ...mlModelQueryOptions(name, version), enabled: options.enabled ?? true });
}
