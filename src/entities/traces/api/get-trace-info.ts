// GET traces/{request_id}/info: one trace's info (404 RESOURCE_DOES_NOT_EXIST when there is none).
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiGet } from '../../../lib/api-client';
import { toTraceInfo, traceKeys, type TraceInfo, type TraceInfoWire } from '../trace-model';

export async function getTraceInfo(traceId: string, signal?: AbortSignal): Promise<TraceInfo> {
  const response = await apiGet<{ trace_info?: TraceInfoWire }>(`/traces/${encodeURIComponent(traceId)}/info`, {}, { signal });
  if (!response.trace_info) throw new Error('The server answered without a trace_info');
  return toTraceInfo(response.trace_info);
}

export const traceInfoQueryOptions = (traceId: string) =>
  queryOptions({
    queryKey: traceKeys.info(traceId),
    queryFn: ({ signal }) => getTraceInfo(traceId, signal),
    // A trace still in progress gets its end and status later.
    refetchInterval: (query) => (query.state.data?.status === 'IN_PROGRESS' ? 2_000 : false),
  });

export function useTraceInfo(traceId: string) {
  return useQuery(traceInfoQueryOptions(traceId));
}
