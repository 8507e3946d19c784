// Registry webhooks with MLflow 3.3+'s semantics (create, list, get, update, delete, test) and
// Runboard's additions: deliveries queued in the registry change's own transaction, and a
// delivery log. Secrets are stored for signing and never returned.
import { randomUUID } from 'node:crypto';
import { decodePageToken, encodePageToken, PageTokenError } from '../../src/lib/mlflow/filter/index.js';
import { invalidParameter, notFound } from '../errors.js';
import type { Db } from '../store/database.js';
import * as store from '../store/webhooks.js';
import {
  eventsForChanges,
  eventToWire,
  examplePayload,
  newDeliveryId,
  parseWireEvent,
  type WebhookEventName,
  type WireWebhookEvent,
} from './webhook-events.js';
import { openSecret, sealSecret, WebhookSecretError } from './webhook-secrets.js';
import { checkWebhookTarget, sendWebhook, WebhookTargetError, type SendResult } from './webhook-target.js';
import type { RegistryChange } from './registry-change.js';

export const WEBHOOK_STATUSES = ['ACTIVE', 'DISABLED'] as const;
export type WebhookStatus = (typeof WEBHOOK_STATUSES)[number];

export const LIST_WEBHOOKS_DEFAULT = 100;
export const LIST_WEBHOOKS_MAX = 1000;
export const LIST_DELIVERIES_DEFAULT = 50;
export const LIST_DELIVERIES_MAX = 500;
const MAX_NAME_LENGTH = 256;
const MAX_DESCRIPTION_LENGTH = 1000;
const MAX_SECRET_LENGTH = 1000;

