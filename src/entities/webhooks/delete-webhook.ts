import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiSend } from '../../lib/api-client';
import { webhookKeys } from './webhook-model';

/** DELETE webhooks/{id} (its delivery log goes with it). */
export async function deleteWebhook(id: string): Promise<void> {
  await apiSend('DELETE', `/webhooks/${encodeURIComponent(id)}`, {});
}

export function useDeleteWebhook() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: deleteWebhook, onSettled: () => queryClient.invalidateQueries({ queryKey: webhookKeys.all() }) });
}
