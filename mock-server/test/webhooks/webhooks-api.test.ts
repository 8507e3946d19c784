// MLflow 3.3+'s webhook endpoints: create, list (paged), get, update, delete and test, under both
// API prefixes, with MLflow's wire format ({entity, action} events, ACTIVE/DISABLED, no secret in
// answers) and 400 INVALID_PARAMETER_VALUE for bad input that leaves the store unchanged.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call, startReceiver, startServer, type Receiver, type WebhookTestServer } from './webhook-test-kit.js';

interface WireWebhook {
  webhook_id: string;
  name: string;
  description?: string;
  url: string;
  secret?: string;
  events: { entity: string; action: string }[];
  status: string;
  creation_timestamp: number;
  last_updated_timestamp: number;
}
interface WebhookBody {
  webhook: WireWebhook;
  webhooks: WireWebhook[];
  next_page_token?: string;
  error_code: string;
  message: string;
  result: { success: boolean; response_status?: number; response_body?: string; error_message?: string };
}

const API = '/api/2.0/mlflow/webhooks';
const AJAX = '/ajax-api/2.0/mlflow/webhooks';
const ALIAS_CREATED = { entity: 'MODEL_VERSION_ALIAS', action: 'CREATED' };

let server: WebhookTestServer;
let receiver: Receiver;
beforeEach(async () => {
  server = await startServer({ allowLocalWebhooks: true });
  receiver = await startReceiver();
});
afterEach(async () => {
  await server.close();
  await receiver.close();
});

const request = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, body?: unknown) =>
  call<WebhookBody>(server.app, method, url, body);

async function create(extra: Record<string, unknown> = {}): Promise<WireWebhook> {
  const reply = await request('POST', API, { name: 'ci', url: receiver.url, events: [ALIAS_CREATED], ...extra });
  expect(reply.status, JSON.stringify(reply.json)).toBe(200);
  return reply.json.webhook;
}

async function count(): Promise<number> {
  return (await request('GET', `${API}?max_results=1000`)).json.webhooks.length;
}

describe('webhooks: create, get, list', () => {
  it('creates a webhook and answers it in MLflow’s shape, without the secret', async () => {
    const before = Date.now();
    const webhook = await create({
      description: 'notify CI',
      secret: 's3cret',
      events: [ALIAS_CREATED, { entity: 'MODEL_VERSION', action: 'CREATED' }],
    });
    expect(webhook).toEqual({
      webhook_id: expect.stringMatching(/^[0-9a-f]{32}$/) as string,
      name: 'ci',
      description: 'notify CI',
      url: receiver.url,
      events: [ALIAS_CREATED, { entity: 'MODEL_VERSION', action: 'CREATED' }],
      status: 'ACTIVE',
      creation_timestamp: expect.any(Number) as number,
      last_updated_timestamp: expect.any(Number) as number,
    });
    expect(webhook.creation_timestamp).toBeGreaterThanOrEqual(before);
    const fetched = await request('GET', `${AJAX}/${webhook.webhook_id}`);
    expect(fetched.status).toBe(200);
    expect(fetched.json.webhook).toEqual(webhook);
    expect(JSON.stringify((await request('GET', API)).json)).not.toContain('s3cret');
  });

  it('accepts proto enum numbers and a DISABLED status, and drops duplicate events', async () => {
    const webhook = await create({
      events: [{ entity: 4, action: 1 }, ALIAS_CREATED, { entity: 'MODEL_VERSION_STAGE', action: 'TRANSITIONED' }],
      status: 'DISABLED',
    });
    expect(webhook.events).toEqual([ALIAS_CREATED, { entity: 'MODEL_VERSION_STAGE', action: 'TRANSITIONED' }]);
    expect(webhook.status).toBe('DISABLED');
  });

  it('pages the list newest first with max_results and page_token', async () => {
    const names = ['a', 'b', 'c', 'd', 'e'];
    for (const name of names) await create({ name });
    const first = await request('GET', `${API}?max_results=2`);
    expect(first.json.webhooks.map((webhook) => webhook.name)).toHaveLength(2);
    const seen = [...first.json.webhooks];
    let token = first.json.next_page_token;
    while (token) {
      const page = await request('GET', `${API}?max_results=2&page_token=${encodeURIComponent(token)}`);
      seen.push(...page.json.webhooks);
      token = page.json.next_page_token;
    }
    expect(seen.map((webhook) => webhook.name).sort()).toEqual(names);
    expect(new Set(seen.map((webhook) => webhook.webhook_id)).size).toBe(5);
    const stamps = seen.map((webhook) => webhook.creation_timestamp);
    expect(stamps).toEqual([...stamps].sort((a, b) => b - a));
    expect((await request('GET', `${API}?max_results=0`)).json.error_code).toBe('INVALID_PARAMETER_VALUE');
    expect((await request('GET', `${API}?max_results=1001`)).status).toBe(400);
    expect((await request('GET', `${API}?page_token=garbage`)).json.error_code).toBe('INVALID_PARAMETER_VALUE');
  });

  it('answers 4xx (never 500) for a malformed or oversized id', async () => {
    // Fastify itself refuses a malformed percent-encoding (400) before any route runs.
    expect((await request('GET', `${API}/%E0%A4%A`)).status).toBe(400);
    expect((await request('GET', `${API}/${'x'.repeat(5000)}`)).status).toBe(404);
  });

  it('answers 404 RESOURCE_DOES_NOT_EXIST for an unknown id on get, update, delete and test', async () => {
    for (const [method, url] of [
      ['GET', `${API}/nope`],
      ['PATCH', `${API}/nope`],
      ['DELETE', `${API}/nope`],
      ['POST', `${API}/nope/test`],
    ] as const) {
      const reply = await request(method, url, method === 'GET' ? undefined : {});
      expect(reply.status, `${method} ${url}`).toBe(404);
      expect(reply.json).toEqual({ error_code: 'RESOURCE_DOES_NOT_EXIST', message: 'Webhook with ID nope not found.' });
    }
  });
});

