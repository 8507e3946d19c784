// Logging endpoints: runs/log-metric, log-parameter, set-tag, delete-tag, log-batch, log-inputs,
// log-model and the UI's experiments/search-datasets (golden files 06, 07 and 10).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Metric, Run } from '../../../src/lib/mlflow/wire-types.js';
import { createServer, type FastifyInstance } from '../../app.js';
import type { Db } from '../../store/database.js';
import { freshStoreUri } from '../support/test-store.js';

let app: FastifyInstance;
let db: Db;
let artifactsDir: string;
let experimentId: string;
let runId: string;

type Json = Record<string, unknown>;

/** The fields of MLflow answers these tests read. */
interface Body {
  run?: Run;
  runs?: Run[];
  experiment_id?: string;
  error_code?: string;
  message?: string;
  dataset_summaries?: unknown[];
}

interface Response {
  status: number;
  body: Body;
}

async function post(endpoint: string, body: unknown, prefix = '/api/2.0/mlflow'): Promise<Response> {
  const response = await app.inject({ method: 'POST', url: `${prefix}/${endpoint}`, payload: body as object });
  return { status: response.statusCode, body: response.json<Body>() };
}

async function getRun(id = runId): Promise<Run> {
  const response = await app.inject({ method: 'GET', url: '/api/2.0/mlflow/runs/get', query: { run_id: id } });
  expect(response.statusCode).toBe(200);
  return response.json<{ run: Run }>().run;
}

function byKey(items: { key: string; value?: unknown }[] | undefined): Record<string, unknown> {
  return Object.fromEntries((items ?? []).map((item) => [item.key, item.value]));
}

function metricsByKey(run: Run): Record<string, Metric> {
  return Object.fromEntries((run.data?.metrics ?? []).map((metric) => [metric.key, metric]));
}

function expectOk(response: Response): void {
  expect(response).toEqual({ status: 200, body: {} });
}

function expectError(response: Response, status: number, code: string, message?: string): void {
  expect(response.status).toBe(status);
  expect(response.body.error_code).toBe(code);
  if (message !== undefined) expect(response.body.message).toBe(message);
}

async function history(key: string, id = runId): Promise<{ value: number; is_nan: number; step: number; timestamp: number }[]> {
  return db
    .selectFrom('metrics')
    .select(['value', 'is_nan', 'step', 'timestamp'])
    .where('run_uuid', '=', id)
    .where('key', '=', key)
    .orderBy('timestamp')
    .orderBy('step')
    .execute();
}

async function newRun(name = 'r'): Promise<string> {
  const response = await post('runs/create', { experiment_id: experimentId, run_name: name, start_time: 1700000000000 });
  return response.body.run?.info.run_id ?? '';
}

beforeEach(async () => {
  artifactsDir = mkdtempSync(path.join(os.tmpdir(), 'runboard-logging-test-'));
  const server = await createServer({ backendStoreUri: await freshStoreUri(), artifactsDestination: artifactsDir });
  app = server.app;
  db = server.context!.db;
  experimentId = (await post('experiments/create', { name: 'logging' })).body.experiment_id as string;
  runId = await newRun('main');
});

afterEach(async () => {
  await app.close();
  rmSync(artifactsDir, { recursive: true, force: true });
});

const DELETED_MESSAGE = (id: string): string => `The run ${id} must be in the 'active' state. Current state is deleted.`;

