// runs/search with OR and parentheses (Runboard extension, MLflow issue #6075): random filter
// trees over generated runs, every answer compared with the shared reference evaluator
// (src/lib/mlflow/filter/evaluate-filter.ts) applied to the unfiltered search in the same order.
// 2,300 runs in one experiment, so every plan of services/search-runs.ts is used: the runs
// driver, a selective filter as driver, and the sort driver's value / NaN / missing segments.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  matchesFilter,
  MAX_FILTER_CLAUSES,
  parseFilter,
  printFilterExpression,
  runFilterValues,
  type FilterClause,
  type FilterExpression,
} from '../../../src/lib/mlflow/filter/index.js';
import type { Run } from '../../../src/lib/mlflow/wire-types.js';
import { createServer, type FastifyInstance } from '../../app.js';
import { freshStoreUri } from '../support/test-store.js';

const RUN_COUNT = 2300;
let app: FastifyInstance;
let offApp: FastifyInstance;
let dir: string;
let experimentId = '';

interface SearchBody {
  runs?: Run[];
  next_page_token?: string;
  error_code?: string;
  message?: string;
}

async function search(target: FastifyInstance, body: object): Promise<{ status: number; body: SearchBody }> {
  const reply = await target.inject({ method: 'POST', url: '/api/2.0/mlflow/runs/search', payload: body });
  return { status: reply.statusCode, body: reply.json<SearchBody>() };
}

async function searchAll(filter: string, orderBy: string[]): Promise<Run[]> {
  const response = await search(app, { experiment_ids: [experimentId], filter, order_by: orderBy, max_results: 5000 });
  expect(response.status, response.body.message).toBe(200);
  return response.body.runs ?? [];
}

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'runboard-search-or-'));
  const server = await createServer({ backendStoreUri: await freshStoreUri(), artifactsDestination: dir });
  app = server.app;
  offApp = (await createServer({ backendStoreUri: await freshStoreUri(), artifactsDestination: dir, runboardExtensions: false })).app;
  const created = await app.inject({ method: 'POST', url: '/api/2.0/mlflow/experiments/create', payload: { name: 'or-search' } });
  experimentId = created.json<{ experiment_id: string }>().experiment_id;
  const next = random(7);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  // Rows go straight into the tables: 2,300 runs through the API would take most of the test's time.
  const db = server.context!.db;
  const runs = Array.from({ length: RUN_COUNT }, (_, index) => {
    const status = pick(['RUNNING', 'FINISHED', 'FAILED']);
    const metrics: Record<string, number> = {};
    const roll = next();
    if (roll < 0.08) metrics.acc = NaN;
    else if (roll < 0.9) metrics.acc = Math.round(next() * 10) / 10;
    if (next() < 0.6) metrics.loss = Math.round(next() * 20) / 10;
    const params: Record<string, string> = { opt: pick(['adam', 'adamw', 'sgd', 'Adam']) };
    if (next() < 0.7) params.depth = String(Math.floor(next() * 6));
    if (index % 500 === 0) params.rare = 'yes';
    const tags: Record<string, string> = {};
    if (next() < 0.8) tags.team = pick(['a', 'b', 'ab']);
    return {
      run_uuid: `${index.toString(16).padStart(4, '0')}${'0'.repeat(28)}`,
      name: `run-${index % 97}`,
      status,
      start_time: 1_700_000_000_000 + Math.floor(next() * 300) * 1000,
      end_time: status === 'RUNNING' ? null : 1_700_000_900_000 + index,
      metrics,
      params,
      tags,
    };
  });
  await db.transaction().execute(async (trx) => {
    for (let start = 0; start < runs.length; start += 200) {
      const part = runs.slice(start, start + 200);
      await trx
        .insertInto('runs')
        .values(
          part.map((run) => ({
            run_uuid: run.run_uuid,
            name: run.name,
            experiment_id: Number(experimentId),
            user_id: 'u',
            status: run.status,
            start_time: run.start_time,
            end_time: run.end_time,
            deleted_time: null,
            lifecycle_stage: 'active',
            artifact_uri: `mlflow-artifacts:/${experimentId}/${run.run_uuid}/artifacts`,
          })),
        )
        .execute();
      const metricRows = part.flatMap((run) =>
        Object.entries(run.metrics).map(([key, value]) => ({
          run_uuid: run.run_uuid,
          key,
          value: Number.isNaN(value) ? 0 : value,
          is_nan: Number.isNaN(value) ? 1 : 0,
          timestamp: 1,
          step: 0,
        })),
      );
      if (metricRows.length > 0) {
        await trx.insertInto('metrics').values(metricRows).execute();
        await trx.insertInto('latest_metrics').values(metricRows).execute();
      }
      await trx
        .insertInto('params')
        .values(part.flatMap((run) => Object.entries(run.params).map(([key, value]) => ({ run_uuid: run.run_uuid, key, value }))))
        .execute();
      const tagRows = part.flatMap((run) => Object.entries(run.tags).map(([key, value]) => ({ run_uuid: run.run_uuid, key, value })));
      if (tagRows.length > 0) await trx.insertInto('tags').values(tagRows).execute();
    }
  });
}, 60_000);

