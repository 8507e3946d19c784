// runs/search: filters, order_by, paging, view types and errors (golden file 09), plus a
// generated data set large enough for every query plan of services/search-runs.ts, checked page
// by page against a straightforward implementation of MLflow's rules.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Run } from '../../../src/lib/mlflow/wire-types.js';
import { createServer, type FastifyInstance } from '../../app.js';
import type { Db } from '../../store/database.js';
import { freshStoreUri } from '../support/test-store.js';

let app: FastifyInstance;
let db: Db;
let artifactsDir: string;

type Json = Record<string, unknown>;

/** The fields of MLflow answers these tests read. */
interface Body {
  run?: Run;
  runs?: Run[];
  next_page_token?: string;
  experiment_id?: string;
  error_code?: string;
  message?: string;
}

interface Response {
  status: number;
  body: Body;
}

async function post(endpoint: string, body: unknown): Promise<Response> {
  const response = await app.inject({ method: 'POST', url: `/api/2.0/mlflow/${endpoint}`, payload: body as object });
  return { status: response.statusCode, body: response.json<Body>() };
}

async function search(body: Json): Promise<Response> {
  return post('runs/search', body);
}

function expectError(response: Response, code = 'INVALID_PARAMETER_VALUE', status = 400): void {
  expect(response.status).toBe(status);
  expect(response.body.error_code).toBe(code);
}

beforeAll(async () => {
  artifactsDir = mkdtempSync(path.join(os.tmpdir(), 'runboard-search-test-'));
  const server = await createServer({ backendStoreUri: await freshStoreUri(), artifactsDestination: artifactsDir });
  app = server.app;
  db = server.context!.db;
});

