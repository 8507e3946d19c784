// Paths with runs of slashes reach the API as their single-slash forms, as Werkzeug routes them
// for MLflow: `//model-versions/get-artifact?path=../path` is MLflow's 400 "Invalid path", never
// the UI's index.html, and the security checks see the same path the router does.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app.js';
import { freshStoreUri } from '../support/test-store.js';

let app: FastifyInstance;
let sandbox: string;

beforeAll(async () => {
  sandbox = mkdtempSync(path.join(os.tmpdir(), 'runboard-slashes-'));
  const staticDir = path.join(sandbox, 'dist');
  // A built UI, so that a wrong fallback to index.html would show.
  mkdirSync(staticDir);
  writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Runboard</title>');
  app = await createApp({ backendStoreUri: await freshStoreUri(), artifactsDestination: path.join(sandbox, 'artifacts'), staticDir });
});

afterAll(async () => {
  await app.close();
  rmSync(sandbox, { recursive: true, force: true });
});

describe('duplicate slashes', () => {
  it('answers //model-versions/get-artifact?path=../path with 400 Invalid path', async () => {
    for (const url of [
      '//model-versions/get-artifact?path=../path',
      '/model-versions//get-artifact?path=../path',
      '///get-artifact?path=../x&run_id=abc',
    ]) {
      const reply = await app.inject({ method: 'GET', url });
      expect(reply.statusCode, url).toBe(400);
      expect(reply.headers['content-type']).toMatch(/^application\/json/);
      expect(reply.json()).toEqual({ error_code: 'INVALID_PARAMETER_VALUE', message: 'Invalid path' });
    }
  });

  it('routes //api and //ajax-api forms to the API handlers', async () => {
    const viaApi = await app.inject({ method: 'GET', url: '//api/2.0/mlflow/experiments/get?experiment_id=0' });
    expect(viaApi.statusCode).toBe(200);
    expect(viaApi.json()).toMatchObject({ experiment: { name: 'Default' } });
    const viaAjax = await app.inject({ method: 'GET', url: '/ajax-api//2.0/mlflow//experiments/get?experiment_id=0' });
    expect(viaAjax.statusCode).toBe(200);
    const unknown = await app.inject({ method: 'GET', url: '//api/2.0/mlflow/nope' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ error_code: 'ENDPOINT_NOT_FOUND' });
  });

  it('keeps the UI upload rule on the // form (the client header is still required)', async () => {
    const reply = await app.inject({
      method: 'POST',
      url: '//ajax-api/2.0/mlflow/upload-artifact?run_uuid=x&path=a.txt',
      headers: { 'content-type': 'application/octet-stream' },
      payload: 'x',
    });
    expect(reply.statusCode).toBe(403);
  });

  it('still serves the UI for other paths', async () => {
    const reply = await app.inject({ method: 'GET', url: '//experiments' });
    expect(reply.statusCode).toBe(200);
    expect(reply.body).toContain('<title>Runboard</title>');
  });
});
