import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiPost } from '../../../lib/api-client';
import { runKeys, TAGS } from './run-model';

export interface SetRunTagInput {
  runId: string;
  key: string;
  value: string;
}

export async function setRunTag({ runId, key, value }: SetRunTagInput): Promise<void> {
  await apiPost('/runs/set-tag', { run_id: runId, key, value });
}

export function useSetRunTag() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: setRunTag,
    meta: {
      successMessage: (_data, input) => {
        const { key } = input as SetRunTagInput;
        return key === TAGS.note ? 'Description saved' : `Tag “${key}” saved`;
      },
      errorMessage: 'Could not save',
    },
    onSettled: (_data, _error, input) => queryClient.invalidateQueries({ queryKey: runKeys.run(input.runId) }),
  });
}
