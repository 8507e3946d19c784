import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { apiGet, isMissingEndpoint, RUNBOARD_API_BASE } from '../../../lib/api-client';
import type { ModelStage } from '../../../lib/mlflow/wire-types';
import type { StageCounts } from '../stage-counts';
import { FRESH_REGISTRY_QUERY, registryKeys } from '../registry-model';

// Long model names could push one URL past what servers accept (Node: 16 KB of headers).
const MAX_QUERY_CHARS = 6000;

export type StageCountsResult =
  | { supported: true; counts: ReadonlyMap<string, StageCounts> }
  /** A real MLflow server (404): the list asks model-versions/search per model instead. */
  | { supported: false };

interface StageCountsResponse {
  models?: { name: string; stages?: Partial<Record<ModelStage, number>> }[];
}

/** Names in groups whose query strings stay short. */
export function groupNames(names: readonly string[], maxChars = MAX_QUERY_CHARS): string[][] {
  const groups: string[][] = [];
  let current: string[] = [];
  let length = 0;
  for (const name of names) {
    const cost = encodeURIComponent(name).length + 6; // "&name="
    if (current.length > 0 && length + cost > maxChars) {
      groups.push(current);
      current = [];
      length = 0;
    }
    current.push(name);
    length += cost;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

// Once the server has said it has no such endpoint, later pages do not ask again.
let endpointMissing = false;

/**
 * Versions per stage of every named model: GET /ajax-api/2.0/runboard/model-versions/stage-counts
 * (Runboard extension), one request for a whole page of the models list.
 */
export async function countVersionsByStage(names: readonly string[], signal?: AbortSignal): Promise<StageCountsResult> {
  if (endpointMissing) return { supported: false };
  const counts = new Map<string, StageCounts>();
  try {
    for (const group of groupNames(names)) {
      const response = await apiGet<StageCountsResponse>(
        '/model-versions/stage-counts',
        { name: group },
        { signal, base: RUNBOARD_API_BASE },
      );
      for (const model of response.models ?? []) {
        const stages = model.stages ?? {};
        counts.set(model.name, {
          None: stages.None ?? 0,
          Staging: stages.Staging ?? 0,
          Production: stages.Production ?? 0,
          Archived: stages.Archived ?? 0,
        });
      }
    }
  } catch (error) {
    if (!isMissingEndpoint(error)) throw error;
    endpointMissing = true;
    return { supported: false };
  }
  return { supported: true, counts };
}

export const stageCountsQueryOptions = (names: readonly string[]) =>
  queryOptions({
    queryKey: registryKeys.stageCounts(names),
    queryFn: ({ signal }) => countVersionsByStage(names, signal),
    ...FRESH_REGISTRY_QUERY,
  });

export function useStageCounts(names: readonly string[]) {
  // Re-sorting the same page must not ask again.
  const sorted = useMemo(() => [...names].sort(), [names]);
  return useQuery({ ...stageCountsQueryOptions(sorted), enabled: sorted.length > 0, placeholderData: keepPreviousData });
}
