import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiSend } from '../../lib/api-client';
import { eventToWire, fromWire, webhookKeys, type Webhook, type WebhookStatus, type WireWebhook } from './webhook-model';

export interface WebhookFields {
  name: string;
  url: string;
  description: string;
  events: string[];
  status: WebhookStatus;
  /** undefined keeps the current secret; '' removes it. */
  secret?: string;
}

/** POST webhooks (create). */
export async function createWebhook(fields: WebhookFields): Promise<Webhook> {
  const response = await apiSend<{ webhook: WireWebhook }>('POST', '/webhooks', {
    name: fields.name,
    url: fields.url,
    description: fields.description,
    events: fields.events.map(eventToWire),
    status: fields.status,
    ...(fields.secret ? { secret: fields.secret } : {}),
  });
  return fromWire(response.webhook);
}

/** PATCH webhooks/{id}: only the fields given change. */
export async function updateWebhook(id: string, fields: Partial<WebhookFields>): Promise<Webhook> {
  const response = await apiSend<{ webhook: WireWebhook }>('PATCH', `/webhooks/${encodeURIComponent(id)}`, {
    ...fields,
    ...(fields.events ? { events: fields.events.map(eventToWire) } : {}),
  });
  return fromWire(response.webhook);
}

export function useSaveWebhook() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, fields }: { id: string | undefined; fields: Partial<WebhookFields> }) =>
      id ? updateWebhook(id, fields) : createWebhook(fields as WebhookFields),
    onSettled: () => queryClient.invalidateQueries({ queryKey: webhookKeys.all() }),
  });
}
