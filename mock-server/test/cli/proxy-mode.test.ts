// --proxy-to: a Runboard server that forwards every API route to another MLflow server, so the UI
// can browse an existing deployment. Here the "remote MLflow" is a second in-process server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type FastifyInstance } from '../../app.js';
import { CACHE_FILE_NAME } from '../../store/proxy-history-cache.js';
import { startCli, stopAllCli } from '../support/cli-process.js';

let upstream: FastifyInstance;
let proxy: FastifyInstance;
let proxyUrl: string;

beforeAll(async () => {
  upstream = await createApp({ backendStoreUri: 'sqlite:///:memory:', artifactsDestination: mkdtempSync(join(tmpdir(), 'rb-upstream-')) });
  const upstreamUrl = await upstream.listen({ port: 0, host: '127.0.0.1' });
  proxy = await createApp({
    backendStoreUri: 'sqlite:///:memory:',
    artifactsDestination: mkdtempSync(join(tmpdir(), 'rb-proxy-')),
    proxyTo: upstreamUrl,
  });
  proxyUrl = await proxy.listen({ port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  await stopAllCli();
  await proxy.close();
  await upstream.close();
});

describe('proxy mode', () => {
  it('forwards writes and reads, JSON bodies included, to the remote server', async () => {
    const created = await fetch(`${proxyUrl}/ajax-api/2.0/mlflow/experiments/create`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'through-the-proxy' }),
    });
    expect(created.status).toBe(200);
    const { experiment_id: id } = (await created.json()) as { experiment_id: string };

    const direct = await upstream.inject({ method: 'GET', url: `/api/2.0/mlflow/experiments/get?experiment_id=${id}` });
    expect(direct.json()).toMatchObject({ experiment: { name: 'through-the-proxy' } });

    const viaProxy = await fetch(`${proxyUrl}/api/2.0/mlflow/experiments/get-by-name?experiment_name=through-the-proxy`);
    expect(await viaProxy.json()).toMatchObject({ experiment: { experiment_id: id } });
  });

  it("passes the remote server's errors through unchanged", async () => {
    const response = await fetch(`${proxyUrl}/api/2.0/mlflow/experiments/get?experiment_id=424242`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error_code: 'RESOURCE_DOES_NOT_EXIST' });
  });

  it('streams artifact uploads and downloads', async () => {
    const put = await fetch(`${proxyUrl}/api/2.0/mlflow-artifacts/artifacts/0/abc/artifacts/notes.txt`, {
      method: 'PUT',
      headers: { 'Content-Type': 'text/plain' },
      body: 'hello through the proxy',
    });
    expect(put.status).toBe(200);
    const get = await fetch(`${proxyUrl}/api/2.0/mlflow-artifacts/artifacts/0/abc/artifacts/notes.txt`);
    expect(await get.text()).toBe('hello through the proxy');
  });

  it('still serves the UI itself', async () => {
    const page = await fetch(`${proxyUrl}/experiments/1`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
  });

  it('answers 502 with an MLflow error when the remote server is down', async () => {
    const orphan = await createApp({
      backendStoreUri: 'sqlite:///:memory:',
      artifactsDestination: mkdtempSync(join(tmpdir(), 'rb-orphan-')),
      proxyTo: 'http://127.0.0.1:9',
    });
    const response = await orphan.inject({ method: 'GET', url: '/api/2.0/mlflow/experiments/get?experiment_id=0' });
    expect(response.statusCode).toBe(502);
    expect(response.json()).toMatchObject({ error_code: 'TEMPORARILY_UNAVAILABLE' });
    await orphan.close();
  });

  it('keeps the history cache of --proxy-cache in that folder, and says where at start', async () => {
    const upstreamUrl = `http://127.0.0.1:${(upstream.server.address() as { port: number }).port}`;
    const cacheDir = join(mkdtempSync(join(tmpdir(), 'rb-proxy-cache-')), 'nested');
    const cli = await startCli(['--proxy-to', upstreamUrl, '--proxy-cache', cacheDir]);
    await expect.poll(() => cli.output()).toContain(`metric history cache in ${cacheDir}`);
    const response = await fetch(`${cli.url}/ajax-api/2.0/runboard/metrics/get-history-buckets?run_ids=${'0'.repeat(32)}&metric_key=loss`);
    expect(response.status).toBe(200);
    expect(existsSync(join(cacheDir, CACHE_FILE_NAME))).toBe(true);
    expect(await cli.stop('SIGINT')).toBe(0);
  });
});
