import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiSend } from '../../../lib/api-client';
import { invalidateModel } from '../invalidate-registry';

export interface DeleteRegisteredModelTagInput {
  name: string;
  key: string;
}

/** DELETE registered-models/delete-tag */
export async function deleteRegisteredModelTag({ name, key }: DeleteRegisteredModelTagInput): Promise<void> {
  await apiSend('DELETE', '/registered-models/delete-tag', { name, key });
}

export function useDeleteRegisteredModelTag() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteRegisteredModelTag,
    meta: { successMessage: (_data, input) => `Tag “${(input as DeleteRegisteredModelTagInput).key}” removed`, errorMessage: 'Could not remove the tag' },
    onSettled: (_data, _error, { name }) => invalidateModel(queryClient, name),
  });
}
