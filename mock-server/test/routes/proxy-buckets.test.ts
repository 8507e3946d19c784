// get-history-buckets through --proxy-to a server without Runboard's extensions (as a real MLflow
// is): the proxy reads the full histories from the upstream's standard API, caches finished runs'
// histories in its SQLite file and builds the buckets itself. Two real servers over HTTP; the
// upstream counts the requests it gets.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BUCKETS_REFINING_HEADER } from '../../../src/lib/mlflow/history-buckets-wire.js';
import type { MetricBucketSeries } from '../../../src/lib/mlflow/wire-types.js';
import { createApp, createServer, type FastifyInstance } from '../../app.js';
import { bucketsToWire } from '../../services/metric-buckets.js';
import { getMetricHistoryBuckets } from '../../services/metric-history.js';
import type { ServerContext } from '../../services/server-context.js';
import { freshStoreUri } from '../support/test-store.js';

const BUCKETS = '/ajax-api/2.0/runboard/metrics/get-history-buckets';
const ADMIN = { username: 'admin', password: 'proxy-secret-1' };

interface Upstream {
  app: FastifyInstance;
  context: ServerContext;
  url: string;
  /** Paths of the requests it answered, in order. */
  requests: string[];
}

let dir: string;
let upstream: Upstream;
const opened: FastifyInstance[] = [];

async function startUpstream(options: { extensions?: boolean; auth?: boolean } = {}): Promise<Upstream> {
  const server = await createServer({
    backendStoreUri: await freshStoreUri(),
    artifactsDestination: mkdtempSync(path.join(dir, 'upstream-')),
    runboardExtensions: options.extensions ?? false,
    ...(options.auth
      ? { auth: { defaultPermission: 'READ' as const, adminUsername: ADMIN.username, adminPassword: ADMIN.password, log: () => undefined } }
      : {}),
  });
  const requests: string[] = [];
  server.app.addHook('onRequest', (request, _reply, done) => {
    requests.push(request.url.split('?')[0] ?? '');
    done();
  });
  const url = await server.app.listen({ port: 0, host: '127.0.0.1' });
  opened.push(server.app);
  return { app: server.app, context: server.context as ServerContext, url, requests };
}

async function startProxy(target: string, cacheDir = path.join(dir, 'cache')): Promise<string> {
  const proxy = await createApp({
    backendStoreUri: 'sqlite:///:memory:',
    artifactsDestination: dir,
    proxyTo: target,
    proxyCacheDir: cacheDir,
  });
  opened.push(proxy);
  return proxy.listen({ port: 0, host: '127.0.0.1' });
}

function authHeader(): Record<string, string> {
  return { authorization: `Basic ${Buffer.from(`${ADMIN.username}:${ADMIN.password}`).toString('base64')}` };
}

async function call<T = Record<string, unknown>>(
  base: string,
  route: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<T> {
  const response = await fetch(`${base}/api/2.0/mlflow/${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${route}: ${response.status} ${text}`);
  return JSON.parse(text) as T;
}

/** A run with `steps` points of `key` (value 1, a spike of 100 at `spikeStep`), finished unless said otherwise. */
async function seedRun(
  base: string,
  options: { key?: string; steps: number; spikeStep?: number; finished?: boolean; headers?: Record<string, string> },
): Promise<string> {
  const headers = options.headers ?? {};
  const { experiment_id: experimentId } = await call<{ experiment_id: string }>(
    base,
    'experiments/create',
    { name: `proxy-${Math.random().toString(36).slice(2)}` },
    headers,
  );
  const created = await call<{ run: { info: { run_id: string } } }>(
    base,
    'runs/create',
    { experiment_id: experimentId, start_time: 1 },
    headers,
  );
  const runId = created.run.info.run_id;
  const key = options.key ?? 'loss';
  for (let from = 0; from < options.steps; from += 1000) {
    const metrics = [];
    for (let step = from; step < Math.min(options.steps, from + 1000); step += 1) {
      const value = step === options.spikeStep ? 100 : step % 97 === 5 ? 'NaN' : 1 + Math.sin(step / 50) * 0.1;
      metrics.push({ key, value, step, timestamp: 1_000 + step });
    }
    await call(base, 'runs/log-batch', { run_id: runId, metrics }, headers);
  }
  if (options.finished ?? true) await call(base, 'runs/update', { run_id: runId, status: 'FINISHED', end_time: 5_000_000 }, headers);
  return runId;
}

interface BucketsReply {
  status: number;
  json: Record<string, unknown>;
  refining: boolean;
}

async function bucketsVia(
  base: string,
  params: Record<string, string | number | string[]>,
  headers: Record<string, string> = {},
): Promise<BucketsReply> {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params))
    for (const item of Array.isArray(value) ? value : [value]) query.append(name, String(item));
  const response = await fetch(`${base}${BUCKETS}?${query.toString()}`, { headers });
  return {
    status: response.status,
    json: (await response.json()) as Record<string, unknown>,
    refining: response.headers.get(BUCKETS_REFINING_HEADER) === '1',
  };
}

