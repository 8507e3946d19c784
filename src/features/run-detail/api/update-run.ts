import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiPost } from '../../../lib/api-client';
import { runKeys } from './run-model';

export interface RenameRunInput {
  runId: string;
  name: string;
}

export async function renameRun({ runId, name }: RenameRunInput): Promise<void> {
  await apiPost('/runs/update', { run_id: runId, run_name: name });
}

export function useRenameRun() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: renameRun,
    meta: {
      successMessage: (_data, input) => `Run renamed to “${(input as RenameRunInput).name}”`,
      errorMessage: 'Could not rename the run',
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: runKeys.all }),
  });
}