describe('webhooks: bad input is refused with 400 and changes nothing', () => {
  const cases: [string, Record<string, unknown>, RegExp][] = [
    ['missing name', { name: undefined }, /Missing value for required parameter 'name'/],
    ['blank name', { name: '   ' }, /name cannot be empty/],
    ['missing url', { url: undefined }, /Missing value for required parameter 'url'/],
    ['ftp url', { url: 'ftp://example.com/x' }, /scheme 'ftp'.*only http and https/],
    ['file url', { url: 'file:///etc/passwd' }, /scheme 'file'/],
    ['relative url', { url: '/hook' }, /absolute http/],
    ['url with credentials', { url: 'http://user:pw@example.com/' }, /credentials/],
    ['missing events', { events: undefined }, /required parameter 'events'/],
    ['empty events', { events: [] }, /events cannot be empty/],
    ['events not a list', { events: 'model_version.created' }, /parameter 'events'/],
    ['unknown entity', { events: [{ entity: 'EXPERIMENT', action: 'CREATED' }] }, /Invalid webhook event entity "EXPERIMENT"/],
    ['unknown action', { events: [{ entity: 'MODEL_VERSION', action: 'EXPLODED' }] }, /Invalid webhook event action "EXPLODED"/],
    [
      'invalid combination',
      { events: [{ entity: 'MODEL_VERSION', action: 'DELETED' }] },
      /Invalid action 'deleted' for entity 'model_version'. Valid actions are: \['created'\]/,
    ],
    ['missing action', { events: [{ entity: 'MODEL_VERSION' }] }, /events.action/],
    ['prompt events', { events: [{ entity: 'PROMPT', action: 'CREATED' }] }, /not supported by this server/],
    ['bad status', { status: 'PAUSED' }, /parameter 'status'/],
  ];
  for (const [label, change, message] of cases) {
    it(label, async () => {
      const body = { name: 'ci', url: receiver.url, events: [ALIAS_CREATED], ...change };
      const reply = await request('POST', API, body);
      expect(reply.status).toBe(400);
      expect(reply.json.error_code).toBe('INVALID_PARAMETER_VALUE');
      expect(reply.json.message).toMatch(message);
      expect(await count()).toBe(0);
    });
  }

  it('an update with a bad field changes nothing at all', async () => {
    const webhook = await create();
    for (const change of [
      { url: 'gopher://x' },
      { events: [{ entity: 'MODEL_VERSION_TAG', action: 'CREATED' }] },
      { name: '' },
      { status: 'GONE' },
    ]) {
      const reply = await request('PATCH', `${API}/${webhook.webhook_id}`, { description: 'changed', ...change });
      expect(reply.status, JSON.stringify(change)).toBe(400);
      expect(reply.json.error_code).toBe('INVALID_PARAMETER_VALUE');
    }
    expect((await request('GET', `${API}/${webhook.webhook_id}`)).json.webhook).toEqual(webhook);
  });
});

