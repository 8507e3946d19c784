// --no-runboard-extensions: the server answers only MLflow's own routes, so the UI's fallbacks can
// be tested against what a real MLflow server says to Runboard's extra routes.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createServer } from '../../app.js';
import { freshStoreUri } from '../support/test-store.js';

let app: FastifyInstance;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'runboard-extensions-off-'));
  app = (await createServer({ backendStoreUri: await freshStoreUri(), artifactsDestination: dir, runboardExtensions: false })).app;
});

afterAll(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('without Runboard extensions', () => {
  it.each([
    '/ajax-api/2.0/runboard/metrics/get-history-buckets?run_ids=x&metric_key=loss',
    '/api/2.0/runboard/registry-events?name=m',
    '/ajax-api/2.0/runboard/model-versions/stage-counts?name=m',
  ])('answers 404 ENDPOINT_NOT_FOUND to %s', async (url) => {
    const reply = await app.inject({ method: 'GET', url });
    expect(reply.statusCode).toBe(404);
    expect(reply.json()).toMatchObject({ error_code: 'ENDPOINT_NOT_FOUND' });
  });

  it("still serves MLflow's routes", async () => {
    const reply = await app.inject({ method: 'GET', url: '/api/2.0/mlflow/experiments/get?experiment_id=0' });
    expect(reply.statusCode).toBe(200);
    expect(reply.json()).toMatchObject({ experiment: { name: 'Default' } });
  });
});
