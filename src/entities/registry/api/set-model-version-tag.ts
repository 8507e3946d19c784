import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiPost } from '../../../lib/api-client';
import { invalidateModel } from '../invalidate-registry';

export interface SetModelVersionTagInput {
  name: string;
  version: string;
  key: string;
  value: string;
}

/** POST model-versions/set-tag */
export async function setModelVersionTag({ name, version, key, value }: SetModelVersionTagInput): Promise<void> {
  await apiPost('/model-versions/set-tag', { name, version, key, value });
}

export function useSetModelVersionTag() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: setModelVersionTag,
    meta: { successMessage: (_data, input) => `Tag “${(input as SetModelVersionTagInput).key}” saved`, errorMessage: 'Could not save the tag' },
    onSettled: (_data, _error, { name }) => invalidateModel(queryClient, name),
  });
}