describe('runs/log-metric', () => {
  it('keeps the latest point by (step, timestamp, value) and drops identical re-logs', async () => {
    expectOk(await post('runs/log-metric', { run_id: runId, key: 'loss', value: 0.5, timestamp: 1, step: 0 }));
    expectOk(await post('runs/log-metric', { run_id: runId, key: 'loss', value: 0.3, timestamp: 3, step: 2 }));
    // An older step logged later does not become the latest value.
    expectOk(await post('runs/log-metric', { run_id: runId, key: 'loss', value: 0.9, timestamp: 4, step: 1 }));
    expectOk(await post('runs/log-metric', { run_id: runId, key: 'loss', value: 0.3, timestamp: 3, step: 2 }));
    expect(metricsByKey(await getRun()).loss).toEqual({ key: 'loss', value: 0.3, timestamp: 3, step: 2 });
    expect(await history('loss')).toHaveLength(3);
    // Same step: the later timestamp wins; same step and timestamp: the greater value wins.
    expectOk(await post('runs/log-metric', { run_id: runId, key: 'loss', value: 0.1, timestamp: 5, step: 2 }));
    expect(metricsByKey(await getRun()).loss).toMatchObject({ value: 0.1, timestamp: 5 });
    expectOk(await post('runs/log-metric', { run_id: runId, key: 'loss', value: 0.2, timestamp: 5, step: 2 }));
    expectOk(await post('runs/log-metric', { run_id: runId, key: 'loss', value: 0.15, timestamp: 5, step: 2 }));
    expect(metricsByKey(await getRun()).loss).toMatchObject({ value: 0.2, timestamp: 5, step: 2 });
  });

  it('stores NaN and infinities and sends them back as strings', async () => {
    expectOk(await post('runs/log-metric', { run_id: runId, key: 'nan', value: 'NaN', timestamp: 1 }));
    expectOk(await post('runs/log-metric', { run_id: runId, key: 'inf', value: 'Infinity', timestamp: 1 }));
    expectOk(await post('runs/log-metric', { run_id: runId, key: 'ninf', value: '-Infinity', timestamp: 1 }));
    const metrics = metricsByKey(await getRun());
    expect(metrics.nan).toEqual({ key: 'nan', value: 'NaN', timestamp: 1, step: 0 });
    expect(metrics.inf?.value).toBe('Infinity');
    expect(metrics.ninf?.value).toBe('-Infinity');
    expect(await history('nan')).toEqual([{ value: 0, is_nan: 1, step: 0, timestamp: 1 }]);
  });

  it('accepts numeric strings, big and negative steps, run_uuid, and every allowed key character', async () => {
    expectOk(await post('runs/log-metric', { run_id: runId, key: 'str', value: '2.5', timestamp: '12', step: '3' }));
    expectOk(await post('runs/log-metric', { run_id: runId, key: 'big', value: 1, timestamp: 1, step: 9007199254740991 }));
    expectOk(await post('runs/log-metric', { run_id: runId, key: 'neg', value: -2.25, timestamp: 1, step: -5 }));
    expectOk(await post('runs/log-metric', { run_uuid: runId, key: 'nested/metric.name-1 with space:x', value: 1e-300, timestamp: 1 }));
    const metrics = metricsByKey(await getRun());
    expect(metrics.str).toEqual({ key: 'str', value: 2.5, timestamp: 12, step: 3 });
    expect(metrics.big?.step).toBe(9007199254740991);
    expect(metrics.neg).toMatchObject({ value: -2.25, step: -5 });
    expect(metrics['nested/metric.name-1 with space:x']?.value).toBe(1e-300);
  });

  it('refuses missing fields, wrong types and bad keys', async () => {
    const cases: [Json, string][] = [
      [
        { run_id: runId, value: 1, timestamp: 1 },
        "Missing value for required parameter 'key'. See the API docs for more information about request parameters.",
      ],
      [
        { run_id: runId, key: 'm', timestamp: 1 },
        "Missing value for required parameter 'value'. See the API docs for more information about request parameters.",
      ],
      [
        { run_id: runId, key: 'm', value: 1 },
        "Missing value for required parameter 'timestamp'. See the API docs for more information about request parameters.",
      ],
      [
        { key: 'm', value: 1, timestamp: 1 },
        "Missing value for required parameter 'run_id'. See the API docs for more information about request parameters.",
      ],
    ];
    for (const [body, message] of cases) expectError(await post('runs/log-metric', body), 400, 'INVALID_PARAMETER_VALUE', message);
    for (const body of [
      { run_id: runId, key: 'm', value: 'abc', timestamp: 1 },
      { run_id: runId, key: 'm', value: true, timestamp: 1 },
      { run_id: runId, key: 'm', value: 1, timestamp: -1 },
      { run_id: runId, key: 'm', value: 1, timestamp: 1.5 },
      { run_id: runId, key: 'm', value: 1, timestamp: 1, step: 1.5 },
      { run_id: runId, key: 5, value: 1, timestamp: 1 },
      { run_id: runId, key: 'bad key!', value: 1, timestamp: 1 },
      { run_id: runId, key: '../escape', value: 1, timestamp: 1 },
      { run_id: runId, key: 'a//b', value: 1, timestamp: 1 },
      { run_id: runId, key: '/abs', value: 1, timestamp: 1 },
      { run_id: runId, key: 'k'.repeat(251), value: 1, timestamp: 1 },
    ]) {
      expectError(await post('runs/log-metric', body), 400, 'INVALID_PARAMETER_VALUE');
    }
    expect((await getRun()).data?.metrics).toBeUndefined();
  });

  it('answers 404 for unknown runs and 400 for deleted runs; FINISHED runs still log', async () => {
    expectError(
      await post('runs/log-metric', { run_id: '00000000000000000000000000000000', key: 'm', value: 1, timestamp: 1 }),
      404,
      'RESOURCE_DOES_NOT_EXIST',
      'Run with id=00000000000000000000000000000000 not found',
    );
    await post('runs/update', { run_id: runId, status: 'FINISHED', end_time: 2 });
    expectOk(await post('runs/log-metric', { run_id: runId, key: 'after', value: 1, timestamp: 1 }));
    await post('runs/delete', { run_id: runId });
    expectError(
      await post('runs/log-metric', { run_id: runId, key: 'm', value: 1, timestamp: 1 }),
      400,
      'INVALID_PARAMETER_VALUE',
      DELETED_MESSAGE(runId),
    );
  });
});

