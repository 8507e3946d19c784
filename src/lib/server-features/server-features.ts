// GET /ajax-api/2.0/runboard/server-features (Runboard extension): what the server adds to
// MLflow's API. A real MLflow server (or Runboard with --no-runboard-extensions) answers 404,
// which reads as "plain MLflow": no OR or parentheses in runs filters.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiGet, isMissingEndpoint, RUNBOARD_API_BASE } from '../api-client';

export interface ServerFeatures {
  /** runs/search accepts OR and parentheses. */
  runsFilterOr: boolean;
}

interface ServerFeaturesWire {
  runs_filter?: { or?: boolean };
}

export const PLAIN_MLFLOW_FEATURES: ServerFeatures = { runsFilterOr: false };

export async function getServerFeatures(signal?: AbortSignal): Promise<ServerFeatures> {
  try {
    const wire = await apiGet<ServerFeaturesWire>('/server-features', {}, { base: RUNBOARD_API_BASE, signal });
    return { runsFilterOr: wire.runs_filter?.or === true };
  } catch (error) {
    if (isMissingEndpoint(error)) return PLAIN_MLFLOW_FEATURES;
    throw error;
  }
}

export const serverFeaturesQuery = () =>
  queryOptions({
    queryKey: ['runboard', 'server-features'] as const,
    queryFn: ({ signal }) => getServerFeatures(signal),
    staleTime: Infinity,
    retry: false,
  });

/** The server's features; undefined while the probe is in flight. */
export function useServerFeatures(): ServerFeatures | undefined {
  return useQuery(serverFeaturesQuery()).data;
}
