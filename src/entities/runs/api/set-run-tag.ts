// POST runs/set-tag: upserts one tag on an active run (the description is tag mlflow.note.content).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiPost } from '../../../lib/api-client';
import { runKeys } from '../run-keys';
import { NOTE_TAG } from '../run-model';

export async function setRunTag(runId: string, key: string, value: string, signal?: AbortSignal): Promise<void> {
  await apiPost('/runs/set-tag', { run_id: runId, key, value }, { signal });
}

export interface SetRunTagInput {
  runId: string;
  key: string;
  value: string;
}

export function useSetRunTag() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ runId, key, value }: SetRunTagInput) => setRunTag(runId, key, value),
    meta: {
      successMessage: (_data, input) => {
        const { key } = input as SetRunTagInput;
        return key === NOTE_TAG ? 'Description saved' : `Tag “${key}” saved`;
      },
      errorMessage: 'Could not save',
    },
    // Tags show in lists too (tag columns, filters): refresh every runs query.
    onSettled: () => queryClient.invalidateQueries({ queryKey: runKeys.all }),
  });
}
