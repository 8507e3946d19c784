import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiSend } from '../../lib/api-client';
import { eventToWire, webhookKeys } from './webhook-model';

export interface WebhookTestResult {
  success: boolean;
  responseStatus: number | undefined;
  responseBody: string | undefined;
  errorMessage: string | undefined;
}

/** POST webhooks/{id}/test: sends MLflow's example payload for `event` (default: the first subscribed) and waits for the answer. */
export async function testWebhook(id: string, event?: string): Promise<WebhookTestResult> {
  const response = await apiSend<{
    result?: { success?: boolean; response_status?: number; response_body?: string; error_message?: string };
  }>('POST', `/webhooks/${encodeURIComponent(id)}/test`, event ? { event: eventToWire(event) } : {});
  const result = response.result ?? {};
  return {
    success: result.success ?? false,
    responseStatus: result.response_status,
    responseBody: result.response_body,
    errorMessage: result.error_message,
  };
}

export function useTestWebhook() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, event }: { id: string; event?: string }) => testWebhook(id, event),
    onSettled: (_result, _error, { id }) => queryClient.invalidateQueries({ queryKey: webhookKeys.deliveries(id) }),
  });
}
