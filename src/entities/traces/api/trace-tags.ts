// PATCH traces/{request_id}/tags and DELETE traces/{request_id}/tags: set or remove one tag of a
// trace (MLflow 2.x SetTraceTag / DeleteTraceTag). The key of a delete goes both in the query
// string and in the JSON body: MLflow's handlers read one or the other depending on the version.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiSend, toQueryString } from '../../../lib/api-client';
import { traceKeys } from '../trace-model';

export interface TraceTagInput {
  traceId: string;
  key: string;
  value: string;
}

const tagsPath = (traceId: string) => `/traces/${encodeURIComponent(traceId)}/tags`;

export async function setTraceTag({ traceId, key, value }: TraceTagInput): Promise<void> {
  await apiSend('PATCH', tagsPath(traceId), { key, value });
}

export async function deleteTraceTag({ traceId, key }: Omit<TraceTagInput, 'value'>): Promise<void> {
  await apiSend('DELETE', `${tagsPath(traceId)}${toQueryString({ key })}`, { key });
}

/** Tags show on the trace page and in the Traces tab (and tag filters): refresh both. */
function useInvalidateTrace() {
  const queryClient = useQueryClient();
  return (traceId: string) =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: traceKeys.info(traceId) }),
      queryClient.invalidateQueries({ queryKey: traceKeys.searches() }),
    ]);
}

export function useSetTraceTag() {
  const invalidate = useInvalidateTrace();
  return useMutation({
    mutationFn: setTraceTag,
    meta: {
      successMessage: (_data, input) => `Tag “${(input as TraceTagInput).key}” saved`,
      errorMessage: 'Could not save the tag',
    },
    onSettled: (_data, _error, input) => invalidate(input.traceId),
  });
}

export function useDeleteTraceTag() {
  const invalidate = useInvalidateTrace();
  return useMutation({
    mutationFn: deleteTraceTag,
    meta: {
      successMessage: (_data, input) => `Tag “${(input as TraceTagInput).key}” deleted`,
      errorMessage: 'Could not delete the tag',
    },
    onSettled: (_data, _error, input) => invalidate(input.traceId),
  });
}