afterAll(async () => {
  await app.close();
  await offApp.close();
  rmSync(dir, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------
// Random filter trees
// ---------------------------------------------------------------------------------------------

const numberOp = fc.constantFrom('=' as const, '!=' as const, '<' as const, '<=' as const, '>' as const, '>=' as const);
const clause: fc.Arbitrary<FilterClause> = fc.oneof(
  fc.record({
    type: fc.constant('metric' as const),
    key: fc.constantFrom('acc', 'loss', 'absent'),
    op: numberOp,
    value: fc.integer({ min: 0, max: 20 }).map((n) => n / 10),
  }),
  fc.record({
    type: fc.constant('param' as const),
    key: fc.constantFrom('opt', 'depth', 'rare'),
    op: fc.constantFrom('=' as const, '!=' as const, 'LIKE' as const, 'ILIKE' as const),
    value: fc.constantFrom('adam', 'adam%', '%w', '3', 'yes', 'ADAM'),
  }),
  fc.record({
    type: fc.constant('tag' as const),
    key: fc.constant('team'),
    op: fc.constantFrom('=' as const, '!=' as const, 'LIKE' as const),
    value: fc.constantFrom('a', 'b', 'a%'),
  }),
  fc.record({
    type: fc.constant('attribute' as const),
    key: fc.constant('status'),
    op: fc.constantFrom('=' as const, '!=' as const),
    value: fc.constantFrom('RUNNING', 'FAILED'),
  }),
  fc.record({
    type: fc.constant('attribute' as const),
    key: fc.constant('run_name'),
    op: fc.constantFrom('LIKE' as const, '=' as const),
    value: fc.constantFrom('run-1%', 'run-5'),
  }),
  fc.record({
    type: fc.constant('attribute' as const),
    key: fc.constantFrom('start_time', 'end_time'),
    op: numberOp,
    value: fc.constantFrom(1_700_000_100_000, 1_700_000_901_000),
  }),
  fc.record({
    type: fc.constant('attribute' as const),
    key: fc.constant('run_id'),
    op: fc.constantFrom('IN' as const, 'NOT IN' as const),
    value: fc.subarray(['0000' + '0'.repeat(28), '0001' + '0'.repeat(28), '01f4' + '0'.repeat(28)], { minLength: 1 }),
  }),
);
const tree = fc.letrec<{ node: FilterExpression }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    clause,
    fc.record({
      junction: fc.constantFrom('AND' as const, 'OR' as const),
      operands: fc.array(tie('node'), { minLength: 2, maxLength: 4 }),
    }),
  ),
})).node;
const ORDERS: string[][] = [[], ['metrics.acc DESC'], ['params.depth ASC', 'metrics.loss DESC'], ['attributes.status ASC']];