/** How deliveries go out; tests shorten the delays. */
export interface WebhookDeliveryPolicy {
  /** Per attempt, connect to last byte of the answer. */
  timeoutMs: number;
  /** Attempts per delivery, the first included. */
  maxAttempts: number;
  /** Delay before the 2nd attempt; doubled for each further one. */
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** How often the queue is looked at when nothing wakes the dispatcher (other processes' deliveries). */
  pollMs: number;
  /** Deliveries sent at the same time by one process. */
  concurrency: number;
}

export const DEFAULT_DELIVERY_POLICY: WebhookDeliveryPolicy = {
  timeoutMs: 10_000,
  maxAttempts: 5,
  backoffBaseMs: 1000,
  backoffMaxMs: 60_000,
  pollMs: 1000,
  concurrency: 8,
};

export interface WebhookSettings {
  /** --allow-local-webhooks: loopback, link-local and private targets are allowed. */
  allowLocal: boolean;
  policy: WebhookDeliveryPolicy;
  /** Encrypts secrets at rest (RUNBOARD_WEBHOOK_SECRET_KEY); without it they are stored as given. */
  secretKey: Buffer | undefined;
}

/** A webhook as MLflow's API returns it (no secret). */
export interface WireWebhook {
  webhook_id: string;
  name: string;
  description?: string;
  url: string;
  events: WireWebhookEvent[];
  status: WebhookStatus;
  creation_timestamp: number;
  last_updated_timestamp: number;
}

function toWire(row: store.WebhookRow): WireWebhook {
  const events = JSON.parse(row.events) as string[];
  return {
    webhook_id: row.webhook_id,
    name: row.name,
    ...(row.description ? { description: row.description } : {}),
    url: row.url,
    events: events.map(eventToWire),
    status: row.status as WebhookStatus,
    creation_timestamp: Number(row.creation_timestamp),
    last_updated_timestamp: Number(row.last_updated_timestamp),
  };
}

function checkName(name: string): string {
  const trimmed = name.trim();
  if (!trimmed) throw invalidParameter('Webhook name cannot be empty.');
  if (name.length > MAX_NAME_LENGTH) throw invalidParameter(`Webhook name is longer than ${MAX_NAME_LENGTH} characters.`);
  return name;
}

function checkLength(field: string, value: string | undefined, max: number): void {
  if (value !== undefined && value.length > max) throw invalidParameter(`Webhook ${field} is longer than ${max} characters.`);
}

async function checkUrl(url: string, settings: WebhookSettings): Promise<string> {
  try {
    await checkWebhookTarget(url, settings.allowLocal);
  } catch (error) {
    if (error instanceof WebhookTargetError) throw invalidParameter(error.message);
    throw error;
  }
  return url;
}

export interface CreateWebhookInput {
  name: string;
  description?: string;
  url: string;
  events: WebhookEventName[];
  secret?: string;
  status?: WebhookStatus;
}

export async function createWebhook(db: Db, settings: WebhookSettings, input: CreateWebhookInput): Promise<{ webhook: WireWebhook }> {
  const name = checkName(input.name);
  checkLength('description', input.description, MAX_DESCRIPTION_LENGTH);
  checkLength('secret', input.secret, MAX_SECRET_LENGTH);
  const url = await checkUrl(input.url, settings);
  const now = Date.now();
  const row: store.WebhookRow = {
    webhook_id: randomUUID().replace(/-/g, ''),
    name,
    description: input.description || null,
    url,
    secret: input.secret ? sealSecret(input.secret, settings.secretKey) : null,
    events: JSON.stringify(input.events),
    status: input.status ?? 'ACTIVE',
    creation_timestamp: now,
    last_updated_timestamp: now,
  };
  await store.insertWebhook(db, row);
  return { webhook: toWire(row) };
}

async function requireWebhook(db: Db, webhookId: string): Promise<store.WebhookRow> {
  const row = await store.findWebhook(db, webhookId);
  if (!row) throw notFound(`Webhook with ID ${webhookId} not found.`);
  return row;
}

export async function getWebhook(db: Db, webhookId: string): Promise<{ webhook: WireWebhook }> {
  return { webhook: toWire(await requireWebhook(db, webhookId)) };
}

function readOffset(pageToken: string | undefined): number {
  if (!pageToken) return 0;
  try {
    return decodePageToken(pageToken);
  } catch (error) {
    if (error instanceof PageTokenError) throw invalidParameter(error.message);
    throw error;
  }
}

export async function listWebhooks(
  db: Db,
  maxResults: number,
  pageToken: string | undefined,
): Promise<{ webhooks: WireWebhook[]; next_page_token?: string }> {
  if (maxResults < 1 || maxResults > LIST_WEBHOOKS_MAX) {
    throw invalidParameter(
      `Invalid value ${maxResults} for parameter 'max_results' supplied. It must be at least 1 and at most ${LIST_WEBHOOKS_MAX}.`,
    );
  }
  const offset = readOffset(pageToken);
  const rows = await store.listWebhookRows(db, maxResults + 1, offset);
  const page = rows.slice(0, maxResults);
  return {
    webhooks: page.map(toWire),
    ...(rows.length > maxResults ? { next_page_token: encodePageToken(offset + maxResults) } : {}),
  };
}

export interface UpdateWebhookInput {
  name?: string;
  description?: string;
  url?: string;
  events?: WebhookEventName[];
  /** '' removes the secret (deliveries go out unsigned). */
  secret?: string;
  status?: WebhookStatus;
}

export async function updateWebhook(
  db: Db,
  settings: WebhookSettings,
  webhookId: string,
  input: UpdateWebhookInput,
): Promise<{ webhook: WireWebhook }> {
  const row = await requireWebhook(db, webhookId);
  const changes: Partial<store.WebhookRow> = {};
  if (input.name !== undefined) changes.name = checkName(input.name);
  if (input.description !== undefined) {
    checkLength('description', input.description, MAX_DESCRIPTION_LENGTH);
    changes.description = input.description || null;
  }
  if (input.url !== undefined) changes.url = await checkUrl(input.url, settings);
  if (input.events !== undefined) changes.events = JSON.stringify(input.events);
  if (input.secret !== undefined) {
    checkLength('secret', input.secret, MAX_SECRET_LENGTH);
    changes.secret = input.secret ? sealSecret(input.secret, settings.secretKey) : null;
  }
  if (input.status !== undefined) changes.status = input.status;
  changes.last_updated_timestamp = Math.max(Date.now(), Number(row.last_updated_timestamp));
  await store.updateWebhookRow(db, webhookId, changes);
  return { webhook: toWire({ ...row, ...changes }) };
}

export async function deleteWebhook(db: Db, webhookId: string): Promise<Record<string, never>> {
  if (!(await store.deleteWebhookRow(db, webhookId))) throw notFound(`Webhook with ID ${webhookId} not found.`);
  return {};
}

export interface WebhookTestResult {
  success: boolean;
  response_status?: number;
  response_body?: string;
  error_message?: string;
}

/**
 * Sends MLflow's example payload for `event` (default: the webhook's first event) now, and waits
 * for the answer, as MLflow does. Runboard also logs it (marked as a test) in the delivery log.
 */
export async function testWebhook(
  db: Db,
  settings: WebhookSettings,
  webhookId: string,
  rawEvent: unknown,
): Promise<{ result: WebhookTestResult }> {
  const row = await requireWebhook(db, webhookId);
  const subscribed = JSON.parse(row.events) as WebhookEventName[];
  const event = rawEvent === undefined || rawEvent === null ? subscribed[0] : parseWireEvent(rawEvent);
  if (!event) throw invalidParameter(`Webhook ${webhookId} has no events to test.`);
  const now = Date.now();
  const queued = examplePayload(event, now);
  const deliveryId = newDeliveryId();
  const sent = await sendWithStoredSecret(settings, { url: row.url, storedSecret: row.secret, deliveryId, payload: queued.payload });
  const success = sent.statusCode !== null && sent.statusCode < 400;
  await store.insertTestDelivery(
    db,
    {
      delivery_id: deliveryId,
      webhook_id: webhookId,
      event,
      payload: queued.payload,
      state: success ? 'SUCCEEDED' : 'FAILED',
      is_test: 1,
      attempts: 1,
      created_at: now,
      next_attempt_at: null,
    },
    {
      delivery_id: deliveryId,
      attempt: 1,
      timestamp: now,
      status_code: sent.statusCode,
      latency_ms: sent.latencyMs,
      response_excerpt: sent.responseExcerpt,
      error: sent.error,
    },
  );
  const result: WebhookTestResult = { success };
  if (sent.statusCode !== null) result.response_status = sent.statusCode;
  if (sent.responseExcerpt) result.response_body = sent.responseExcerpt;
  if (!success && sent.error) result.error_message = sent.statusCode === null ? `Failed to test webhook: ${sent.error}` : sent.error;
  return { result };
}

/**
 * Sends one delivery, signed with the webhook's stored secret. A secret this server cannot open
 * (encrypted with another key) fails the attempt without a request and without a retry.
 */
export async function sendWithStoredSecret(
  settings: WebhookSettings,
  input: { url: string; storedSecret: string | null; deliveryId: string; payload: string },
): Promise<SendResult> {
  let secret: string | null = null;
  try {
    secret = input.storedSecret === null ? null : openSecret(input.storedSecret, settings.secretKey);
  } catch (error) {
    if (!(error instanceof WebhookSecretError)) throw error;
    return { statusCode: null, latencyMs: 0, responseExcerpt: null, error: error.message, retryable: false };
  }
  return sendWebhook({
    url: input.url,
    secret,
    deliveryId: input.deliveryId,
    payload: input.payload,
    timeoutMs: settings.policy.timeoutMs,
    allowLocal: settings.allowLocal,
  });
}

/**
 * Queues one delivery per active webhook subscribed to each event the changes fire. Runs inside the
 * registry change's transaction (services/registry-events.ts), so a change and its deliveries
 * commit or roll back together; the dispatcher sends them after the commit.
 */
export async function queueWebhookDeliveries(trx: Db, timestamp: number, changes: readonly RegistryChange[]): Promise<void> {
  const webhooks = await store.listActiveWebhookRows(trx);
  if (webhooks.length === 0) return;
  const events = await eventsForChanges(changes, timestamp, (name, version) => store.findVersionRunId(trx, name, Number(version)));
  const rows = [];
  for (const queued of events) {
    for (const webhook of webhooks) {
      if (!(JSON.parse(webhook.events) as string[]).includes(queued.event)) continue;
      rows.push({
        delivery_id: newDeliveryId(),
        webhook_id: webhook.webhook_id,
        event: queued.event,
        payload: queued.payload,
        state: store.PENDING,
        created_at: timestamp,
        next_attempt_at: timestamp,
      });
    }
  }
  await store.insertDeliveries(trx, rows);
}

export interface WireDeliveryAttempt {
  attempt: number;
  timestamp: number;
  status_code?: number;
  latency_ms: number;
  response_excerpt?: string;
  error?: string;
}

export interface WireDelivery {
  delivery_id: string;
  webhook_id: string;
  event: string;
  state: string;
  is_test: boolean;
  created_at: number;
  next_attempt_at?: number;
  attempts: WireDeliveryAttempt[];
}

/** Runboard's delivery log of one webhook, newest delivery first, each with its attempts in order. */
export async function listDeliveries(
  db: Db,
  webhookId: string,
  maxResults: number,
  pageToken: string | undefined,
): Promise<{ deliveries: WireDelivery[]; next_page_token?: string }> {
  await requireWebhook(db, webhookId);
  if (maxResults < 1 || maxResults > LIST_DELIVERIES_MAX) {
    throw invalidParameter(
      `Invalid value ${maxResults} for parameter 'max_results' supplied. It must be at least 1 and at most ${LIST_DELIVERIES_MAX}.`,
    );
  }
  const below = pageToken ? readOffset(pageToken) : undefined;
  const rows = await store.listDeliveryRows(db, webhookId, maxResults + 1, below);
  const page = rows.slice(0, maxResults);
  const attempts = await store.listAttemptRows(
    db,
    page.map((row) => row.delivery_id),
  );
  const byDelivery = new Map<string, WireDeliveryAttempt[]>();
  for (const attempt of attempts) {
    const list = byDelivery.get(attempt.delivery_id) ?? [];
    list.push({
      attempt: attempt.attempt,
      timestamp: Number(attempt.timestamp),
      ...(attempt.status_code !== null ? { status_code: attempt.status_code } : {}),
      latency_ms: attempt.latency_ms,
      ...(attempt.response_excerpt !== null ? { response_excerpt: attempt.response_excerpt } : {}),
      ...(attempt.error !== null ? { error: attempt.error } : {}),
    });
    byDelivery.set(attempt.delivery_id, list);
  }
  const last = page[page.length - 1];
  return {
    deliveries: page.map((row) => ({
      delivery_id: row.delivery_id,
      webhook_id: row.webhook_id,
      event: row.event,
      state: row.state,
      is_test: row.is_test === 1,
      created_at: Number(row.created_at),
      ...(row.state === store.PENDING && row.next_attempt_at !== null ? { next_attempt_at: Number(row.next_attempt_at) } : {}),
      attempts: byDelivery.get(row.delivery_id) ?? [],
    })),
    ...(rows.length > maxResults && last ? { next_page_token: encodePageToken(last.id) } : {}),
  };
}
