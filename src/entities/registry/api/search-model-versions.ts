import { queryOptions, useQueries, useQuery } from '@tanstack/react-query';
import { apiGet } from '../../../lib/api-client';
import { quoteString } from '../../../lib/mlflow/filter';
import type { ModelVersion as WireModelVersion } from '../../../lib/mlflow/wire-types';
import { compareVersions } from '../stage-counts';
import { FRESH_REGISTRY_QUERY, registryKeys, toRegistryVersion, type RegistryVersion } from '../registry-model';

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

/** Ids per request: keeps the GET query string far below server header limits. */
export const MODEL_VERSIONS_RUN_CHUNK = 50;

/**
 * Versions registered from some runs, every page. MLflow's model-versions/search allows `IN`
 * only on `run_id`, which is what this needs. Run ids are hex: quotes are dropped.
 */
export async function searchModelVersionsOfRuns(runIds: readonly string[], signal?: AbortSignal): Promise<RegistryVersion[]> {
  if (runIds.length === 0) return [];
  const ids = runIds.map((id) => `'${id.replaceAll("'", '')}'`);
  const filter = ids.length === 1 ? `run_id = ${ids[0] ?? ''}` : `run_id IN (${ids.join(', ')})`;
  const versions: RegistryVersion[] = [];
  let pageToken: string | undefined;
  do {
    const response = await apiGet<SearchModelVersionsResponse>('/model-versions/search', { filter, max_results: PAGE_SIZE, page_token: pageToken }, { signal });
    versions.push(...(response.model_versions ?? []).map(toRegistryVersion));
    pageToken = response.next_page_token || undefined;
  } while (pageToken);
  return versions;
}

export const runModelVersionsQueryOptions = (runIds: readonly string[]) =>
  queryOptions({
    queryKey: registryKeys.runVersions(runIds),
    queryFn: ({ signal }) => searchModelVersionsOfRuns(runIds, signal),
    ...FRESH_REGISTRY_QUERY,
  });

/** Versions registered from one run, newest first. */
export function useRunModelVersions(runId: string) {
  return useQuery({
    ...runModelVersionsQueryOptions([runId]),
    select: (versions) => [...versions].sort((a, b) => (b.creationTimestamp ?? 0) - (a.creationTimestamp ?? 0)),
  });
}

const NO_VERSIONS: ReadonlyMap<string, RegistryVersion[]> = new Map();

function versionsByRun(results: readonly { data?: RegistryVersion[] }[]): ReadonlyMap<string, RegistryVersion[]> {
  const byRun = new Map<string, RegistryVersion[]>();
  for (const result of results) {
    for (const version of result.data ?? []) {
      if (!version.runId) continue;
      const list = byRun.get(version.runId) ?? [];
      list.push(version);
      byRun.set(version.runId, list);
    }
  }
  // The same empty answer every time: while chunks of runs without versions load, the result keeps
  // its identity, so the page does not re-render (nor do the table's rows) for each chunk.
  return byRun.size === 0 ? NO_VERSIONS : byRun;
}

/** Registered versions per run id for chunks of run ids (each at most MODEL_VERSIONS_RUN_CHUNK). */
export function useModelVersionsForRuns(chunks: readonly (readonly string[])[], enabled: boolean) {
  return useQueries({
    queries: enabled ? chunks.filter((chunk) => chunk.length > 0).map((chunk) => ({ ...runModelVersionsQueryOptions(chunk), staleTime: 60_000, refetchOnWindowFocus: false })) : [],
    combine: versionsByRun,
  });
}
