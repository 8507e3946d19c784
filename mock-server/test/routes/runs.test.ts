// Run lifecycle endpoints: runs/create, get, update, delete, restore (MLflow 2.17 semantics as
// recorded in shared/golden/mlflow-2.17.2/05_runs_lifecycle.json).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Run, RunInfo } from '../../../src/lib/mlflow/wire-types.js';
import { createApp, type FastifyInstance } from '../../app.js';
import { freshStoreUri } from '../support/test-store.js';

let app: FastifyInstance;
let artifactsDir: string;

beforeEach(async () => {
  artifactsDir = mkdtempSync(path.join(os.tmpdir(), 'runboard-runs-test-'));
  app = await createApp({ backendStoreUri: await freshStoreUri(), artifactsDestination: artifactsDir });
});

afterEach(async () => {
  await app.close();
  rmSync(artifactsDir, { recursive: true, force: true });
});

type Json = Record<string, unknown>;

/** The fields of MLflow answers these tests read. */
interface Body {
  run?: Run;
  run_info?: RunInfo;
  experiment_id?: string;
  error_code?: string;
  message?: string;
}

interface Reply {
  status: number;
  body: Body;
}

async function post(endpoint: string, body: unknown, prefix = '/api/2.0/mlflow'): Promise<Reply> {
  const response = await app.inject({ method: 'POST', url: `${prefix}/${endpoint}`, payload: body as object });
  return { status: response.statusCode, body: response.json<Body>() };
}

async function get(endpoint: string, query: Record<string, string>): Promise<Reply> {
  const response = await app.inject({ method: 'GET', url: `/api/2.0/mlflow/${endpoint}`, query });
  return { status: response.statusCode, body: response.json<Body>() };
}

async function createExperiment(name = 'exp'): Promise<string> {
  const { body } = await post('experiments/create', { name });
  return body.experiment_id ?? '';
}

async function createRun(body: Json): Promise<Run> {
  const response = await post('runs/create', body);
  expect(response.status).toBe(200);
  expect(response.body.run).toBeDefined();
  return response.body.run as Run;
}

function expectError(response: Reply, status: number, code: string): void {
  expect(response.status).toBe(status);
  expect(response.body.error_code).toBe(code);
  expect(typeof response.body.message).toBe('string');
}

