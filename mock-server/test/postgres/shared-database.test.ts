// Two Runboard servers on one PostgreSQL database, as two replicas behind a load balancer would
// be: each has its own connection pool, nothing is shared in memory.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../../app.js';
import { SummaryBuilder } from '../../services/metric-summaries.js';
import type { ServerContext } from '../../services/server-context.js';
import { createPostgresDatabase } from '../support/test-store.js';

const API = '/api/2.0/mlflow';

interface Instance {
  app: FastifyInstance;
  context: ServerContext;
}

let first: Instance;
let second: Instance;
let artifactsDir: string;

async function start(uri: string): Promise<Instance> {
  const { app, context } = await createServer({ backendStoreUri: uri, artifactsDestination: artifactsDir });
  if (!context) throw new Error('expected a local store');
  return { app, context };
}

async function call<T>(instance: Instance, method: 'GET' | 'POST', url: string, payload?: object): Promise<T> {
  const response = await instance.app.inject({ method, url: `${API}${url}`, ...(payload ? { payload } : {}) });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<T>();
}

beforeAll(async () => {
  artifactsDir = mkdtempSync(path.join(os.tmpdir(), 'runboard-shared-db-'));
  const uri = await createPostgresDatabase();
  // Both start on the empty database at once: one migrates, the other waits for it.
  [first, second] = await Promise.all([start(uri), start(uri)]);
});

afterAll(async () => {
  await first.app.close();
  await second.app.close();
  rmSync(artifactsDir, { recursive: true, force: true });
});

describe('two servers on one PostgreSQL database', () => {
  it('sees every write through one server at once through the other', async () => {
    const { experiment_id: experimentId } = await call<{ experiment_id: string }>(first, 'POST', '/experiments/create', { name: 'shared' });
    const { run } = await call<{ run: { info: { run_id: string } } }>(second, 'POST', '/runs/create', {
      experiment_id: experimentId,
      start_time: 1,
    });
    const runId = run.info.run_id;
    await call(first, 'POST', '/runs/log-batch', {
      run_id: runId,
      metrics: Array.from({ length: 50 }, (_, step) => ({ key: 'loss', value: 1 / (step + 1), timestamp: 1000 + step, step })),
      params: [{ key: 'model', value: 'rf' }],
    });
    const seen = await call<{ run: { data: { params: { key: string; value: string }[]; metrics: { key: string; step: number }[] } } }>(
      second,
      'GET',
      `/runs/get?run_id=${runId}`,
    );
    expect(seen.run.data.params).toEqual([{ key: 'model', value: 'rf' }]);
    expect(seen.run.data.metrics).toEqual([expect.objectContaining({ key: 'loss', step: 49 })]);
    const history = await call<{ metrics: unknown[] }>(second, 'GET', `/metrics/get-history?run_id=${runId}&metric_key=loss`);
    expect(history.metrics).toHaveLength(50);

    await call(second, 'POST', '/runs/set-tag', { run_id: runId, key: 'stage', value: 'done' });
    const filtered = await call<{ runs?: unknown[] }>(first, 'POST', '/runs/search', {
      experiment_ids: [experimentId],
      filter: "params.model = 'rf' and tags.stage = 'done' and metrics.loss < 0.5",
    });
    expect(filtered.runs).toHaveLength(1);
  });

  it('continues a search page token from one server on the other', async () => {
    const { experiment_id: experimentId } = await call<{ experiment_id: string }>(first, 'POST', '/experiments/create', { name: 'paged' });
    for (let index = 0; index < 5; index += 1) {
      await call(index % 2 === 0 ? first : second, 'POST', '/runs/create', {
        experiment_id: experimentId,
        start_time: 100 + index,
        run_name: `r${index}`,
      });
    }
    const names = (page: { runs?: { info: { run_name: string } }[] }): string[] => (page.runs ?? []).map((run) => run.info.run_name);
    const page1 = await call<{ runs?: { info: { run_name: string } }[]; next_page_token?: string }>(first, 'POST', '/runs/search', {
      experiment_ids: [experimentId],
      max_results: 3,
    });
    const page2 = await call<{ runs?: { info: { run_name: string } }[]; next_page_token?: string }>(second, 'POST', '/runs/search', {
      experiment_ids: [experimentId],
      max_results: 3,
      page_token: page1.next_page_token,
    });
    expect([...names(page1), ...names(page2)]).toEqual(['r4', 'r3', 'r2', 'r1', 'r0']);
  });

  it('builds each stale metric summary once when both servers summarize at the same time', async () => {
    const { experiment_id: experimentId } = await call<{ experiment_id: string }>(first, 'POST', '/experiments/create', {
      name: 'summaries',
    });
    const runIds: string[] = [];
    for (let index = 0; index < 6; index += 1) {
      const { run } = await call<{ run: { info: { run_id: string } } }>(first, 'POST', '/runs/create', {
        experiment_id: experimentId,
        start_time: 1,
      });
      runIds.push(run.info.run_id);
      await call(first, 'POST', '/runs/log-batch', {
        run_id: run.info.run_id,
        metrics: ['a', 'b', 'c', 'd'].flatMap((key) =>
          Array.from({ length: 250 }, (_, step) => ({ key, value: Math.sin(step + index), timestamp: 1000 + step, step: step * 3 })),
        ),
      });
    }
    const staleBefore = await first.context.db.selectFrom('metric_summary_stale').select('key').where('run_uuid', 'in', runIds).execute();
    expect(staleBefore).toHaveLength(24);

    // Two builders drain the same queue at once, as the idle passes of two processes would; a
    // series built twice would fail on the summaries' primary key and reject the drain.
    const builders = [new SummaryBuilder(first.context.db), new SummaryBuilder(second.context.db)];
    await Promise.all(builders.map((builder) => builder.drain()));
    await Promise.all(builders.map((builder) => builder.stop()));

    // A drain ends when every remaining series is held by another builder (the servers' own idle
    // passes run too); those finish on their own.
    await expect
      .poll(() => second.context.db.selectFrom('metric_summary_stale').select('key').where('run_uuid', 'in', runIds).execute(), {
        timeout: 10_000,
      })
      .toEqual([]);
    // Both servers answer the buckets from the summaries, identically, and right.
    const query = `${runIds.map((id) => `run_ids=${id}`).join('&')}&metric_key=c&buckets=10`;
    const ask = async (instance: Instance) => {
      const response = await instance.app.inject({ method: 'GET', url: `/api/2.0/runboard/metrics/get-history-buckets?${query}` });
      expect(response.statusCode, response.body).toBe(200);
      return response.json<{ series: { run_id: string; count: number[] }[] }>();
    };
    const [fromFirst, fromSecond] = [await ask(first), await ask(second)];
    expect(fromSecond).toEqual(fromFirst);
    expect(fromFirst.series).toHaveLength(6);
    for (const series of fromFirst.series) expect(series.count.reduce((sum, count) => sum + count, 0)).toBe(250);
  });
});
