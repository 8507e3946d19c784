import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiGet, RUNBOARD_API_BASE } from '../../lib/api-client';
import { webhookKeys, type Delivery } from './webhook-model';

const PAGE_SIZE = 100;
/** While a delivery waits for an attempt the log refreshes itself. */
const PENDING_REFRESH_MS = 1000;

interface WireDelivery {
  delivery_id: string;
  event: string;
  state: string;
  is_test?: boolean;
  created_at: number;
  next_attempt_at?: number;
  attempts?: { attempt: number; timestamp: number; status_code?: number; latency_ms: number; response_excerpt?: string; error?: string }[];
}

/** GET /ajax-api/2.0/runboard/webhooks/deliveries (Runboard extension): the newest deliveries of a webhook with their attempts. */
export async function listWebhookDeliveries(webhookId: string, signal?: AbortSignal): Promise<Delivery[]> {
  const response = await apiGet<{ deliveries?: WireDelivery[] }>(
    '/webhooks/deliveries',
    { webhook_id: webhookId, max_results: PAGE_SIZE },
    { signal, base: RUNBOARD_API_BASE },
  );
  return (response.deliveries ?? []).map((wire) => ({
    id: wire.delivery_id,
    event: wire.event,
    state: wire.state,
    isTest: wire.is_test ?? false,
    createdAt: wire.created_at,
    nextAttemptAt: wire.next_attempt_at,
    attempts: (wire.attempts ?? []).map((attempt) => ({
      attempt: attempt.attempt,
      timestamp: attempt.timestamp,
      statusCode: attempt.status_code,
      latencyMs: attempt.latency_ms,
      responseExcerpt: attempt.response_excerpt,
      error: attempt.error,
    })),
  }));
}

export const webhookDeliveriesQueryOptions = (webhookId: string) =>
  queryOptions({
    queryKey: webhookKeys.deliveries(webhookId),
    queryFn: ({ signal }) => listWebhookDeliveries(webhookId, signal),
    refetchInterval: (query) => (query.state.data?.some((delivery) => delivery.state === 'PENDING') ? PENDING_REFRESH_MS : false),
  });

export function useWebhookDeliveries(webhookId: string) {
  return useQuery(webhookDeliveriesQueryOptions(webhookId));
}
