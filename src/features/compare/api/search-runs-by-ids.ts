// POST runs/search with `run_id IN (...)` over every experiment: the runs named in the compare URL
// (2 to 1,000), in URL order. Runs are requested in chunks of 250 ids.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiPost, wireDouble } from '../../../lib/api-client';
import type { Run } from '../../../lib/mlflow/wire-types';
import { runIdsFilter } from '../utils/compare-values';
import { searchAllExperimentIds } from './search-experiments';

export interface LoadedRun {
  runId: string;
  name: string;
  experimentId: string;
  status: string;
  params: Record<string, string>;
  metrics: Record<string, number>;
  tags: Record<string, string>;
}

function toLoadedRun(run: Run): LoadedRun {
  const data = run.data ?? {};
  const tags = Object.fromEntries((data.tags ?? []).map((tag) => [tag.key, tag.value ?? '']));
  return {
    runId: run.info.run_id,
    name: run.info.run_name || tags['mlflow.runName'] || run.info.run_id.slice(0, 8),
    experimentId: run.info.experiment_id,
    status: run.info.status ?? 'FINISHED',
    params: Object.fromEntries((data.params ?? []).map((param) => [param.key, param.value ?? ''])),
    metrics: Object.fromEntries((data.metrics ?? []).map((metric) => [metric.key, wireDouble(metric.value)])),
    tags,
  };
}

export const RUN_ID_CHUNK = 250;

export async function searchRunsByIds(runIds: readonly string[], signal?: AbortSignal): Promise<LoadedRun[]> {
  if (runIds.length === 0) return [];
  const experimentIds = await searchAllExperimentIds(signal);
  const chunks: string[][] = [];
  for (let i = 0; i < runIds.length; i += RUN_ID_CHUNK) chunks.push(runIds.slice(i, i + RUN_ID_CHUNK));
  const pages = await Promise.all(
    chunks.map((chunk) =>
      apiPost<{ runs?: Run[] }>(
        '/runs/search',
        { experiment_ids: experimentIds, filter: runIdsFilter(chunk), run_view_type: 'ALL', max_results: chunk.length },
        { signal },
      ),
    ),
  );
  const byId = new Map(pages.flatMap((page) => page.runs ?? []).map((run) => [run.info.run_id, toLoadedRun(run)]));
  return runIds.map((id) => byId.get(id)).filter((run): run is LoadedRun => run !== undefined);
}

export function runsByIdsQueryOptions(runIds: readonly string[]) {
  return queryOptions({
    queryKey: ['compare', 'runs', runIds] as const,
    queryFn: ({ signal }) => searchRunsByIds(runIds, signal),
  });
}

export function useRunsByIds(runIds: readonly string[]) {
  return useQuery(runsByIdsQueryOptions(runIds));
}