describe('webhooks: update and delete', () => {
  it('updates only the given fields, keeps the events when none are sent, and disables', async () => {
    const webhook = await create({ description: 'old' });
    const reply = await request('PATCH', `${API}/${webhook.webhook_id}`, { name: 'deploy', status: 'DISABLED', description: '' });
    expect(reply.status).toBe(200);
    expect(reply.json.webhook).toMatchObject({
      webhook_id: webhook.webhook_id,
      name: 'deploy',
      url: receiver.url,
      events: [ALIAS_CREATED],
      status: 'DISABLED',
    });
    expect(reply.json.webhook).not.toHaveProperty('description');
    expect(reply.json.webhook.last_updated_timestamp).toBeGreaterThanOrEqual(webhook.last_updated_timestamp);
    const events = [
      { entity: 'MODEL_VERSION_TAG', action: 'SET' },
      { entity: 'MODEL_VERSION_TAG', action: 'DELETED' },
    ];
    const again = await request('PATCH', `${AJAX}/${webhook.webhook_id}`, { events, status: 'ACTIVE' });
    expect(again.json.webhook).toMatchObject({ name: 'deploy', events, status: 'ACTIVE' });
    expect((await request('GET', `${API}/${webhook.webhook_id}`)).json.webhook).toEqual(again.json.webhook);
  });

  it('deletes a webhook: {} then 404', async () => {
    const webhook = await create();
    const reply = await request('DELETE', `${API}/${webhook.webhook_id}`);
    expect(reply.status).toBe(200);
    expect(reply.json).toEqual({});
    expect((await request('GET', `${API}/${webhook.webhook_id}`)).status).toBe(404);
    expect(await count()).toBe(0);
  });

  it('answers 405 for a method the path does not have', async () => {
    expect((await request('PATCH', API, {})).status).toBe(405);
    expect((await request('GET', `${API}/x/test`)).status).toBe(405);
  });
});

describe('webhooks: test endpoint', () => {
  it('sends the example payload of the first event and reports the receiver’s answer', async () => {
    const webhook = await create({ secret: 'k' });
    const reply = await request('POST', `${API}/${webhook.webhook_id}/test`, {});
    expect(reply.status).toBe(200);
    expect(reply.json.result).toEqual({ success: true, response_status: 200, response_body: 'thanks' });
    expect(receiver.received).toHaveLength(1);
    const sent = JSON.parse(receiver.received[0]?.body ?? '{}') as Record<string, unknown>;
    expect(sent).toMatchObject({
      entity: 'model_version_alias',
      action: 'created',
      data: { name: 'example_model', alias: 'example_alias', version: '1' },
    });
  });

  it('tests a chosen event, reports a failing receiver, and refuses an invalid event', async () => {
    const webhook = await create();
    receiver.respond = () => 500;
    const reply = await request('POST', `${API}/${webhook.webhook_id}/test`, { event: { entity: 'MODEL_VERSION_TAG', action: 'SET' } });
    expect(reply.json.result).toMatchObject({ success: false, response_status: 500, response_body: 'receiver is unhappy' });
    expect(JSON.parse(receiver.received[0]?.body ?? '{}')).toMatchObject({ entity: 'model_version_tag', action: 'set' });
    const bad = await request('POST', `${API}/${webhook.webhook_id}/test`, { event: { entity: 'MODEL_VERSION_TAG', action: 'CREATED' } });
    expect(bad.status).toBe(400);
    expect(receiver.received).toHaveLength(1);
  });

  it('reports an unreachable receiver as a failed result, not an error', async () => {
    const webhook = await create();
    await receiver.close();
    const reply = await request('POST', `${API}/${webhook.webhook_id}/test`, {});
    expect(reply.status).toBe(200);
    expect(reply.json.result.success).toBe(false);
    expect(reply.json.result.error_message).toMatch(/Failed to test webhook: .*ECONNREFUSED/);
    receiver = await startReceiver();
  });
});
