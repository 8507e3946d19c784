// POST runs/update: renames a run.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiPost } from '../../../lib/api-client';
import { runKeys } from '../run-keys';

export interface RenameRunInput {
  runId: string;
  name: string;
}

export async function renameRun({ runId, name }: RenameRunInput, signal?: AbortSignal): Promise<void> {
  await apiPost('/runs/update', { run_id: runId, run_name: name }, { signal });
}

export function useRenameRun() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: RenameRunInput) => renameRun(input),
    meta: {
      successMessage: (_data, input) => `Run renamed to “${(input as RenameRunInput).name}”`,
      errorMessage: 'Could not rename the run',
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: runKeys.all }),
  });
}