afterAll(async () => {
  await app.close();
  rmSync(artifactsDir, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------
// A small, hand-made data set (mirrors golden file 09)
// ---------------------------------------------------------------------------------------------

describe('runs/search on a small data set', () => {
  let one = '';
  let two = '';
  const ids: Record<string, string> = {};

  async function names(body: Json): Promise<string[]> {
    const response = await search({ experiment_ids: [one, two], max_results: 100, ...body });
    expect(response.status).toBe(200);
    const byId = Object.fromEntries(Object.entries(ids).map(([name, id]) => [id, name]));
    return (response.body.runs ?? []).map((run) => byId[run.info.run_id] ?? '?');
  }

  beforeAll(async () => {
    one = (await post('experiments/create', { name: 'small-one' })).body.experiment_id as string;
    two = (await post('experiments/create', { name: 'small-two' })).body.experiment_id as string;
    const specs: [string, string, number, string, Json[], Json[], Json[], string?][] = [
      [
        'alpha',
        one,
        1000,
        'alice',
        [
          { key: 'team', value: 'red' },
          { key: 'stage', value: 'dev' },
        ],
        [
          { key: 'lr', value: '0.01' },
          { key: 'opt', value: 'adam' },
        ],
        [
          { key: 'loss', value: 0.5 },
          { key: 'acc', value: 0.8 },
        ],
        'FINISHED',
      ],
      [
        'beta',
        one,
        2000,
        'bob',
        [
          { key: 'team', value: 'blue' },
          { key: 'stage', value: 'prod' },
        ],
        [
          { key: 'lr', value: '0.1' },
          { key: 'opt', value: 'sgd' },
        ],
        [
          { key: 'loss', value: 0.3 },
          { key: 'acc', value: 0.85 },
        ],
        'FINISHED',
      ],
      [
        'Gamma',
        one,
        3000,
        'alice',
        [
          { key: 'team', value: 'red' },
          { key: 'stage', value: 'prod' },
        ],
        [
          { key: 'lr', value: '0.001' },
          { key: 'opt', value: 'adam' },
        ],
        [
          { key: 'loss', value: 0.7 },
          { key: 'acc', value: 0.6 },
        ],
        'FAILED',
      ],
      [
        'delta',
        one,
        4000,
        'alice',
        [{ key: 'stage', value: 'dev' }],
        [
          { key: 'lr', value: '0.01' },
          { key: 'opt', value: 'rmsprop' },
        ],
        [],
        undefined,
      ],
      [
        'epsilon',
        two,
        5000,
        'alice',
        [
          { key: 'team', value: 'green' },
          { key: 'stage', value: 'dev' },
        ],
        [
          { key: 'lr', value: '0.05' },
          { key: 'opt', value: 'sgd' },
        ],
        [
          { key: 'loss', value: 0.1 },
          { key: 'acc', value: 0.95 },
        ],
        'FINISHED',
      ],
      [
        'zeta',
        two,
        6000,
        'bob',
        [{ key: 'team', value: 'blue' }],
        [
          { key: 'lr', value: '0.1' },
          { key: 'opt', value: 'adam' },
        ],
        [
          { key: 'loss', value: 'NaN' },
          { key: 'acc', value: 0.7 },
        ],
        'KILLED',
      ],
    ];
    for (const [name, experimentId, start, user, tags, params, metrics, status] of specs) {
      const created = await post('runs/create', {
        experiment_id: experimentId,
        run_name: name,
        start_time: 1700000000000 + start,
        user_id: user,
        tags,
      });
      const runId = created.body.run?.info.run_id ?? '';
      ids[name] = runId;
      await post('runs/log-batch', {
        run_id: runId,
        params,
        metrics: metrics.map((metric) => ({ ...metric, timestamp: 1700000000000 + start + 1, step: 1 })),
      });
      if (status) await post('runs/update', { run_id: runId, status, end_time: 1700000000000 + start + 500 });
    }
    await post('runs/log-inputs', {
      run_id: ids.alpha,
      datasets: [
        {
          tags: [{ key: 'mlflow.data.context', value: 'training' }],
          dataset: { name: 'iris', digest: 'd1', source_type: 'local', source: 's' },
        },
        {
          tags: [{ key: 'mlflow.data.context', value: 'eval' }],
          dataset: { name: 'iris-eval', digest: 'd2', source_type: 'local', source: 's' },
        },
      ],
    });
    await post('runs/delete', { run_id: ids.beta });
  });

  it('answers MLflow key sets: info, data, inputs (dataset_inputs only when present)', async () => {
    const response = await search({ experiment_ids: [one], max_results: 10, order_by: ['attributes.start_time ASC'] });
    const runs = response.body.runs ?? [];
    expect(Object.keys(response.body)).toEqual(['runs']);
    expect(runs.map((run) => Object.keys(run).sort())).toEqual([
      ['data', 'info', 'inputs'],
      ['data', 'info', 'inputs'],
      ['data', 'info', 'inputs'],
    ]);
    const [alpha, gamma, delta] = runs as [Run, Run, Run];
    expect(alpha.inputs?.dataset_inputs).toHaveLength(2);
    expect(alpha.inputs?.dataset_inputs).toContainEqual({
      tags: [{ key: 'mlflow.data.context', value: 'training' }],
      dataset: { name: 'iris', digest: 'd1', source_type: 'local', source: 's' },
    });
    expect(gamma.inputs).toEqual({});
    expect(Object.keys(alpha.info).sort()).toEqual(
      [
        'artifact_uri',
        'end_time',
        'experiment_id',
        'lifecycle_stage',
        'run_id',
        'run_name',
        'run_uuid',
        'start_time',
        'status',
        'user_id',
      ].sort(),
    );
    expect(delta.info.end_time).toBeUndefined();
    expect(delta.data?.metrics).toBeUndefined();
    expect(alpha.data?.metrics).toEqual(
      expect.arrayContaining([
        { key: 'loss', value: 0.5, timestamp: 1700000001001, step: 1 },
        { key: 'acc', value: 0.8, timestamp: 1700000001001, step: 1 },
      ]),
    );
  });

  it('filters on latest metrics; runs without the metric or with NaN never match', async () => {
    expect(await names({ filter: 'metrics.loss < 0.4', order_by: ['attributes.start_time ASC'] })).toEqual(['epsilon']);
    expect(await names({ filter: 'metrics.loss <= 0.5 AND metrics.acc > 0.9' })).toEqual(['epsilon']);
    expect(await names({ filter: 'metric.acc >= 0.7', order_by: ['attributes.start_time ASC'] })).toEqual(['alpha', 'epsilon', 'zeta']);
    expect(await names({ filter: 'metrics.loss != 0.5', order_by: ['attributes.start_time ASC'] })).toEqual(['Gamma', 'epsilon']);
    expect(await names({ filter: 'metrics.loss = 0', order_by: ['attributes.start_time ASC'] })).toEqual([]);
    expect(await names({ filter: 'metrics.missing > 0' })).toEqual([]);
  });

  it('filters on params, tags, attributes and datasets', async () => {
    const asc = { order_by: ['attributes.start_time ASC'] };
    expect(await names({ filter: "params.lr = '0.01'", ...asc })).toEqual(['alpha', 'delta']);
    expect(await names({ filter: "param.opt != 'adam'", ...asc })).toEqual(['delta', 'epsilon']);
    expect(await names({ filter: "params.opt LIKE 'ad%'", ...asc })).toEqual(['alpha', 'Gamma', 'zeta']);
    expect(await names({ filter: "params.opt LIKE 'AD%'", ...asc })).toEqual([]);
    expect(await names({ filter: "params.opt ILIKE 'AD%'", ...asc })).toEqual(['alpha', 'Gamma', 'zeta']);
    expect(await names({ filter: "tags.team = 'red'", ...asc })).toEqual(['alpha', 'Gamma']);
    expect(await names({ filter: "tag.team != 'red'", ...asc })).toEqual(['epsilon', 'zeta']);
    expect(await names({ filter: 'tags."team" = \'red\'', ...asc })).toEqual(['alpha', 'Gamma']);
    expect(await names({ filter: "tags.`mlflow.runName` LIKE '%a'", ...asc })).toEqual(['alpha', 'Gamma', 'delta', 'zeta']);
    expect(await names({ filter: "attributes.status = 'FINISHED'", ...asc })).toEqual(['alpha', 'epsilon']);
    expect(await names({ filter: "run_name = 'Gamma'", ...asc })).toEqual(['Gamma']);
    expect(await names({ filter: "`Run name` ILIKE 'gamma'", ...asc })).toEqual(['Gamma']);
    expect(await names({ filter: "attributes.user_id = 'bob'", ...asc })).toEqual(['zeta']);
    expect(await names({ filter: "attributes.artifact_uri LIKE 'mlflow-artifacts:%'", ...asc })).toHaveLength(5);
    expect(await names({ filter: 'attributes.start_time >= 1700000003000 AND attributes.start_time <= 1700000005000', ...asc })).toEqual([
      'Gamma',
      'delta',
      'epsilon',
    ]);
    expect(await names({ filter: 'attributes.end_time > 0', ...asc })).toEqual(['alpha', 'Gamma', 'epsilon', 'zeta']);
    expect(await names({ filter: `attributes.run_id = '${ids.alpha}'` })).toEqual(['alpha']);
    expect(await names({ filter: `attributes.run_id IN ('${ids.alpha}', '${ids.epsilon}')`, ...asc })).toEqual(['alpha', 'epsilon']);
    expect(await names({ filter: `run_id NOT IN ('${ids.alpha}', '${ids.epsilon}')`, ...asc })).toEqual(['Gamma', 'delta', 'zeta']);
    expect(await names({ filter: "datasets.name = 'iris-eval'" })).toEqual(['alpha']);
    expect(await names({ filter: "dataset.context = 'training'" })).toEqual(['alpha']);
    expect(await names({ filter: "datasets.digest IN ('d2', 'zz')" })).toEqual(['alpha']);
    expect(await names({ filter: "params.lr = '0.1' AND tags.team = 'blue' AND metrics.acc > 0.1" })).toEqual(['zeta']);
  });

  it('orders with missing values last in both directions and NaN after real values', async () => {
    expect(await names({})).toEqual(['zeta', 'epsilon', 'delta', 'Gamma', 'alpha']);
    expect(await names({ order_by: [] })).toEqual(['zeta', 'epsilon', 'delta', 'Gamma', 'alpha']);
    expect(await names({ order_by: ['metrics.loss ASC'] })).toEqual(['epsilon', 'alpha', 'Gamma', 'zeta', 'delta']);
    expect(await names({ order_by: ['metrics.loss DESC'] })).toEqual(['Gamma', 'alpha', 'epsilon', 'zeta', 'delta']);
    expect(await names({ order_by: ['metrics.`loss`'] })).toEqual(['epsilon', 'alpha', 'Gamma', 'zeta', 'delta']);
    expect(await names({ order_by: ['params.lr ASC'] })).toEqual(['Gamma', 'delta', 'alpha', 'epsilon', 'zeta']);
    expect(await names({ order_by: ['tags.team ASC'] })).toEqual(['zeta', 'epsilon', 'Gamma', 'alpha', 'delta']);
    expect(await names({ order_by: ['tags.team DESC', 'attributes.start_time ASC'] })).toEqual([
      'alpha',
      'Gamma',
      'epsilon',
      'zeta',
      'delta',
    ]);
    expect(await names({ order_by: ['attributes.run_name ASC'] })).toEqual(['Gamma', 'alpha', 'delta', 'epsilon', 'zeta']);
    expect(await names({ order_by: ['attributes.end_time ASC'] })).toEqual(['alpha', 'Gamma', 'epsilon', 'zeta', 'delta']);
    expect(await names({ order_by: ['attributes.end_time DESC'] })).toEqual(['zeta', 'epsilon', 'Gamma', 'alpha', 'delta']);
    expect(await names({ order_by: ['attributes.status ASC'] })).toEqual(['Gamma', 'epsilon', 'alpha', 'zeta', 'delta']);
    expect(await names({ order_by: ['created DESC'] })).toEqual(['zeta', 'epsilon', 'delta', 'Gamma', 'alpha']);
  });

  it('pages with a token whenever a page is full; the page after an exactly full one is {}', async () => {
    const body = { experiment_ids: [one, two], max_results: 2, order_by: ['attributes.start_time ASC'] };
    const first = await search(body);
    expect(first.body.runs).toHaveLength(2);
    expect(first.body.next_page_token).toBe(Buffer.from('{"offset": 2}').toString('base64'));
    const second = await search({ ...body, page_token: first.body.next_page_token });
    expect(second.body.runs).toHaveLength(2);
    const third = await search({ ...body, page_token: second.body.next_page_token });
    expect(third.body.runs).toHaveLength(1);
    expect(third.body.next_page_token).toBeUndefined();

    const full = await search({ experiment_ids: [one, two], max_results: 5, order_by: ['metrics.loss DESC'] });
    expect(full.body.runs).toHaveLength(5);
    expect(
      await search({ experiment_ids: [one, two], max_results: 5, order_by: ['metrics.loss DESC'], page_token: full.body.next_page_token }),
    ).toEqual({
      status: 200,
      body: {},
    });
  });

  it('honours run_view_type (names and numbers)', async () => {
    expect(await names({ run_view_type: 'DELETED_ONLY' })).toEqual(['beta']);
    expect(await names({ run_view_type: 'ALL', order_by: ['attributes.start_time ASC'] })).toEqual([
      'alpha',
      'beta',
      'Gamma',
      'delta',
      'epsilon',
      'zeta',
    ]);
    expect(await names({ run_view_type: 3, filter: 'metrics.loss > 0.2', order_by: ['attributes.start_time ASC'] })).toEqual([
      'alpha',
      'beta',
      'Gamma',
    ]);
    expect(await names({ run_view_type: 'ACTIVE_ONLY' })).toHaveLength(5);
    expectError(await search({ experiment_ids: [one], run_view_type: 'BOGUS' }));
  });

  it('answers {} for no, unknown or non-numeric experiment ids; max_results defaults to 1000', async () => {
    expect(await search({ experiment_ids: [], max_results: 100 })).toEqual({ status: 200, body: {} });
    expect(await search({})).toEqual({ status: 200, body: {} });
    expect(await search({ experiment_ids: ['987654321', 'abc'], max_results: 100 })).toEqual({ status: 200, body: {} });
    const response = await search({ experiment_ids: [one, two], filter: "params.lr = '0.01'" });
    expect(response.body.runs).toHaveLength(2);
    expect(response.body.next_page_token).toBeUndefined();
  });

  it('refuses bad filters, order_by, tokens, max_results and wrong types', async () => {
    for (const filter of [
      'metrics.loss > 0.1 OR',
      "metrics.loss > 'abc'",
      "params.lr > '0.01'",
      'params.lr = 0.01',
      "params.opt IN ('sgd')",
      "attributes.status IN ('FAILED')",
      "foo.bar = 'x'",
      "attributes.nope = 'x'",
      "attributes.lifecycle_stage = 'active'",
      'metrics.loss >',
    ]) {
      expectError(await search({ experiment_ids: [one], filter }));
    }
    for (const orderBy of [
      ['metrics.loss SIDEWAYS'],
      ['metrics.loss ASC, params.lr DESC'],
      ['`Run name` ASC'],
      ['metrics.loss', 'metrics.loss DESC'],
      ['nope ASC'],
    ]) {
      expectError(await search({ experiment_ids: [one], order_by: orderBy }));
    }
    expectError(await search({ experiment_ids: [one], order_by: 'metrics.loss ASC' }));
    expectError(await search({ experiment_ids: [one], filter: 5 }));
    expectError(await search({ experiment_ids: one }));
    expectError(await search({ experiment_ids: [one], page_token: 'bogus' }));
    expectError(await search({ experiment_ids: [one], page_token: Buffer.from('{"offset": 0}').toString('base64') }));
    expectError(await search({ experiment_ids: [one], max_results: 50001 }));
    expectError(await search({ experiment_ids: [one], max_results: 0 }));
    expectError(await search({ experiment_ids: [one], max_results: 'ten' }));
    expect((await search({ experiment_ids: [one], max_results: '50000' })).status).toBe(200);
    const malformed = await app.inject({
      method: 'POST',
      url: '/api/2.0/mlflow/runs/search',
      headers: { 'content-type': 'application/json' },
      payload: '{"experiment_ids": [',
    });
    expect(malformed.statusCode).toBe(200);
    expect(malformed.json()).toEqual({});
    expect((await app.inject({ method: 'GET', url: '/api/2.0/mlflow/runs/search' })).statusCode).toBe(405);
  });
});

// ---------------------------------------------------------------------------------------------
// A generated data set, checked against a reference implementation
// ---------------------------------------------------------------------------------------------

interface RefRun {
  run_id: string;
  experiment_id: number;
  name: string;
  status: string;
  start_time: number;
  end_time: number | null;
  lifecycle_stage: string;
  metrics: Record<string, number>;
  params: Record<string, string>;
  tags: Record<string, string>;
}

/** Deterministic pseudo-random numbers (mulberry32). */
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

type Clause = (run: RefRun) => boolean;
interface RefOrder {
  kind: 'metric' | 'param' | 'tag' | 'attribute';
  key: string;
  ascending: boolean;
}

function sortValue(run: RefRun, order: RefOrder): { flag: number; value: number | string | null } {
  if (order.kind === 'metric') {
    const value = run.metrics[order.key];
    if (value === undefined) return { flag: 2, value: null };
    return Number.isNaN(value) ? { flag: 1, value: null } : { flag: 0, value };
  }
  const source =
    order.kind === 'param'
      ? run.params[order.key]
      : order.kind === 'tag'
        ? run.tags[order.key]
        : (run[order.key as keyof RefRun] as string | number | null | undefined);
  return source === undefined || source === null ? { flag: 1, value: null } : { flag: 0, value: source };
}

function compareValues(a: number | string, b: number | string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}

/** MLflow's runs/search order, written the obvious way. */
function referenceOrder(runs: RefRun[], orderBy: RefOrder[]): RefRun[] {
  const withStart = orderBy.some((order) => order.kind === 'attribute' && order.key === 'start_time');
  return [...runs].sort((a, b) => {
    for (const order of orderBy) {
      const x = sortValue(a, order);
      const y = sortValue(b, order);
      if (x.flag !== y.flag) return x.flag - y.flag;
      if (x.value !== null && y.value !== null) {
        const compared = compareValues(x.value, y.value);
        if (compared !== 0) return order.ascending ? compared : -compared;
      }
    }
    if (!withStart && a.start_time !== b.start_time) return b.start_time - a.start_time;
    return compareValues(a.run_id, b.run_id);
  });
}

describe('runs/search on generated data, against a reference implementation', () => {
  const runs: RefRun[] = [];
  let big = 0;
  let small = 0;

  beforeAll(async () => {
    big = Number((await post('experiments/create', { name: 'generated-big' })).body.experiment_id);
    small = Number((await post('experiments/create', { name: 'generated-small' })).body.experiment_id);
    const next = random(42);
    const hex = (): string => Array.from({ length: 32 }, () => Math.floor(next() * 16).toString(16)).join('');
    for (let index = 0; index < 3000; index += 1) {
      const metrics: Record<string, number> = {};
      const roll = next();
      // acc: ties (two decimals), 8% NaN, 8% missing.
      if (roll < 0.08) metrics.acc = NaN;
      else if (roll < 0.92) metrics.acc = Math.round(next() * 100) / 100;
      if (next() < 0.5) metrics.loss = next() * 2;
      const params: Record<string, string> = { model: next() < 0.5 ? 'rf' : 'xgb' };
      if (index % 601 === 0) params.rare = 'yes';
      if (next() < 0.7) params.depth = String(Math.floor(next() * 12));
      const tags: Record<string, string> = { 'mlflow.runName': `run-${index}` };
      if (next() < 0.85) tags.team = next() < 0.5 ? 'a' : 'b';
      const status = ['RUNNING', 'FINISHED', 'FAILED'][Math.floor(next() * 3)] as string;
      runs.push({
        run_id: hex(),
        experiment_id: index < 2600 ? big : small,
        name: `run-${index}`,
        status,
        start_time: 1700000000000 + Math.floor(next() * 400) * 1000,
        end_time: status === 'RUNNING' ? null : 1700000500000 + index,
        lifecycle_stage: next() < 0.05 ? 'deleted' : 'active',
        metrics,
        params,
        tags,
      });
    }
    await db.transaction().execute(async (trx) => {
      for (let start = 0; start < runs.length; start += 200) {
        const part = runs.slice(start, start + 200);
        await trx
          .insertInto('runs')
          .values(
            part.map((run) => ({
              run_uuid: run.run_id,
              name: run.name,
              experiment_id: run.experiment_id,
              user_id: '',
              status: run.status,
              start_time: run.start_time,
              end_time: run.end_time,
              deleted_time: null,
              lifecycle_stage: run.lifecycle_stage,
              artifact_uri: `mlflow-artifacts:/${run.experiment_id}/${run.run_id}/artifacts`,
            })),
          )
          .execute();
        const metricRows = part.flatMap((run) =>
          Object.entries(run.metrics).map(([key, value]) => ({
            run_uuid: run.run_id,
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
          .values(part.flatMap((run) => Object.entries(run.params).map(([key, value]) => ({ run_uuid: run.run_id, key, value }))))
          .execute();
        await trx
          .insertInto('tags')
          .values(part.flatMap((run) => Object.entries(run.tags).map(([key, value]) => ({ run_uuid: run.run_id, key, value }))))
          .execute();
      }
    });
  });

  /** Every page of a search, concatenated (and each page checked for its token). */
  async function allPages(body: Json, pageSize: number): Promise<string[]> {
    const found: string[] = [];
    let token: string | undefined;
    for (let page = 0; page < 100; page += 1) {
      const response = await search({ ...body, max_results: pageSize, ...(token ? { page_token: token } : {}) });
      expect(response.status).toBe(200);
      const pageRuns = response.body.runs ?? [];
      found.push(...pageRuns.map((run) => run.info.run_id));
      token = response.body.next_page_token;
      expect(token !== undefined).toBe(pageRuns.length === pageSize);
      if (!token) return found;
    }
    throw new Error('too many pages');
  }

  const cases: { name: string; body: Json; experiments: 'big' | 'both'; stages?: string[]; filter: Clause; orderBy: RefOrder[] }[] = [
    {
      name: 'metric order, no filter (sort driver, NaN and missing segments)',
      body: { order_by: ['metrics.acc DESC'] },
      experiments: 'big',
      filter: () => true,
      orderBy: [{ kind: 'metric', key: 'acc', ascending: false }],
    },
    {
      name: 'metric order ascending with common filters',
      body: { order_by: ['metrics.acc ASC'], filter: "params.model = 'rf' and tags.team = 'a'" },
      experiments: 'big',
      filter: (run) => run.params.model === 'rf' && run.tags.team === 'a',
      orderBy: [{ kind: 'metric', key: 'acc', ascending: true }],
    },
    {
      name: 'metric order with a filter on the same metric',
      body: { order_by: ['metrics.acc DESC'], filter: "metrics.acc > 0.5 and params.model = 'rf' and tags.team = 'a'" },
      experiments: 'big',
      filter: (run) => (run.metrics.acc ?? NaN) > 0.5 && run.params.model === 'rf' && run.tags.team === 'a',
      orderBy: [{ kind: 'metric', key: 'acc', ascending: false }],
    },
    {
      name: 'param order then metric order, over two experiments',
      body: { order_by: ['params.depth ASC', 'metrics.loss DESC'], filter: "tags.team LIKE 'b%'" },
      experiments: 'both',
      filter: (run) => run.tags.team?.startsWith('b') === true,
      orderBy: [
        { kind: 'param', key: 'depth', ascending: true },
        { kind: 'metric', key: 'loss', ascending: false },
      ],
    },
    {
      name: 'tag order descending with start_time in the order (no extra tie-breaker)',
      body: { order_by: ['tags.team DESC', 'attributes.start_time ASC'], filter: 'metrics.loss >= 0.5' },
      experiments: 'big',
      filter: (run) => (run.metrics.loss ?? NaN) >= 0.5,
      orderBy: [
        { kind: 'tag', key: 'team', ascending: false },
        { kind: 'attribute', key: 'start_time', ascending: true },
      ],
    },
    {
      name: 'a selective filter drives the query',
      body: { order_by: ['metrics.acc DESC'], filter: "params.rare = 'yes'" },
      experiments: 'both',
      filter: (run) => run.params.rare === 'yes',
      orderBy: [{ kind: 'metric', key: 'acc', ascending: false }],
    },
    {
      name: 'default order with a pattern filter',
      body: { filter: "params.model ILIKE 'X%' and metrics.loss != 1" },
      experiments: 'big',
      filter: (run) =>
        run.params.model === 'xgb' && run.metrics.loss !== undefined && !Number.isNaN(run.metrics.loss) && run.metrics.loss !== 1,
      orderBy: [],
    },
    {
      name: 'attribute orders with a metric second',
      body: { order_by: ['attributes.status ASC', 'metrics.acc DESC', 'attributes.end_time DESC'] },
      experiments: 'big',
      filter: () => true,
      orderBy: [
        { kind: 'attribute', key: 'status', ascending: true },
        { kind: 'metric', key: 'acc', ascending: false },
        { kind: 'attribute', key: 'end_time', ascending: false },
      ],
    },
    {
      name: 'deleted runs only, ordered by a metric',
      body: { order_by: ['metrics.acc ASC'], run_view_type: 'DELETED_ONLY' },
      experiments: 'both',
      stages: ['deleted'],
      filter: () => true,
      orderBy: [{ kind: 'metric', key: 'acc', ascending: true }],
    },
  ];

  for (const testCase of cases) {
    it(testCase.name, async () => {
      const experimentIds = testCase.experiments === 'big' ? [big] : [big, small];
      const stages = testCase.stages ?? ['active'];
      const expected = referenceOrder(
        runs.filter((run) => experimentIds.includes(run.experiment_id) && stages.includes(run.lifecycle_stage) && testCase.filter(run)),
        testCase.orderBy,
      ).map((run) => run.run_id);
      expect(expected.length).toBeGreaterThan(0);
      const body = { ...testCase.body, experiment_ids: experimentIds.map(String) };
      expect(await allPages(body, 700)).toEqual(expected);
      // A page that starts inside a later segment needs the earlier segments' sizes.
      const offset = Math.max(1, expected.length - 30);
      const response = await search({ ...body, max_results: 50, page_token: Buffer.from(`{"offset": ${offset}}`).toString('base64') });
      expect((response.body.runs ?? []).map((run) => run.info.run_id)).toEqual(expected.slice(offset));
    });
  }

  it('returns the first page of 100 with every run matching, in order', async () => {
    const response = await search({
      experiment_ids: [String(big)],
      filter: "metrics.acc > 0.5 and params.model = 'rf' and tags.team = 'a'",
      max_results: 100,
      order_by: ['metrics.acc DESC'],
    });
    const page = response.body.runs ?? [];
    expect(page).toHaveLength(100);
    const accs = page.map((run) => run.data?.metrics?.find((metric) => metric.key === 'acc')?.value as number);
    expect(accs.every((acc, index) => acc > 0.5 && (index === 0 || acc <= (accs[index - 1] as number)))).toBe(true);
    expect(response.body.next_page_token).toBeDefined();
  });
});