describe('runs/log-parameter', () => {
  it('logs params once; the same value again is fine, another value is refused', async () => {
    expectOk(await post('runs/log-parameter', { run_id: runId, key: 'lr', value: '0.01' }));
    expectOk(await post('runs/log-parameter', { run_uuid: runId, key: 'lr', value: '0.01' }));
    expectError(
      await post('runs/log-parameter', { run_id: runId, key: 'lr', value: '0.02' }),
      400,
      'INVALID_PARAMETER_VALUE',
      `Changing param values is not allowed. Param with key='lr' was already logged with value='0.01' for run ID='${runId}'. Attempted logging new value '0.02'.`,
    );
    expect(byKey((await getRun()).data?.params)).toEqual({ lr: '0.01' });
  });

  it('stores empty, omitted and null values as "" and truncates values above 6000 characters', async () => {
    expectOk(await post('runs/log-parameter', { run_id: runId, key: 'empty', value: '' }));
    expectOk(await post('runs/log-parameter', { run_id: runId, key: 'omitted' }));
    expectOk(await post('runs/log-parameter', { run_id: runId, key: 'null', value: null }));
    expectOk(await post('runs/log-parameter', { run_id: runId, key: 'long', value: 'x'.repeat(6001) }));
    // Re-logging the same long value compares the truncated values.
    expectOk(await post('runs/log-parameter', { run_id: runId, key: 'long', value: 'x'.repeat(7000) }));
    const params = byKey((await getRun()).data?.params);
    expect(params).toMatchObject({ empty: '', omitted: '', null: '' });
    expect(params.long).toBe('x'.repeat(6000));
  });

  it('refuses bad input, unknown and deleted runs', async () => {
    expectError(await post('runs/log-parameter', { run_id: runId, value: 'v' }), 400, 'INVALID_PARAMETER_VALUE');
    expectError(await post('runs/log-parameter', { run_id: runId, key: 'num', value: 5 }), 400, 'INVALID_PARAMETER_VALUE');
    expectError(await post('runs/log-parameter', { run_id: runId, key: 'bad!', value: 'v' }), 400, 'INVALID_PARAMETER_VALUE');
    expectError(
      await post('runs/log-parameter', { run_id: '00000000000000000000000000000000', key: 'k', value: 'v' }),
      404,
      'RESOURCE_DOES_NOT_EXIST',
    );
    await post('runs/delete', { run_id: runId });
    expectError(
      await post('runs/log-parameter', { run_id: runId, key: 'k', value: 'v' }),
      400,
      'INVALID_PARAMETER_VALUE',
      DELETED_MESSAGE(runId),
    );
  });
});

describe('runs/set-tag and runs/delete-tag', () => {
  it('upserts tags, truncates above 8000 characters and renames the run through mlflow.runName', async () => {
    expectOk(await post('runs/set-tag', { run_id: runId, key: 'team', value: 'red' }));
    expectOk(await post('runs/set-tag', { run_uuid: runId, key: 'team', value: 'blue' }));
    expectOk(await post('runs/set-tag', { run_id: runId, key: 'novalue' }));
    expectOk(await post('runs/set-tag', { run_id: runId, key: 'big', value: 't'.repeat(8001) }));
    expectOk(await post('runs/set-tag', { run_id: runId, key: 'mlflow.runName', value: 'renamed' }));
    const run = await getRun();
    expect(run.info.run_name).toBe('renamed');
    const tags = byKey(run.data?.tags);
    expect(tags).toMatchObject({ team: 'blue', novalue: '', 'mlflow.runName': 'renamed' });
    expect(tags.big).toBe('t'.repeat(8000));
  });

  it('deletes tags; a missing tag is 404', async () => {
    await post('runs/set-tag', { run_id: runId, key: 'team', value: 'red' });
    expectOk(await post('runs/delete-tag', { run_id: runId, key: 'team' }));
    expectError(
      await post('runs/delete-tag', { run_id: runId, key: 'team' }),
      404,
      'RESOURCE_DOES_NOT_EXIST',
      `No tag with name: team in run with id ${runId}`,
    );
    expect(byKey((await getRun()).data?.tags)).toEqual({ 'mlflow.runName': 'main' });
  });

  it('refuses bad input, unknown and deleted runs', async () => {
    expectError(await post('runs/set-tag', { run_id: runId, key: 5, value: 'x' }), 400, 'INVALID_PARAMETER_VALUE');
    expectError(await post('runs/set-tag', { run_id: runId, value: 'x' }), 400, 'INVALID_PARAMETER_VALUE');
    expectError(await post('runs/set-tag', { run_id: runId, key: 't'.repeat(251), value: 'x' }), 400, 'INVALID_PARAMETER_VALUE');
    expectError(await post('runs/delete-tag', { run_id: runId }), 400, 'INVALID_PARAMETER_VALUE');
    expectError(await post('runs/delete-tag', { key: 'x' }), 400, 'INVALID_PARAMETER_VALUE');
    expectError(
      await post('runs/set-tag', { run_id: '00000000000000000000000000000000', key: 'k', value: 'v' }),
      404,
      'RESOURCE_DOES_NOT_EXIST',
    );
    expectError(await post('runs/delete-tag', { run_id: '00000000000000000000000000000000', key: 'k' }), 404, 'RESOURCE_DOES_NOT_EXIST');
    await post('runs/set-tag', { run_id: runId, key: 'team', value: 'red' });
    await post('runs/delete', { run_id: runId });
    expectError(
      await post('runs/set-tag', { run_id: runId, key: 'k', value: 'v' }),
      400,
      'INVALID_PARAMETER_VALUE',
      DELETED_MESSAGE(runId),
    );
    expectError(await post('runs/delete-tag', { run_id: runId, key: 'team' }), 400, 'INVALID_PARAMETER_VALUE', DELETED_MESSAGE(runId));
  });
});

