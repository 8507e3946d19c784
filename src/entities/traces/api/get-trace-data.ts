// GET /ajax-api/2.0/mlflow/get-trace-artifact?request_id=: the spans of one trace (the
// traces.json artifact MLflow's client uploads), as MLflow's own UI reads them.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiGet } from '../../../lib/api-client';
import { parseTraceData, type TraceData } from '../trace-data';
import { traceKeys } from '../trace-model';

export async function getTraceData(traceId: string, signal?: AbortSignal): Promise<TraceData> {
  const body = await apiGet<unknown>('/get-trace-artifact', { request_id: traceId }, { signal });
  return parseTraceData(body);
}

export const traceDataQueryOptions = (traceId: string) =>
  queryOptions({
    queryKey: traceKeys.data(traceId),
    queryFn: ({ signal }) => getTraceData(traceId, signal),
    // Spans of a finished trace never change; the page refetches on its own while in progress.
    staleTime: Infinity,
  });

export function useTraceData(traceId: string, options: { enabled?: boolean; refetchInterval?: number | false } = {}) {
  return useQuery({
    ...traceDataQueryOptions(traceId),
    enabled: options.enabled ?? true,
    refetchInterval: options.refetchInterval ?? false,
  });
}
