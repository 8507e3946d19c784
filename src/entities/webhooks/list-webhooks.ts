import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiGet, isMissingEndpoint } from '../../lib/api-client';
import { fromWire, webhookKeys, type Webhook, type WireWebhook } from './webhook-model';

const PAGE_SIZE = 1000;

export type WebhooksList = { supported: true; webhooks: Webhook[] } | { supported: false; webhooks: [] };

/** GET webhooks, every page (a registry has few webhooks), newest first. */
export async function listWebhooks(signal?: AbortSignal): Promise<WebhooksList> {
  const webhooks: Webhook[] = [];
  let pageToken: string | undefined;
  try {
    do {
      const page = await apiGet<{ webhooks?: WireWebhook[]; next_page_token?: string }>(
        '/webhooks',
        { max_results: PAGE_SIZE, page_token: pageToken },
        { signal },
      );
      webhooks.push(...(page.webhooks ?? []).map(fromWire));
      pageToken = page.next_page_token || undefined;
    } while (pageToken);
  } catch (error) {
    if (isMissingEndpoint(error)) return { supported: false, webhooks: [] };
    throw error;
  }
  return { supported: true, webhooks };
}

export const webhooksQueryOptions = () => queryOptions({ queryKey: webhookKeys.list(), queryFn: ({ signal }) => listWebhooks(signal) });

export function useWebhooks() {
  return useQuery(webhooksQueryOptions());
}