describe('runs/log-batch', () => {
  it('logs metrics, params and tags together; an empty batch is fine', async () => {
    expectOk(
      await post('runs/log-batch', {
        run_id: runId,
        metrics: [
          { key: 'm1', value: 1, timestamp: 1, step: 0 },
          { key: 'm1', value: 2, timestamp: 2, step: 1 },
          { key: 'm2', value: 0.5, timestamp: 1 },
        ],
        params: [
          { key: 'p1', value: 'a' },
          { key: 'p2', value: 'b' },
        ],
        tags: [{ key: 't1', value: 'x' }],
      }),
    );
    expectOk(await post('runs/log-batch', { run_id: runId }));
    const run = await getRun();
    expect(metricsByKey(run)).toEqual({
      m1: { key: 'm1', value: 2, timestamp: 2, step: 1 },
      m2: { key: 'm2', value: 0.5, timestamp: 1, step: 0 },
    });
    expect(byKey(run.data?.params)).toEqual({ p1: 'a', p2: 'b' });
    expect(byKey(run.data?.tags)).toEqual({ 'mlflow.runName': 'main', t1: 'x' });
  });

  it('drops exact duplicate metrics, keeps NaN / infinities, and lets the last duplicate tag win', async () => {
    await post('runs/log-batch', { run_id: runId, metrics: [{ key: 'm', value: 2, timestamp: 2, step: 1 }] });
    expectOk(
      await post('runs/log-batch', {
        run_id: runId,
        metrics: [
          { key: 'm', value: 2, timestamp: 2, step: 1 },
          { key: 'm', value: 2, timestamp: 2, step: 1 },
          { key: 'nan', value: 'NaN', timestamp: 3 },
          { key: 'nan', value: 'NaN', timestamp: 3 },
          { key: 'inf', value: 'Infinity', timestamp: 3 },
        ],
        tags: [
          { key: 'dup', value: 'first' },
          { key: 'dup', value: 'second' },
          { key: 'mlflow.runName', value: 'batch-name' },
        ],
      }),
    );
    expect(await history('m')).toHaveLength(1);
    expect(await history('nan')).toHaveLength(1);
    const run = await getRun();
    expect(metricsByKey(run).nan?.value).toBe('NaN');
    expect(metricsByKey(run).inf?.value).toBe('Infinity');
    expect(byKey(run.data?.tags)).toMatchObject({ dup: 'second', 'mlflow.runName': 'batch-name' });
    expect(run.info.run_name).toBe('batch-name');
  });

  it('moves the latest metric forward only for greater (step, timestamp, value)', async () => {
    await post('runs/log-batch', {
      run_id: runId,
      metrics: [
        { key: 'm', value: 5, timestamp: 10, step: 3 },
        { key: 'm', value: 7, timestamp: 9, step: 3 },
        { key: 'm', value: 1, timestamp: 99, step: 2 },
      ],
    });
    expect(metricsByKey(await getRun()).m).toEqual({ key: 'm', value: 5, timestamp: 10, step: 3 });
    await post('runs/log-batch', { run_id: runId, metrics: [{ key: 'm', value: 100, timestamp: 100, step: 2 }] });
    expect(metricsByKey(await getRun()).m).toMatchObject({ value: 5, step: 3 });
    await post('runs/log-batch', { run_id: runId, metrics: [{ key: 'm', value: 6, timestamp: 10, step: 3 }] });
    expect(metricsByKey(await getRun()).m).toMatchObject({ value: 6, step: 3 });
  });

  it('keeps params write-once and refuses duplicate param keys, writing nothing', async () => {
    await post('runs/log-batch', { run_id: runId, params: [{ key: 'p1', value: 'a' }] });
    expectOk(await post('runs/log-batch', { run_id: runId, params: [{ key: 'p1', value: 'a' }] }));
    expectError(
      await post('runs/log-batch', {
        run_id: runId,
        params: [
          { key: 'p1', value: 'changed' },
          { key: 'fresh', value: 'v' },
        ],
        metrics: [{ key: 'not_written', value: 1, timestamp: 1 }],
      }),
      400,
      'INVALID_PARAMETER_VALUE',
      `Changing param values is not allowed. Params were already logged='[{'key': 'p1', 'old_value': 'a', 'new_value': 'changed'}]' for run ID='${runId}'.`,
    );
    expectError(
      await post('runs/log-batch', {
        run_id: runId,
        params: [
          { key: 'p3', value: 'c' },
          { key: 'p3', value: 'c' },
        ],
      }),
      400,
      'INVALID_PARAMETER_VALUE',
      "Duplicate parameter keys have been submitted: ['p3']. Please ensure the request contains only one param value per param key.",
    );
    const run = await getRun();
    expect(byKey(run.data?.params)).toEqual({ p1: 'a' });
    expect(run.data?.metrics).toBeUndefined();
  });

  it('names the item in missing-field errors', async () => {
    const message = (field: string): string =>
      `Missing value for required parameter '${field}'. See the API docs for more information about request parameters.`;
    const cases: [Json, string][] = [
      [{ run_id: runId, metrics: [{ key: 'bad', value: 1 }] }, 'metrics[0].timestamp'],
      [
        {
          run_id: runId,
          metrics: [
            { key: 'ok', value: 1, timestamp: 1 },
            { key: 'bad', timestamp: 1 },
          ],
        },
        'metrics[1].value',
      ],
      [{ run_id: runId, metrics: [{ value: 1, timestamp: 1 }] }, 'metrics[0].key'],
      [{ run_id: runId, params: [{ value: 'x' }] }, 'params[0].key'],
      [{ run_id: runId, tags: [{ value: 'x' }] }, 'tags[0].key'],
      [{ metrics: [] }, 'run_id'],
      [{ run_uuid: runId, params: [{ key: 'a', value: 'b' }] }, 'run_id'],
    ];
    for (const [body, field] of cases) expectError(await post('runs/log-batch', body), 400, 'INVALID_PARAMETER_VALUE', message(field));
  });

  it('refuses wrong types', async () => {
    for (const body of [
      { run_id: runId, metrics: { key: 'm' } },
      { run_id: runId, metrics: ['m'] },
      { run_id: runId, metrics: [{ key: 'm', value: 'abc', timestamp: 1 }] },
      { run_id: runId, metrics: [{ key: 'm', value: 1, timestamp: 'now' }] },
      { run_id: runId, metrics: [{ key: 'm', value: 1, timestamp: -5 }] },
      { run_id: runId, metrics: [{ key: 'bad key!', value: 1, timestamp: 1 }] },
      { run_id: runId, params: [{ key: 'p', value: 1 }] },
      { run_id: runId, tags: [{ key: 't', value: false }] },
      { run_id: runId, tags: [{ key: '../t', value: 'x' }] },
    ]) {
      expectError(await post('runs/log-batch', body), 400, 'INVALID_PARAMETER_VALUE');
    }
  });

  it('enforces the 1000 metrics / 100 params / 100 tags / 1000 entities limits', async () => {
    const metrics = (count: number, key = 'lim'): Json[] =>
      Array.from({ length: count }, (_, step) => ({ key, value: step, timestamp: 1, step }));
    const keyValues = (count: number, prefix: string): Json[] =>
      Array.from({ length: count }, (_, index) => ({ key: `${prefix}${index}`, value: 'v' }));
    expectError(
      await post('runs/log-batch', { run_id: runId, metrics: metrics(1001) }),
      400,
      'INVALID_PARAMETER_VALUE',
      'A batch logging request can contain at most 1000 metrics. Got 1001 metrics. Please split up metrics across multiple requests and try again.',
    );
    expectError(await post('runs/log-batch', { run_id: runId, params: keyValues(101, 'p') }), 400, 'INVALID_PARAMETER_VALUE');
    expectError(await post('runs/log-batch', { run_id: runId, tags: keyValues(101, 't') }), 400, 'INVALID_PARAMETER_VALUE');
    expectError(
      await post('runs/log-batch', { run_id: runId, metrics: metrics(950), params: keyValues(30, 'p'), tags: keyValues(30, 't') }),
      400,
      'INVALID_PARAMETER_VALUE',
      'A batch logging request can contain at most 1000 metrics, params, and tags. Got 1010 metrics, params, and tags. Please split up metrics, params, and tags across multiple requests and try again.',
    );
    expect((await getRun()).data?.metrics).toBeUndefined();
    expectOk(await post('runs/log-batch', { run_id: runId, metrics: metrics(1000, 'fill') }));
    expect(await history('fill')).toHaveLength(1000);
    expect(metricsByKey(await getRun()).fill).toEqual({ key: 'fill', value: 999, timestamp: 1, step: 999 });
  });

  it('truncates long param and tag values', async () => {
    expectOk(
      await post('runs/log-batch', {
        run_id: runId,
        params: [{ key: 'lp', value: 'y'.repeat(6001) }],
        tags: [{ key: 'lt', value: 'z'.repeat(8001) }],
      }),
    );
    const run = await getRun();
    expect(byKey(run.data?.params).lp).toBe('y'.repeat(6000));
    expect(byKey(run.data?.tags).lt).toBe('z'.repeat(8000));
  });

  it('answers 404 for unknown runs and 400 for deleted runs', async () => {
    expectError(
      await post('runs/log-batch', { run_id: '00000000000000000000000000000000', params: [{ key: 'a', value: 'b' }] }),
      404,
      'RESOURCE_DOES_NOT_EXIST',
    );
    await post('runs/delete', { run_id: runId });
    expectError(
      await post('runs/log-batch', { run_id: runId, metrics: [{ key: 'x', value: 1, timestamp: 1 }] }),
      400,
      'INVALID_PARAMETER_VALUE',
      DELETED_MESSAGE(runId),
    );
  });

  it('reads a malformed body as {} (missing run_id)', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/2.0/mlflow/runs/log-batch',
      headers: { 'content-type': 'application/json' },
      payload: '{"run_id": "x", "metrics": [',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json<Body>().message).toContain("'run_id'");
  });

  it('logs 1000-metric batches in full (their speed is measured in bench/, not here)', async () => {
    const keys = ['loss', 'accuracy', 'lr', 'grad_norm', 'throughput'];
    const body = (batch: number): string =>
      JSON.stringify({
        run_id: runId,
        metrics: Array.from({ length: 1000 }, (_, index) => ({
          key: keys[index % 5],
          value: Math.random(),
          timestamp: 1700000000000 + batch,
          step: batch * 200 + Math.floor(index / 5),
        })),
      });
    for (let batch = 0; batch < 8; batch += 1) {
      const payload = body(batch);
      const response = await app.inject({
        method: 'POST',
        url: '/api/2.0/mlflow/runs/log-batch',
        headers: { 'content-type': 'application/json' },
        payload,
      });
      expect(response.statusCode).toBe(200);
    }
    expect(await history('loss')).toHaveLength(1600);
    expect(metricsByKey(await getRun()).loss).toMatchObject({ step: 7 * 200 + 199 });
  });
});