describe('runs/create', () => {
  it('creates a named run with MLflow key sets', async () => {
    const experimentId = await createExperiment();
    const run = await createRun({ experiment_id: experimentId, run_name: 'named', start_time: 1700000000000 });
    const runId = run.info.run_id;
    expect(runId).toMatch(/^[0-9a-f]{32}$/);
    expect(run).toEqual({
      info: {
        run_uuid: runId,
        run_id: runId,
        experiment_id: experimentId,
        run_name: 'named',
        user_id: '',
        status: 'RUNNING',
        start_time: 1700000000000,
        artifact_uri: `mlflow-artifacts:/${experimentId}/${runId}/artifacts`,
        lifecycle_stage: 'active',
      },
      data: { tags: [{ key: 'mlflow.runName', value: 'named' }] },
    });
  });

  it('generates an adjective-noun-number name and mirrors it in mlflow.runName', async () => {
    const experimentId = await createExperiment();
    const run = await createRun({ experiment_id: experimentId, start_time: 1 });
    expect(run.info.run_name).toMatch(/^[a-z]+-[a-z]+-\d{1,3}$/);
    expect(run.info.run_name?.length).toBeLessThanOrEqual(20);
    expect(run.data?.tags).toEqual([{ key: 'mlflow.runName', value: run.info.run_name }]);
  });

  it('takes the name from the mlflow.runName tag and stores user_id and tags', async () => {
    const experimentId = await createExperiment();
    const run = await createRun({
      experiment_id: experimentId,
      start_time: 5,
      user_id: 'alice',
      tags: [
        { key: 'mlflow.runName', value: 'from-tag' },
        { key: 'team', value: 'red' },
      ],
    });
    expect(run.info.run_name).toBe('from-tag');
    expect(run.info.user_id).toBe('alice');
    expect(run.data?.tags).toEqual(
      expect.arrayContaining([
        { key: 'mlflow.runName', value: 'from-tag' },
        { key: 'team', value: 'red' },
      ]),
    );
    expect(run.data?.tags).toHaveLength(2);
  });

  it('accepts run_name and tag when they agree, refuses them when they differ', async () => {
    const experimentId = await createExperiment();
    const same = await createRun({ experiment_id: experimentId, run_name: 'x', tags: [{ key: 'mlflow.runName', value: 'x' }] });
    expect(same.data?.tags).toEqual([{ key: 'mlflow.runName', value: 'x' }]);
    expectError(
      await post('runs/create', { experiment_id: experimentId, run_name: 'a', tags: [{ key: 'mlflow.runName', value: 'b' }] }),
      400,
      'INVALID_PARAMETER_VALUE',
    );
  });

  it('uses the Default experiment when experiment_id is empty and the current time without start_time', async () => {
    const before = Date.now();
    const run = await createRun({ run_name: 'in-default' });
    expect(run.info.experiment_id).toBe('0');
    expect(run.info.artifact_uri).toBe(`mlflow-artifacts:/0/${run.info.run_id}/artifacts`);
    expect(run.info.start_time).toBeGreaterThanOrEqual(before);
  });

  it('accepts int64 fields as numeric strings', async () => {
    const experimentId = await createExperiment();
    const run = await createRun({ experiment_id: experimentId, start_time: '1700000000123' });
    expect(run.info.start_time).toBe(1700000000123);
  });

  it('refuses unknown and deleted experiments', async () => {
    expectError(await post('runs/create', { experiment_id: '987654321' }), 404, 'RESOURCE_DOES_NOT_EXIST');
    expectError(await post('runs/create', { experiment_id: 'not-a-number' }), 404, 'RESOURCE_DOES_NOT_EXIST');
    const experimentId = await createExperiment();
    await post('experiments/delete', { experiment_id: experimentId });
    expectError(await post('runs/create', { experiment_id: experimentId }), 400, 'INVALID_PARAMETER_VALUE');
  });

  it('refuses wrong types and bad tags', async () => {
    const experimentId = await createExperiment();
    expectError(await post('runs/create', { experiment_id: experimentId, start_time: 'abc' }), 400, 'INVALID_PARAMETER_VALUE');
    expectError(await post('runs/create', { experiment_id: 5 }), 400, 'INVALID_PARAMETER_VALUE');
    expectError(await post('runs/create', { experiment_id: experimentId, run_name: ['x'] }), 400, 'INVALID_PARAMETER_VALUE');
    expectError(await post('runs/create', { experiment_id: experimentId, tags: 'team=red' }), 400, 'INVALID_PARAMETER_VALUE');
    expectError(await post('runs/create', { experiment_id: experimentId, tags: [{ value: 'x' }] }), 400, 'INVALID_PARAMETER_VALUE');
    expectError(
      await post('runs/create', { experiment_id: experimentId, tags: [{ key: 'bad key!', value: 'x' }] }),
      400,
      'INVALID_PARAMETER_VALUE',
    );
    expectError(await post('runs/create', { experiment_id: experimentId, tags: [{ key: 'k', value: 3 }] }), 400, 'INVALID_PARAMETER_VALUE');
  });

  it('truncates long tag values and keeps the last of repeated tag keys', async () => {
    const experimentId = await createExperiment();
    const run = await createRun({
      experiment_id: experimentId,
      tags: [
        { key: 'long', value: 'v'.repeat(9000) },
        { key: 'dup', value: 'first' },
        { key: 'dup', value: 'second' },
      ],
    });
    const tags = Object.fromEntries((run.data?.tags ?? []).map((tag) => [tag.key, tag.value]));
    expect(tags.long).toHaveLength(8000);
    expect(tags.dup).toBe('second');
  });

  it('reads a malformed JSON body as {} and needs application/json', async () => {
    const malformed = await app.inject({
      method: 'POST',
      url: '/api/2.0/mlflow/runs/create',
      headers: { 'content-type': 'application/json' },
      payload: '{"experiment_id": ',
    });
    // {} means "Default experiment", like MLflow.
    expect(malformed.statusCode).toBe(200);
    expect(malformed.json<Body>().run?.info.experiment_id).toBe('0');
    const noType = await app.inject({ method: 'POST', url: '/api/2.0/mlflow/runs/create', payload: Buffer.from('{}') });
    expect(noType.statusCode).toBe(400);
    expect(noType.json<Body>().error_code).toBe('INVALID_PARAMETER_VALUE');
  });

  it('is served under /ajax-api too, and only for POST', async () => {
    const experimentId = await createExperiment();
    const response = await post('runs/create', { experiment_id: experimentId }, '/ajax-api/2.0/mlflow');
    expect(response.status).toBe(200);
    const wrongMethod = await app.inject({ method: 'GET', url: '/api/2.0/mlflow/runs/create' });
    expect(wrongMethod.statusCode).toBe(405);
  });
});

describe('runs/get', () => {
  it('returns info, data and an empty inputs object', async () => {
    const experimentId = await createExperiment();
    const run = await createRun({ experiment_id: experimentId, run_name: 'r', start_time: 10 });
    const response = await get('runs/get', { run_id: run.info.run_id });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ run: { ...run, inputs: {} } });
    expect(Object.keys(response.body.run?.info ?? {})).not.toContain('end_time');
  });

  it('accepts the legacy run_uuid parameter (the Python client sends both)', async () => {
    const run = await createRun({ run_name: 'r' });
    expect((await get('runs/get', { run_uuid: run.info.run_id })).body.run?.info.run_id).toBe(run.info.run_id);
    const both = await get('runs/get', { run_uuid: run.info.run_id, run_id: run.info.run_id });
    expect(both.body.run?.info.run_id).toBe(run.info.run_id);
  });

  it('answers 404 for unknown ids and 400 without an id', async () => {
    const unknown = await get('runs/get', { run_id: '00000000000000000000000000000000' });
    expectError(unknown, 404, 'RESOURCE_DOES_NOT_EXIST');
    expect(unknown.body.message).toBe('Run with id=00000000000000000000000000000000 not found');
    expectError(await get('runs/get', {}), 400, 'INVALID_PARAMETER_VALUE');
    expectError(await get('runs/get', { run_id: '' }), 400, 'INVALID_PARAMETER_VALUE');
  });
});

