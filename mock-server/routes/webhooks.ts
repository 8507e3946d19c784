// Registry webhooks, MLflow 3.3+'s REST API (mlflow/protos/webhooks.proto):
//   POST /mlflow/webhooks, GET /mlflow/webhooks, GET|PATCH|DELETE /mlflow/webhooks/{webhook_id},
//   POST /mlflow/webhooks/{webhook_id}/test
// and Runboard's delivery log, GET /runboard/webhooks/deliveries?webhook_id=.
//
// With --app-name basic-auth, only admins change, test or read deliveries (auth/endpoint-rules.ts).
import { invalidValue, type RequestInput } from '../http/request-input.js';
import type { Endpoint, EndpointContext } from '../http/router.js';
import type { ServerContext } from '../services/server-context.js';
import { parseWireEvents } from '../services/webhook-events.js';
import * as webhooks from '../services/webhooks.js';

type Handler = (ctx: EndpointContext) => unknown;

function readMaxResults(input: RequestInput, fallback: number): number {
  if (!input.has('max_results')) return fallback;
  const raw = input.raw('max_results');
  try {
    return input.requiredInt('max_results');
  } catch {
    throw invalidValue('max_results', raw);
  }
}

function webhookIdOf({ pathParams, input }: EndpointContext): string {
  const raw = pathParams.webhook_id;
  if (!raw) return input.requiredString('webhook_id');
  try {
    return decodeURIComponent(raw);
  } catch {
    // Malformed percent-encoding names no webhook: the lookup answers 404 with the id as sent.
    return raw;
  }
}

/** A string field that may be absent; "" is kept (it clears description and secret on update). */
function optionalString(input: RequestInput, name: string): string | undefined {
  const value = input.raw(name);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalidValue(name, value);
  return value;
}

function status(input: RequestInput): webhooks.WebhookStatus | undefined {
  return input.enumValue('status', webhooks.WEBHOOK_STATUSES);
}

export function webhookEndpoints({ db }: ServerContext, settings: webhooks.WebhookSettings): Endpoint[] {
  const create: Handler = ({ input }) => {
    const events = parseWireEvents(input.raw('events'), true) ?? [];
    const secret = optionalString(input, 'secret');
    const description = optionalString(input, 'description');
    const webhookStatus = status(input);
    return webhooks.createWebhook(db, settings, {
      name: input.requiredString('name'),
      url: input.requiredString('url'),
      events,
      ...(description !== undefined ? { description } : {}),
      ...(secret !== undefined ? { secret } : {}),
      ...(webhookStatus !== undefined ? { status: webhookStatus } : {}),
    });
  };
  const list: Handler = ({ input }) =>
    webhooks.listWebhooks(db, readMaxResults(input, webhooks.LIST_WEBHOOKS_DEFAULT), input.string('page_token'));
  const get: Handler = (ctx) => webhooks.getWebhook(db, webhookIdOf(ctx));
  const update: Handler = (ctx) => {
    const { input } = ctx;
    const changes: webhooks.UpdateWebhookInput = {};
    const name = optionalString(input, 'name');
    const description = optionalString(input, 'description');
    const url = optionalString(input, 'url');
    const secret = optionalString(input, 'secret');
    const events = parseWireEvents(input.raw('events'), false);
    const webhookStatus = status(input);
    if (name !== undefined) changes.name = name;
    if (description !== undefined) changes.description = description;
    if (url !== undefined) changes.url = url;
    if (secret !== undefined) changes.secret = secret;
    if (events !== undefined) changes.events = events;
    if (webhookStatus !== undefined) changes.status = webhookStatus;
    return webhooks.updateWebhook(db, settings, webhookIdOf(ctx), changes);
  };
  const remove: Handler = (ctx) => webhooks.deleteWebhook(db, webhookIdOf(ctx));
  const test: Handler = (ctx) => webhooks.testWebhook(db, settings, webhookIdOf(ctx), ctx.input.raw('event'));
  const deliveries: Handler = ({ input }) =>
    webhooks.listDeliveries(
      db,
      input.requiredString('webhook_id'),
      readMaxResults(input, webhooks.LIST_DELIVERIES_DEFAULT),
      input.string('page_token'),
    );

  return [
    { method: 'POST', path: '/mlflow/webhooks', handler: create },
    { method: 'GET', path: '/mlflow/webhooks', handler: list },
    { method: 'GET', path: '/mlflow/webhooks/:webhook_id', handler: get },
    { method: 'PATCH', path: '/mlflow/webhooks/:webhook_id', handler: update },
    { method: 'DELETE', path: '/mlflow/webhooks/:webhook_id', handler: remove },
    { method: 'POST', path: '/mlflow/webhooks/:webhook_id/test', handler: test },
    { method: 'GET', path: '/runboard/webhooks/deliveries', handler: deliveries },
  ];
}
