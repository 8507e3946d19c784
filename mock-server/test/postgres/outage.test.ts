// A PostgreSQL server that goes away: requests answer 503 TEMPORARILY_UNAVAILABLE with a readable
// message (never a 500, never a crash), and the server serves again once the database is back.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app.js';
import { createPostgresDatabase } from '../support/test-store.js';
import { TcpRelay } from '../support/tcp-relay.js';

const API = '/api/2.0/mlflow';
let app: FastifyInstance;
let relay: TcpRelay;
let artifactsDir: string;

interface Answer {
  status: number;
  body: { error_code?: string; message?: string; experiment_id?: string };
}

async function post(url: string, payload: object): Promise<Answer> {
  const response = await app.inject({ method: 'POST', url: `${API}${url}`, payload });
  return { status: response.statusCode, body: response.json() };
}

async function get(url: string): Promise<Answer> {
  const response = await app.inject({ method: 'GET', url: `${API}${url}` });
  return { status: response.statusCode, body: response.json() };
}

beforeAll(async () => {
  const direct = new URL(await createPostgresDatabase());
  relay = new TcpRelay(direct.hostname, Number(direct.port));
  await relay.up();
  const viaRelay = new URL(direct);
  viaRelay.port = String(relay.port);
  artifactsDir = mkdtempSync(path.join(os.tmpdir(), 'runboard-outage-'));
  app = await createApp({ backendStoreUri: viaRelay.toString(), artifactsDestination: artifactsDir });
});

afterAll(async () => {
  await relay.up().catch(() => undefined);
  await app.close();
  await relay.down();
  rmSync(artifactsDir, { recursive: true, force: true });
});

describe('a database that goes down and comes back', () => {
  it('answers 503 while it is down and serves again when it is back', async () => {
    const created = await post('/experiments/create', { name: 'before-outage' });
    expect(created.status).toBe(200);

    await relay.down();
    for (const attempt of [
      () => get('/experiments/get-by-name?experiment_name=before-outage'),
      () => post('/experiments/create', { name: 'during-outage' }),
      () => post('/runs/search', { experiment_ids: [created.body.experiment_id] }),
    ]) {
      const answer = await attempt();
      expect(answer.status).toBe(503);
      expect(answer.body.error_code).toBe('TEMPORARILY_UNAVAILABLE');
      expect(answer.body.message).toMatch(/database is unavailable.*retry/i);
    }

    await relay.up();
    const after = await post('/experiments/create', { name: 'after-outage' });
    expect(after.status).toBe(200);
    expect((await get('/experiments/get-by-name?experiment_name=before-outage')).status).toBe(200);
    expect((await get('/experiments/get-by-name?experiment_name=during-outage')).status).toBe(404);
  });
});