describe('runs/log-inputs', () => {
  const iris = {
    tags: [{ key: 'mlflow.data.context', value: 'training' }],
    dataset: {
      name: 'iris',
      digest: 'd1e2f3a4',
      source_type: 'local',
      source: '{"uri": "/data/iris.csv"}',
      schema: '{"mlflow_colspec": []}',
      profile: '{"num_rows": 150}',
    },
  };
  const evalSet = {
    tags: [{ key: 'mlflow.data.context', value: 'eval' }],
    dataset: { name: 'iris-eval', digest: '0a0b0c0d', source_type: 'http', source: '{"url": "https://example.com/eval.csv"}' },
  };

  it('links datasets once and shows them in runs/get', async () => {
    expectOk(await post('runs/log-inputs', { run_id: runId, datasets: [iris] }));
    expectOk(await post('runs/log-inputs', { run_id: runId, datasets: [iris, iris] }));
    expectOk(await post('runs/log-inputs', { run_id: runId, datasets: [evalSet] }));
    expectOk(await post('runs/log-inputs', { run_id: runId, datasets: [] }));
    const run = await getRun();
    expect(run.inputs?.dataset_inputs).toHaveLength(2);
    expect(run.inputs?.dataset_inputs).toEqual(expect.arrayContaining([iris, evalSet]));
    expect(await db.selectFrom('datasets').select('name').execute()).toHaveLength(2);
  });

  it('shares datasets by name and digest; search-datasets lists them under the first experiment only', async () => {
    await post('runs/log-inputs', { run_id: runId, datasets: [iris, evalSet] });
    const other = await newRun('second');
    await post('runs/log-inputs', { run_id: other, datasets: [{ ...iris, tags: [{ key: 'mlflow.data.context', value: 'training' }] }] });
    const otherExperiment = (await post('experiments/create', { name: 'other' })).body.experiment_id as string;
    const third = (await post('runs/create', { experiment_id: otherExperiment })).body.run?.info.run_id ?? '';
    await post('runs/log-inputs', {
      run_id: third,
      datasets: [{ dataset: { name: 'no-context', digest: 'x', source_type: 's', source: 'y' } }],
    });
    await post('runs/log-inputs', { run_id: third, datasets: [iris] });
    expect((await getRun(third)).inputs?.dataset_inputs).toEqual(
      expect.arrayContaining([iris, { dataset: { name: 'no-context', digest: 'x', source_type: 's', source: 'y' } }]),
    );

    const summaries = await post('experiments/search-datasets', { experiment_ids: [experimentId] }, '/ajax-api/2.0/mlflow');
    expect(summaries).toEqual({
      status: 200,
      body: {
        dataset_summaries: [
          { experiment_id: experimentId, name: 'iris', digest: 'd1e2f3a4', context: 'training' },
          { experiment_id: experimentId, name: 'iris-eval', digest: '0a0b0c0d', context: 'eval' },
        ],
      },
    });
    const otherSummaries = await post('experiments/search-datasets', { experiment_ids: [otherExperiment] }, '/ajax-api/2.0/mlflow');
    expect(otherSummaries.body).toEqual({ dataset_summaries: [{ experiment_id: otherExperiment, name: 'no-context', digest: 'x' }] });
    expect((await post('experiments/search-datasets', { experiment_ids: ['987654321'] }, '/ajax-api/2.0/mlflow')).body).toEqual({});
  });

  it('search-datasets: ajax only, needs 1 to 20 experiment ids', async () => {
    expect((await post('experiments/search-datasets', { experiment_ids: [experimentId] })).status).toBe(404);
    expectError(await post('experiments/search-datasets', { experiment_ids: [] }, '/ajax-api/2.0/mlflow'), 400, 'INVALID_PARAMETER_VALUE');
    expectError(await post('experiments/search-datasets', {}, '/ajax-api/2.0/mlflow'), 400, 'INVALID_PARAMETER_VALUE');
    expectError(
      await post(
        'experiments/search-datasets',
        { experiment_ids: Array.from({ length: 21 }, (_, i) => String(i)) },
        '/ajax-api/2.0/mlflow',
      ),
      400,
      'INVALID_PARAMETER_VALUE',
    );
    expectError(
      await post('experiments/search-datasets', { experiment_ids: experimentId }, '/ajax-api/2.0/mlflow'),
      400,
      'INVALID_PARAMETER_VALUE',
    );
  });

  it('refuses missing fields, oversized values, unknown and deleted runs', async () => {
    expectError(
      await post('runs/log-inputs', { run_id: runId }),
      400,
      'INVALID_PARAMETER_VALUE',
      "Missing value for required parameter 'datasets'. See the API docs for more information about request parameters.",
    );
    expectError(
      await post('runs/log-inputs', { datasets: [] }),
      400,
      'INVALID_PARAMETER_VALUE',
      "Missing value for required parameter 'run_id'. See the API docs for more information about request parameters.",
    );
    for (const datasets of [
      [{ tags: [] }],
      [{ dataset: { digest: 'd', source_type: 's', source: 'x' } }],
      [{ dataset: { name: 'n', source_type: 's', source: 'x' } }],
      [{ dataset: { name: 'n'.repeat(501), digest: 'd', source_type: 's', source: 'x' } }],
      [{ dataset: { name: 'n', digest: 'd'.repeat(37), source_type: 's', source: 'x' } }],
      [{ dataset: { name: 'n', digest: 'd', source_type: 's', source: 'x' }, tags: [{ key: 'k', value: 'v'.repeat(501) }] }],
      [{ dataset: { name: 'n', digest: 'd', source_type: 's', source: 'x' }, tags: [{ value: 'v' }] }],
      'not-a-list',
    ]) {
      expectError(await post('runs/log-inputs', { run_id: runId, datasets }), 400, 'INVALID_PARAMETER_VALUE');
    }
    expectError(
      await post('runs/log-inputs', { run_id: '00000000000000000000000000000000', datasets: [iris] }),
      404,
      'RESOURCE_DOES_NOT_EXIST',
    );
    await post('runs/delete', { run_id: runId });
    expectError(await post('runs/log-inputs', { run_id: runId, datasets: [iris] }), 400, 'INVALID_PARAMETER_VALUE', DELETED_MESSAGE(runId));
    expect(await db.selectFrom('datasets').select('name').execute()).toHaveLength(0);
  });
});

