// Trace endpoints under `--app-name basic-auth`: a trace takes its experiment's permission, for
// MLflow 2.x and 3.x calls and for OTLP span export (experiment in the x-mlflow-experiment-id header).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServer } from '../../app.js';
import { freshStoreUri } from '../support/test-store.js';

const API = '/api/2.0/mlflow';
const API3 = '/api/3.0/mlflow';
const ADMIN = { username: 'root', password: 'root-secret-1' };

function basic(username: string, password: string): Record<string, string> {
  return { authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` };
}
const asAdmin = basic(ADMIN.username, ADMIN.password);

let app: FastifyInstance;
let dir: string;

beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'runboard-traces-auth-'));
  app = (
    await createServer({
      backendStoreUri: await freshStoreUri(),
      artifactsDestination: dir,
      auth: { defaultPermission: 'NO_PERMISSIONS', adminUsername: ADMIN.username, adminPassword: ADMIN.password, log: () => {} },
    })
  ).app;
});

afterEach(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

async function call(
  method: 'GET' | 'POST' | 'PATCH',
  url: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const reply = await app.inject({
    method,
    url,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { payload: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  return { status: reply.statusCode, json: reply.json() };
}

describe('traces with basic auth', { timeout: 30_000 }, () => {
  it('needs the experiment permission for every trace call', async () => {
    const ann = basic('ann', 'ann-password-1');
    expect((await call('POST', `${API}/users/create`, asAdmin, { username: 'ann', password: 'ann-password-1' })).status).toBe(200);
    const experimentId = (await call('POST', `${API}/experiments/create`, asAdmin, { name: 'private' })).json.experiment_id as string;
    const trace = (await call('POST', `${API}/traces`, asAdmin, { experiment_id: experimentId, timestamp_ms: 1 })).json.trace_info as {
      request_id: string;
    };
    const runId = (
      (await call('POST', `${API}/runs/create`, asAdmin, { experiment_id: experimentId })).json.run as { info: { run_id: string } }
    ).info.run_id;

    const denied = [
      await call('POST', `${API}/traces`, ann, { experiment_id: experimentId, timestamp_ms: 1 }),
      await call('POST', `${API3}/traces`, ann, {
        trace: {
          trace_info: {
            trace_id: 'tr-x',
            trace_location: { mlflow_experiment: { experiment_id: experimentId } },
            request_time: '2026-01-01T00:00:00Z',
          },
        },
      }),
      await call('GET', `${API}/traces?experiment_ids=${experimentId}`, ann),
      await call('POST', `${API3}/traces/search`, ann, {
        locations: [{ type: 'MLFLOW_EXPERIMENT', mlflow_experiment: { experiment_id: experimentId } }],
      }),
      await call('GET', `${API}/traces/${trace.request_id}/info`, ann),
      await call('GET', `${API3}/traces/${trace.request_id}`, ann),
      await call('PATCH', `${API}/traces/${trace.request_id}`, ann, { timestamp_ms: 5, status: 'OK' }),
      await call('PATCH', `${API}/traces/${trace.request_id}/tags`, ann, { key: 'k', value: 'v' }),
      await call('GET', `/ajax-api/2.0/mlflow/get-trace-artifact?request_id=${trace.request_id}`, ann),
      await call('POST', `${API}/traces/delete-traces`, ann, { experiment_id: experimentId, max_timestamp_millis: 10 }),
      await call('POST', '/v1/traces', { ...ann, 'x-mlflow-experiment-id': experimentId }, '{"resourceSpans": []}'),
      await call('POST', `${API3}/traces/batchGetInfos`, ann, { trace_ids: [trace.request_id] }),
      await call('POST', `${API}/traces/link-to-run`, ann, { trace_ids: [trace.request_id], run_id: runId }),
    ];
    expect(denied.map((reply) => reply.status)).toEqual(denied.map(() => 403));

    expect(
      (
        await call('POST', `${API}/experiments/permissions/create`, asAdmin, {
          experiment_id: experimentId,
          username: 'ann',
          permission: 'EDIT',
        })
      ).status,
    ).toBe(200);
    expect((await call('GET', `${API}/traces/${trace.request_id}/info`, ann)).status).toBe(200);
    expect((await call('PATCH', `${API}/traces/${trace.request_id}/tags`, ann, { key: 'k', value: 'v' })).status).toBe(200);
    expect((await call('POST', '/v1/traces', { ...ann, 'x-mlflow-experiment-id': experimentId }, '{"resourceSpans": []}')).status).toBe(
      200,
    );
    expect((await call('POST', `${API3}/traces/batchGetInfos`, ann, { trace_ids: [trace.request_id] })).status).toBe(200);
    expect((await call('POST', `${API}/traces/link-to-run`, ann, { trace_ids: [trace.request_id], run_id: runId })).status).toBe(200);
    // Deleting needs MANAGE.
    expect((await call('POST', `${API}/traces/delete-traces`, ann, { experiment_id: experimentId, max_timestamp_millis: 10 })).status).toBe(
      403,
    );
  });
});