/** What the bundled server itself answers for the same request, from its own store, as JSON. */
async function direct(runIds: string[], metricKey: string, buckets: number, window: { startStep?: number; endStep?: number } = {}) {
  const series = await getMetricHistoryBuckets(upstream.context.db, { runIds, metricKey, buckets, ...window });
  return JSON.parse(bucketsToWire(series, undefined).body as string) as Record<string, unknown>;
}

function historyRequests(): number {
  return upstream.requests.filter((url) => url.endsWith('/metrics/get-history')).length;
}

function maxOf(json: Record<string, unknown>): number {
  const series = (json.series ?? []) as MetricBucketSeries[];
  return Math.max(...series.flatMap((one) => one.max.map(Number).filter((value) => !Number.isNaN(value))));
}

beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'runboard-proxy-buckets-'));
  upstream = await startUpstream();
});

afterEach(async () => {
  for (const app of opened.splice(0).reverse()) await app.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('get-history-buckets through --proxy-to a plain MLflow server', () => {
  it('answers the same buckets as the bundled server computes, spike included, for whole ranges and windows', async () => {
    const proxy = await startProxy(upstream.url);
    const spiky = await seedRun(upstream.url, { steps: 20_000, spikeStep: 12_345 });
    const short = await seedRun(upstream.url, { steps: 300 });
    const runIds = [spiky, short];
    // The upstream really lacks the route: the proxy must be answering it.
    expect((await bucketsVia(upstream.url, { run_ids: runIds, metric_key: 'loss' })).status).toBe(404);

    for (const [buckets, window] of [
      [1000, {}],
      [37, {}],
      [500, { startStep: 12_000, endStep: 12_700 }],
      [64, { startStep: 250 }],
    ] as const) {
      const viaProxy = await bucketsVia(proxy, { run_ids: runIds, metric_key: 'loss', buckets, ...snake(window) });
      expect(viaProxy.status).toBe(200);
      expect(viaProxy.json).toEqual(await direct(runIds, 'loss', buckets, window));
    }
    const whole = await bucketsVia(proxy, { run_ids: runIds, metric_key: 'loss', buckets: 200 });
    expect(maxOf(whole.json)).toBe(100);
    // Unknown runs and metrics are left out, as the bundled server does.
    const unknown = await bucketsVia(proxy, { run_ids: ['0'.repeat(32), short], metric_key: 'no-such-metric' });
    expect(unknown).toEqual({ status: 200, json: await direct([short], 'no-such-metric', 10), refining: false });
    // The binary form, byte for byte the bundled server's encoding of the same buckets.
    const binary = await fetch(`${proxy}${BUCKETS}?run_ids=${spiky}&run_ids=${short}&metric_key=loss&buckets=300`, {
      headers: { accept: 'application/octet-stream' },
    });
    expect(binary.headers.get('content-type')).toContain('application/octet-stream');
    const expected = bucketsToWire(
      await getMetricHistoryBuckets(upstream.context.db, { runIds, metricKey: 'loss', buckets: 300 }),
      'application/octet-stream',
    ).body;
    expect(new Uint8Array(await binary.arrayBuffer())).toEqual(expected);
  });

  it('reads a finished run from its cache the second time, also after a restart of the proxy', async () => {
    const cacheDir = path.join(dir, 'persisted-cache');
    const proxy = await startProxy(upstream.url, cacheDir);
    const runIds = [await seedRun(upstream.url, { steps: 5_000, spikeStep: 4_000 }), await seedRun(upstream.url, { steps: 3_000 })];
    const first = await bucketsVia(proxy, { run_ids: runIds, metric_key: 'loss', buckets: 100 });
    expect(historyRequests()).toBe(2);
    const second = await bucketsVia(proxy, { run_ids: runIds, metric_key: 'loss', buckets: 100 });
    expect(second.json).toEqual(first.json);
    expect(historyRequests()).toBe(2);

    const restarted = await startProxy(upstream.url, cacheDir);
    const third = await bucketsVia(restarted, { run_ids: runIds, metric_key: 'loss', buckets: 100 });
    expect(third.json).toEqual(first.json);
    expect(maxOf(third.json)).toBe(100);
    expect(historyRequests()).toBe(2);
  });

  it('fetches a running run again on every request, and sees its new points', async () => {
    const proxy = await startProxy(upstream.url);
    const runId = await seedRun(upstream.url, { steps: 2_000, finished: false });
    await bucketsVia(proxy, { run_ids: [runId], metric_key: 'loss', buckets: 50 });
    await bucketsVia(proxy, { run_ids: [runId], metric_key: 'loss', buckets: 50 });
    expect(historyRequests()).toBe(2);
    await call(upstream.url, 'runs/log-metric', { run_id: runId, key: 'loss', value: 42, step: 2_500, timestamp: 9_000 });
    const after = await bucketsVia(proxy, { run_ids: [runId], metric_key: 'loss', buckets: 50 });
    expect(historyRequests()).toBe(3);
    expect(maxOf(after.json)).toBe(42);
    expect(after.json).toEqual(await direct([runId], 'loss', 50));
  });

  it("drops a cached history when the run's end time changes or a point is logged after the end", async () => {
    const proxy = await startProxy(upstream.url);
    const runId = await seedRun(upstream.url, { steps: 1_000 });
    await bucketsVia(proxy, { run_ids: [runId], metric_key: 'loss', buckets: 20 });
    await bucketsVia(proxy, { run_ids: [runId], metric_key: 'loss', buckets: 20 });
    expect(historyRequests()).toBe(1);

    // Resumed and finished again: a new end time.
    await call(upstream.url, 'runs/update', { run_id: runId, status: 'RUNNING' });
    await call(upstream.url, 'runs/log-metric', { run_id: runId, key: 'loss', value: -7, step: 1_200, timestamp: 2_000_000 });
    await call(upstream.url, 'runs/update', { run_id: runId, status: 'FINISHED', end_time: 6_000_000 });
    const resumed = await bucketsVia(proxy, { run_ids: [runId], metric_key: 'loss', buckets: 20 });
    expect(historyRequests()).toBe(2);
    expect(resumed.json).toEqual(await direct([runId], 'loss', 20));

    // Logged to while FINISHED (MLflow allows it): the latest point moved, so the cache is stale.
    await call(upstream.url, 'runs/log-metric', { run_id: runId, key: 'loss', value: 55, step: 1_300, timestamp: 2_000_100 });
    const late = await bucketsVia(proxy, { run_ids: [runId], metric_key: 'loss', buckets: 20 });
    expect(historyRequests()).toBe(3);
    expect(maxOf(late.json)).toBe(55);
    await bucketsVia(proxy, { run_ids: [runId], metric_key: 'loss', buckets: 20 });
    expect(historyRequests()).toBe(3);
  });

  it('answers a first load from the step sample at once (refining), then the exact buckets', async () => {
    const proxy = await startProxy(upstream.url);
    const runIds = [await seedRun(upstream.url, { steps: 20_000, spikeStep: 7_777 }), await seedRun(upstream.url, { steps: 20_000 })];
    const coarse = await bucketsVia(proxy, { run_ids: runIds, metric_key: 'loss', buckets: 400, allow_refining: 'true' });
    expect(coarse.status).toBe(200);
    expect(coarse.refining).toBe(true);
    expect((coarse.json.series as MetricBucketSeries[]).map((series) => series.run_id)).toEqual(runIds);
    expect(upstream.requests.filter((url) => url.endsWith('/get-history-bulk-interval'))).toHaveLength(1);

    const exact = await bucketsVia(proxy, { run_ids: runIds, metric_key: 'loss', buckets: 400 });
    expect(exact.json).toEqual(await direct(runIds, 'loss', 400));
    expect(maxOf(exact.json)).toBe(100);
    // The full histories were fetched once, started by the first request.
    expect(historyRequests()).toBe(2);
    const again = await bucketsVia(proxy, { run_ids: runIds, metric_key: 'loss', buckets: 400, allow_refining: 'true' });
    expect(again.json).toEqual(exact.json);
    expect(historyRequests()).toBe(2);
  });

  it('takes a step sample with fewer steps than asked for as the whole history: exact at once, and cached', async () => {
    const proxy = await startProxy(upstream.url);
    const runIds = [await seedRun(upstream.url, { steps: 300, spikeStep: 100 }), await seedRun(upstream.url, { steps: 250 })];
    const first = await bucketsVia(proxy, { run_ids: runIds, metric_key: 'loss', buckets: 1000, allow_refining: 'true' });
    expect(first.refining).toBe(false);
    expect(first.json).toEqual(await direct(runIds, 'loss', 1000));
    const second = await bucketsVia(proxy, { run_ids: runIds, metric_key: 'loss', buckets: 1000 });
    expect(second.json).toEqual(first.json);
    expect(upstream.requests.filter((url) => url.endsWith('/get-history-bulk-interval'))).toHaveLength(1);
    expect(historyRequests()).toBe(0);
  });

  it("passes the upstream's errors on as MLflow errors, and checks the request like the bundled server", async () => {
    const guarded = await startUpstream({ auth: true });
    const proxy = await startProxy(guarded.url);
    const runId = await seedRun(guarded.url, { steps: 100, headers: authHeader() });
    const anonymous = await bucketsVia(proxy, { run_ids: [runId], metric_key: 'loss' });
    expect(anonymous.status).toBe(401);
    expect(anonymous.json).toMatchObject({ error_code: 'UNAUTHENTICATED' });
    // The browser's credentials go along to the upstream.
    const signedIn = await bucketsVia(proxy, { run_ids: [runId], metric_key: 'loss', buckets: 10 }, authHeader());
    expect(signedIn.status).toBe(200);
    expect((signedIn.json.series as MetricBucketSeries[])[0]?.run_id).toBe(runId);

    const tooMany = await bucketsVia(proxy, { run_ids: [runId], metric_key: 'loss', buckets: 6000 }, authHeader());
    expect(tooMany).toEqual({
      status: 400,
      json: { error_code: 'INVALID_PARAMETER_VALUE', message: 'buckets must be between 1 and 5000. Found buckets=6000.' },
      refining: false,
    });
    const noKey = await bucketsVia(proxy, { run_ids: [runId] }, authHeader());
    expect(noKey.status).toBe(400);
    expect(noKey.json).toMatchObject({ error_code: 'INVALID_PARAMETER_VALUE' });

    const down = await startProxy('http://127.0.0.1:9');
    const unreachable = await bucketsVia(down, { run_ids: [runId], metric_key: 'loss' });
    expect(unreachable.status).toBe(502);
    expect(unreachable.json).toMatchObject({ error_code: 'TEMPORARILY_UNAVAILABLE' });
  });

  it('forwards the route to an upstream that has it (another Runboard) instead of answering it', async () => {
    const runboard = await startUpstream({ extensions: true });
    const proxy = await startProxy(runboard.url);
    const runId = await seedRun(runboard.url, { steps: 2_000, spikeStep: 3 });
    const before = runboard.requests.length;
    const viaProxy = await bucketsVia(proxy, { run_ids: [runId], metric_key: 'loss', buckets: 30 });
    const answer = await getMetricHistoryBuckets(runboard.context.db, { runIds: [runId], metricKey: 'loss', buckets: 30 });
    expect(viaProxy.json).toEqual(JSON.parse(bucketsToWire(answer, undefined).body as string));
    expect(runboard.requests.slice(before)).toEqual(['/ajax-api/2.0/runboard/metrics/get-history-buckets']);
  });
});

function snake(window: { startStep?: number; endStep?: number }): Record<string, number> {
  return {
    ...(window.startStep !== undefined ? { start_step: window.startStep } : {}),
    ...(window.endStep !== undefined ? { end_step: window.endStep } : {}),
  };
}