describe('MLflow 3 additions', () => {
  it('records metrics that name a logged model for that model too', async () => {
    expectOk(
      await post('runs/log-metric', {
        run_id: runId,
        key: 'acc',
        value: 0.9,
        timestamp: 1,
        step: 2,
        model_id: 'm-1',
        dataset_name: 'ds',
        dataset_digest: 'dd',
      }),
    );
    expectOk(
      await post('runs/log-batch', {
        run_id: runId,
        metrics: [
          { key: 'loss', value: 'NaN', timestamp: 2, step: 0, model_id: 'm-1' },
          { key: 'loss', value: 'NaN', timestamp: 2, step: 0, model_id: 'm-1' },
          { key: 'plain', value: 1, timestamp: 2 },
        ],
      }),
    );
    const rows = await db.selectFrom('logged_model_metrics').selectAll().orderBy('key').execute();
    expect(rows).toEqual([
      {
        model_id: 'm-1',
        key: 'acc',
        value: 0.9,
        is_nan: 0,
        timestamp: 1,
        step: 2,
        run_id: runId,
        dataset_name: 'ds',
        dataset_digest: 'dd',
      },
      { model_id: 'm-1', key: 'loss', value: 0, is_nan: 1, timestamp: 2, step: 0, run_id: runId, dataset_name: null, dataset_digest: null },
    ]);
    expect(Object.keys(metricsByKey(await getRun())).sort()).toEqual(['acc', 'loss', 'plain']);
    expectError(
      await post('runs/log-metric', { run_id: runId, key: 'x', value: 1, timestamp: 1, model_id: 7 }),
      400,
      'INVALID_PARAMETER_VALUE',
    );
  });

  it('logs model inputs (without datasets) and shows them in runs/get only', async () => {
    expectOk(await post('runs/log-inputs', { run_id: runId, models: [{ model_id: 'm-1' }, { model_id: 'm-1' }] }));
    expectOk(await post('runs/log-inputs', { run_id: runId, models: [{ model_id: 'm-2' }] }));
    const run = await getRun();
    expect(Object.keys(run.inputs ?? {})).toEqual(['model_inputs']);
    expect(run.inputs?.model_inputs).toEqual(expect.arrayContaining([{ model_id: 'm-1' }, { model_id: 'm-2' }]));
    expect(run.inputs?.model_inputs).toHaveLength(2);
    const found = await post('runs/search', { experiment_ids: [experimentId], filter: `attributes.run_id = '${runId}'` });
    expect(found.body.runs?.[0]?.inputs).toEqual({});
    expectError(await post('runs/log-inputs', { run_id: runId, models: [{}] }), 400, 'INVALID_PARAMETER_VALUE');
  });
});