describe('runs/search with OR against the reference evaluator', () => {
  const unfiltered = new Map<string, Run[]>();
  const ordered = async (orderBy: string[]): Promise<Run[]> => {
    const key = orderBy.join(',');
    let runs = unfiltered.get(key);
    if (runs === undefined) {
      runs = await searchAll('', orderBy);
      expect(runs).toHaveLength(RUN_COUNT);
      unfiltered.set(key, runs);
    }
    return runs;
  };

  async function expectSameAsReference(filter: string, orderBy: string[]): Promise<number> {
    const expression = parseFilter(filter, 'runs', { allowOr: true }).expression;
    const expected = (await ordered(orderBy))
      .filter((run) => matchesFilter(expression, runFilterValues(run)))
      .map((run) => run.info.run_id);
    const actual = (await searchAll(filter, orderBy)).map((run) => run.info.run_id);
    expect(actual, `${filter} ORDER BY ${orderBy.join(', ')}`).toEqual(expected);
    return expected.length;
  }

  it('matches the issue #6075 example in every plan', async () => {
    const filter = "metrics.acc > 0.5 AND (params.opt = 'adam' OR params.opt = 'adamw')";
    for (const orderBy of ORDERS) expect(await expectSameAsReference(filter, orderBy)).toBeGreaterThan(100);
    // A selective clause at the top level drives the query; the OR group is checked per candidate.
    expect(
      await expectSameAsReference("params.rare = 'yes' AND (metrics.acc > 0.5 OR tags.team = 'b')", ['metrics.acc DESC']),
    ).toBeGreaterThanOrEqual(0);
    // An OR group on the sort key must keep runs with NaN and without the key when the other side matches.
    expect(await expectSameAsReference("metrics.acc > 0.8 OR params.opt = 'sgd'", ['metrics.acc DESC'])).toBeGreaterThan(100);
  }, 120_000);

  it('returns what the reference evaluator selects, for random filter trees and orders', async () => {
    let nonEmpty = 0;
    await fc.assert(
      fc.asyncProperty(tree, fc.constantFrom(...ORDERS), async (expression, orderBy) => {
        if ((await expectSameAsReference(printFilterExpression(expression), orderBy)) > 0) nonEmpty += 1;
      }),
      { numRuns: 80, seed: 6075 },
    );
    // The generator must produce filters that select something, or the comparison proves little.
    expect(nonEmpty).toBeGreaterThan(20);
  }, 180_000);

  it('pages through an OR result without gaps or repeats', async () => {
    const filter = "tags.team = 'a' OR (metrics.loss < 0.5 AND params.opt LIKE 'adam%')";
    const all = (await searchAll(filter, ['metrics.acc DESC'])).map((run) => run.info.run_id);
    const paged: string[] = [];
    let token: string | undefined;
    do {
      const response = await search(app, {
        experiment_ids: [experimentId],
        filter,
        order_by: ['metrics.acc DESC'],
        max_results: 150,
        ...(token ? { page_token: token } : {}),
      });
      paged.push(...(response.body.runs ?? []).map((run) => run.info.run_id));
      token = response.body.next_page_token;
    } while (token);
    expect(all.length).toBeGreaterThan(300);
    expect(paged).toEqual(all);
    // Every page of an OR filter checks its candidates one by one: slow on PostgreSQL under load.
  }, 120_000);

  it('refuses malformed boolean filters with INVALID_PARAMETER_VALUE', async () => {
    for (const [filter, message] of [
      ["metrics.acc > 0.5 AND (params.opt = 'adam'", "Unclosed '(' in filter string"],
      ['metrics.acc > 0.5 OR', "a condition must follow 'OR'"],
      [`${'('.repeat(40)}metrics.acc > 0.5${')'.repeat(40)}`, 'at most 32 levels'],
      [Array.from({ length: MAX_FILTER_CLAUSES + 1 }, (_, i) => `metrics.m${i} > 0`).join(' OR '), `limit of ${MAX_FILTER_CLAUSES}`],
    ] as const) {
      const response = await search(app, { experiment_ids: [experimentId], filter });
      expect(response.status).toBe(400);
      expect(response.body.error_code).toBe('INVALID_PARAMETER_VALUE');
      expect(response.body.message).toContain(message);
    }
  });

  it('refuses OR and parentheses like MLflow when Runboard extensions are off', async () => {
    const response = await search(offApp, { experiment_ids: ['0'], filter: 'metrics.loss > 0.1 OR metrics.acc > 0.1' });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      error_code: 'INVALID_PARAMETER_VALUE',
      message: expect.stringContaining("'OR' is not supported") as unknown,
    });
    const features = await offApp.inject({ method: 'GET', url: '/ajax-api/2.0/runboard/server-features' });
    expect(features.statusCode).toBe(404);
    const on = await app.inject({ method: 'GET', url: '/ajax-api/2.0/runboard/server-features' });
    expect(on.json()).toMatchObject({ runs_filter: { or: true, max_clauses: MAX_FILTER_CLAUSES, max_depth: 32 } });
  });

  it('keeps refusing OR in the other searches, with a clear message', async () => {
    const filter = "name = 'a' OR name = 'b'";
    for (const endpoint of ['experiments/search', 'registered-models/search', 'model-versions/search']) {
      const reply = await app.inject({ method: 'GET', url: `/api/2.0/mlflow/${endpoint}?filter=${encodeURIComponent(filter)}` });
      expect(reply.statusCode, endpoint).toBe(400);
      expect(reply.json<SearchBody>().message, endpoint).toMatch(/'OR' is not supported/);
    }
    const models = await app.inject({
      method: 'POST',
      url: '/api/2.0/mlflow/logged-models/search',
      payload: { experiment_ids: [experimentId], filter: "metrics.acc > 0.5 OR name = 'x'" },
    });
    expect(models.statusCode).toBe(400);
    expect(models.json<SearchBody>()).toMatchObject({ error_code: 'INVALID_PARAMETER_VALUE' });
  });
});
