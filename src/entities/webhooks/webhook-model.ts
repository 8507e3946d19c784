// Registry webhooks (MLflow 3.3+) as the UI holds them: camelCase, events as MLflow's
// "entity.action" strings. The wire shapes stay snake_case in the fetchers.
import { wireInt } from '../../lib/api-client';

export const WEBHOOK_EVENTS = [
  { name: 'registered_model.created', label: 'Registered model created' },
  { name: 'model_version.created', label: 'Model version created' },
  { name: 'model_version_tag.set', label: 'Version tag set' },
  { name: 'model_version_tag.deleted', label: 'Version tag deleted' },
  { name: 'model_version_alias.created', label: 'Alias set or moved' },
  { name: 'model_version_alias.deleted', label: 'Alias removed' },
  { name: 'model_version_stage.transitioned', label: 'Stage transition (Runboard)' },
] as const;

export type WebhookEventName = (typeof WEBHOOK_EVENTS)[number]['name'];
export type WebhookStatus = 'ACTIVE' | 'DISABLED';

/** The events a promotion on the model page fires: setting or moving an alias, or a stage transition. */
export const PROMOTION_EVENTS: readonly string[] = ['model_version_alias.created', 'model_version_stage.transitioned'];

export interface Webhook {
  id: string;
  name: string;
  description: string;
  url: string;
  events: string[];
  status: WebhookStatus;
  creationTimestamp: number | undefined;
  lastUpdatedTimestamp: number | undefined;
}

export interface WireWebhookEvent {
  entity: string;
  action: string;
}

export interface WireWebhook {
  webhook_id: string;
  name: string;
  description?: string;
  url: string;
  events?: WireWebhookEvent[];
  status?: WebhookStatus;
  creation_timestamp?: number | string;
  last_updated_timestamp?: number | string;
}

export function eventName(event: WireWebhookEvent): string {
  return `${event.entity.toLowerCase()}.${event.action.toLowerCase()}`;
}

export function eventToWire(name: string): WireWebhookEvent {
  const [entity = '', action = ''] = name.split('.');
  return { entity: entity.toUpperCase(), action: action.toUpperCase() };
}

export function eventLabel(name: string): string {
  return WEBHOOK_EVENTS.find((event) => event.name === name)?.label ?? name;
}

export function fromWire(wire: WireWebhook): Webhook {
  return {
    id: wire.webhook_id,
    name: wire.name,
    description: wire.description ?? '',
    url: wire.url,
    events: (wire.events ?? []).map(eventName),
    status: wire.status ?? 'ACTIVE',
    creationTimestamp: wireInt(wire.creation_timestamp),
    lastUpdatedTimestamp: wireInt(wire.last_updated_timestamp),
  };
}

export interface DeliveryAttempt {
  attempt: number;
  timestamp: number;
  statusCode: number | undefined;
  latencyMs: number;
  responseExcerpt: string | undefined;
  error: string | undefined;
}

export interface Delivery {
  id: string;
  event: string;
  /** PENDING (waiting for a first attempt or a retry), SUCCEEDED, FAILED or CANCELLED. */
  state: string;
  isTest: boolean;
  createdAt: number;
  nextAttemptAt: number | undefined;
  attempts: DeliveryAttempt[];
}

export const webhookKeys = {
  all: () => ['webhooks'] as const,
  list: () => ['webhooks', 'list'] as const,
  deliveries: (webhookId: string) => ['webhooks', 'deliveries', webhookId] as const,
};