describe('runs/update', () => {
  it('changes status and end_time, keeps end_time when going back to RUNNING', async () => {
    const run = await createRun({ run_name: 'r', start_time: 1 });
    const runId = run.info.run_id;
    const finished = await post('runs/update', { run_id: runId, status: 'FINISHED', end_time: 1700000005000 });
    expect(finished.status).toBe(200);
    expect(finished.body.run_info).toMatchObject({
      run_id: runId,
      run_uuid: runId,
      status: 'FINISHED',
      end_time: 1700000005000,
      run_name: 'r',
    });
    const running = await post('runs/update', { run_uuid: runId, status: 'RUNNING' });
    expect(running.body.run_info).toMatchObject({ status: 'RUNNING', end_time: 1700000005000 });
    const noChange = await post('runs/update', { run_id: runId });
    expect(noChange.body.run_info).toEqual(running.body.run_info);
    const byNumber = await post('runs/update', { run_id: runId, status: 5 });
    expect(byNumber.body.run_info?.status).toBe('KILLED');
  });

  it('renames the run and its mlflow.runName tag', async () => {
    const run = await createRun({ run_name: 'before' });
    const runId = run.info.run_id;
    const renamed = await post('runs/update', { run_id: runId, run_name: 'after' });
    expect(renamed.body.run_info?.run_name).toBe('after');
    const fetched = await get('runs/get', { run_id: runId });
    expect(fetched.body.run?.info.run_name).toBe('after');
    expect(fetched.body.run?.data?.tags).toEqual([{ key: 'mlflow.runName', value: 'after' }]);
  });

  it('refuses bad input, unknown and deleted runs', async () => {
    const run = await createRun({ run_name: 'r' });
    const runId = run.info.run_id;
    expectError(await post('runs/update', { status: 'FINISHED' }), 400, 'INVALID_PARAMETER_VALUE');
    expectError(await post('runs/update', { run_id: runId, status: 'BOGUS' }), 400, 'INVALID_PARAMETER_VALUE');
    expectError(await post('runs/update', { run_id: runId, end_time: 'soon' }), 400, 'INVALID_PARAMETER_VALUE');
    expectError(await post('runs/update', { run_id: runId, run_name: 7 }), 400, 'INVALID_PARAMETER_VALUE');
    expectError(
      await post('runs/update', { run_id: '00000000000000000000000000000000', status: 'FINISHED' }),
      404,
      'RESOURCE_DOES_NOT_EXIST',
    );
    await post('runs/delete', { run_id: runId });
    const deleted = await post('runs/update', { run_id: runId, status: 'FINISHED' });
    expectError(deleted, 400, 'INVALID_PARAMETER_VALUE');
    expect(deleted.body.message).toBe(`The run ${runId} must be in the 'active' state. Current state is deleted.`);
  });
});

describe('runs/delete and runs/restore', () => {
  it('soft-deletes and restores, both idempotent; deleted runs stay readable', async () => {
    const run = await createRun({ run_name: 'r' });
    const runId = run.info.run_id;
    expect(await post('runs/delete', { run_id: runId })).toEqual({ status: 200, body: {} });
    expect(await post('runs/delete', { run_id: runId })).toEqual({ status: 200, body: {} });
    expect((await get('runs/get', { run_id: runId })).body.run?.info.lifecycle_stage).toBe('deleted');
    expect(await post('runs/restore', { run_id: runId })).toEqual({ status: 200, body: {} });
    expect(await post('runs/restore', { run_id: runId })).toEqual({ status: 200, body: {} });
    expect((await get('runs/get', { run_id: runId })).body.run?.info.lifecycle_stage).toBe('active');
  });

  it('answers 404 for unknown runs and 400 without run_id (run_uuid is not read)', async () => {
    const run = await createRun({ run_name: 'r' });
    for (const endpoint of ['runs/delete', 'runs/restore']) {
      expectError(await post(endpoint, { run_id: '00000000000000000000000000000000' }), 404, 'RESOURCE_DOES_NOT_EXIST');
      expectError(await post(endpoint, {}), 400, 'INVALID_PARAMETER_VALUE');
      expectError(await post(endpoint, { run_uuid: run.info.run_id }), 400, 'INVALID_PARAMETER_VALUE');
      expectError(await post(endpoint, { run_id: 12 }), 400, 'INVALID_PARAMETER_VALUE');
    }
  });

  it('follows the experiment: deleting an experiment deletes its runs', async () => {
    const experimentId = await createExperiment();
    const run = await createRun({ experiment_id: experimentId });
    await post('experiments/delete', { experiment_id: experimentId });
    expect((await get('runs/get', { run_id: run.info.run_id })).body.run?.info.lifecycle_stage).toBe('deleted');
    await post('experiments/restore', { experiment_id: experimentId });
    expect((await get('runs/get', { run_id: run.info.run_id })).body.run?.info.lifecycle_stage).toBe('active');
  });
});
