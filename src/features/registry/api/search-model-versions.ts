import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiGet } from '../../../lib/api-client';
import { quoteString } from '../../../lib/mlflow/filter';
import type { ModelVersion as WireModelVersion } from '../../../lib/mlflow/wire-types';
import { compareVersions } from '../utils/stage-counts';
import { FRESH_REGISTRY_QUERY, registryKeys, toRegistryVersion, type RegistryVersion } from './registry-model';

const PAGE_SIZE = 1000;
// A model with more versions than this is beyond what one page should hold in memory.
const MAX_PAGES = 20;

interface SearchModelVersionsResponse {
  model_versions?: WireModelVersion[];
  next_page_token?: string;
}

/** Every (non-deleted) version of one model, newest first: GET model-versions/search, all pages. */
export async function searchModelVersionsOfModel(name: string, signal?: AbortSignal): Promise<RegistryVersion[]> {
  const versions: RegistryVersion[] = [];
  let pageToken: string | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const response = await apiGet<SearchModelVersionsResponse>(
      '/model-versions/search',
      { filter: `name = ${quoteString(name)}`, max_results: PAGE_SIZE, order_by: ['version_number DESC'], page_token: pageToken },
      { signal },
    );
    versions.push(...(response.model_versions ?? []).map(toRegistryVersion));
    pageToken = response.next_page_token || undefined;
    if (!pageToken) break;
  }
  return versions.sort((a, b) => compareVersions(b.version, a.version));
}

export const modelVersionsQueryOptions = (name: string) =>
  queryOptions({
    queryKey: registryKeys.versions(name),
    queryFn: ({ signal }) => searchModelVersionsOfModel(name, signal),
    ...FRESH_REGISTRY_QUERY,
  });

export function useModelVersions(name: string, options: { enabled?: boolean } = {}) {
  return useQuery({ ...modelVersionsQueryOptions(name), enabled: options.enabled ?? true });
}
