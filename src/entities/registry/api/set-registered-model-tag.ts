import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiPost } from '../../../lib/api-client';
import { invalidateModel } from '../invalidate-registry';

export interface SetRegisteredModelTagInput {
  name: string;
  key: string;
  value: string;
}

/** POST registered-models/set-tag */
export async function setRegisteredModelTag({ name, key, value }: SetRegisteredModelTagInput): Promise<void> {
  await apiPost('/registered-models/set-tag', { name, key, value });
}

export function useSetRegisteredModelTag() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: setRegisteredModelTag,
    meta: { successMessage: (_data, input) => `Tag “${(input as SetRegisteredModelTagInput).key}” saved`, errorMessage: 'Could not save the tag' },
    onSettled: (_data, _error, { name }) => invalidateModel(queryClient, name),
  });
}
