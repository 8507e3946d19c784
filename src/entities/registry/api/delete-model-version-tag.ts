import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiSend } from '../../../lib/api-client';
import { invalidateModel } from '../invalidate-registry';

export interface DeleteModelVersionTagInput {
  name: string;
  version: string;
  key: string;
}

/** DELETE model-versions/delete-tag */
export async function deleteModelVersionTag({ name, version, key }: DeleteModelVersionTagInput): Promise<void> {
  await apiSend('DELETE', '/model-versions/delete-tag', { name, version, key });
}

export function useDeleteModelVersionTag() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteModelVersionTag,
    meta: { successMessage: (_data, input) => `Tag “${(input as DeleteModelVersionTagInput).key}” removed`, errorMessage: 'Could not remove the tag' },
    onSettled: (_data, _error, { name }) => invalidateModel(queryClient, name),
  });
}
