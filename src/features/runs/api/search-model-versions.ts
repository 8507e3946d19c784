// GET model-versions/search with `run_id IN (...)`: the registered model versions made from
// the runs on screen (the "Registered models" column).
import { queryOptions, useQueries } from '@tanstack/react-query';
import { apiGet } from '../../../lib/api-client';
import type { ModelVersion } from '../../../lib/mlflow/wire-types';

/** Ids per request: keeps the GET query string far below server header limits. */
export const MODEL_VERSIONS_RUN_CHUNK = 50;

export interface RunModelVersion {
  name: string;
  version: string;
}

export async function searchModelVersionsForRuns(runIds: readonly string[], signal?: AbortSignal): Promise<ModelVersion[]> {
  const filter = `run_id IN (${runIds.map((id) => `'${id.replaceAll("'", '')}'`).join(', ')})`;
  const versions: ModelVersion[] = [];
  let pageToken: string | undefined;
  do {
    const response = await apiGet<{ model_versions?: ModelVersion[]; next_page_token?: string }>(
      '/model-versions/search',
      { filter, max_results: 1000, page_token: pageToken },
      { signal },
    );
    versions.push(...(response.model_versions ?? []));
    pageToken = response.next_page_token || undefined;
  } while (pageToken);
  return versions;
}

export function modelVersionsForRunsQueryOptions(runIds: readonly string[]) {
  return queryOptions({
    queryKey: ['runs', 'model-versions', runIds] as const,
    queryFn: ({ signal }) => searchModelVersionsForRuns(runIds, signal),
    staleTime: 60_000,
  });
}

function combineVersions(results: readonly { data?: ModelVersion[] }[]): ReadonlyMap<string, RunModelVersion[]> {
  const byRun = new Map<string, RunModelVersion[]>();
  for (const result of results) {
    for (const version of result.data ?? []) {
      if (!version.run_id) continue;
      const list = byRun.get(version.run_id) ?? [];
      list.push({ name: version.name, version: version.version });
      byRun.set(version.run_id, list);
    }
  }
  return byRun;
}

/** Registered versions per run id for the given chunks of run ids. */
export function useModelVersionsForRuns(chunks: readonly (readonly string[])[], enabled: boolean) {
  return useQueries({
    queries: enabled ? chunks.filter((chunk) => chunk.length > 0).map((chunk) => modelVersionsForRunsQueryOptions(chunk)) : [],
    combine: combineVersions,
  });
}