describe('runs/log-model', () => {
  const model = (artifactPath: string): string =>
    JSON.stringify({
      artifact_path: artifactPath,
      flavors: { python_function: { loader_module: 'mlflow.sklearn', python_version: '3.11.2', config: { x: 1 } } },
      utc_time_created: '2024-01-01 00:00:00.000000',
      run_id: runId,
      model_uuid: 'abcdef0123456789',
      mlflow_version: '2.17.2',
      signature: { inputs: '[]' },
    });

  it('appends to the mlflow.log-model.history tag as MLflow formats it', async () => {
    expectOk(await post('runs/log-model', { run_id: runId, model_json: model('model') }));
    expectOk(await post('runs/log-model', { run_id: runId, model_json: model('model2') }));
    const entry = (artifactPath: string): string =>
      `{"run_id": "${runId}", "artifact_path": "${artifactPath}", "utc_time_created": "2024-01-01 00:00:00.000000", "model_uuid": "abcdef0123456789", "flavors": {"python_function": {"loader_module": "mlflow.sklearn", "python_version": "3.11.2"}}}`;
    expect(byKey((await getRun()).data?.tags)['mlflow.log-model.history']).toBe(`[${entry('model')}, ${entry('model2')}]`);
  });

  it('refuses bad model_json, unknown and deleted runs', async () => {
    expectError(
      await post('runs/log-model', { run_id: runId, model_json: 'not json' }),
      400,
      'INVALID_PARAMETER_VALUE',
      'Malformed model info. \n not json \n is not a valid JSON.',
    );
    expectError(
      await post('runs/log-model', { run_id: runId, model_json: '{"artifact_path": "m"}' }),
      400,
      'INVALID_PARAMETER_VALUE',
      "Model json is missing mandatory fields: {'flavors', 'run_id', 'utc_time_created'}",
    );
    expectError(await post('runs/log-model', { run_id: runId, model_json: '[1]' }), 400, 'INVALID_PARAMETER_VALUE');
    expectError(await post('runs/log-model', { run_id: runId }), 400, 'INVALID_PARAMETER_VALUE');
    expectError(await post('runs/log-model', { model_json: model('m') }), 400, 'INVALID_PARAMETER_VALUE');
    expectError(
      await post('runs/log-model', { run_id: '00000000000000000000000000000000', model_json: model('m') }),
      404,
      'RESOURCE_DOES_NOT_EXIST',
    );
    await post('runs/delete', { run_id: runId });
    expectError(
      await post('runs/log-model', { run_id: runId, model_json: model('m') }),
      400,
      'INVALID_PARAMETER_VALUE',
      DELETED_MESSAGE(runId),
    );
  });
});
