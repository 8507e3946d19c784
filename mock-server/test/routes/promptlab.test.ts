// `create-promptlab-run`, as MLflow 2.17's handler answers it: each missing field refused in
// MLflow's order and words, and a finished run with the evaluation recorded as params, tags and
// artifacts (read back through the REST API, as the UI reads them).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app.js';
import { freshStoreUri } from '../support/test-store.js';

const PROMPTLAB = '/ajax-api/2.0/mlflow/runs/create-promptlab-run';

let app: FastifyInstance;
let artifactsDir: string;

beforeAll(async () => {
  artifactsDir = mkdtempSync(path.join(os.tmpdir(), 'runboard-promptlab-'));
  app = await createApp({ backendStoreUri: await freshStoreUri(), artifactsDestination: artifactsDir });
});

afterAll(async () => {
  await app.close();
  rmSync(artifactsDir, { recursive: true, force: true });
});

async function post(url: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const reply = await app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) });
  return { status: reply.statusCode, json: reply.json<Record<string, unknown>>() };
}

describe('create-promptlab-run', () => {
  it('refuses each missing field in MLflow order and words', async () => {
    const steps: [Record<string, unknown>, string][] = [
      [{}, 'experiment_id'],
      [{ experiment_id: '123' }, 'prompt_template'],
      [{ experiment_id: '123', prompt_template: 't' }, 'prompt_parameters'],
      [{ experiment_id: '123', prompt_template: 't', prompt_parameters: [{ key: 'k', value: 'v' }] }, 'model_route'],
      [{ experiment_id: '123', prompt_template: 't', prompt_parameters: [{ key: 'k', value: 'v' }], model_route: 'r' }, 'model_input'],
      [
        { experiment_id: '123', prompt_template: 't', prompt_parameters: [{ key: 'k', value: 'v' }], model_route: 'r', model_input: 'i' },
        'mlflow_version',
      ],
    ];
    for (const [body, field] of steps) {
      const reply = await post(PROMPTLAB, body);
      expect(reply.status).toBe(400);
      expect(reply.json).toEqual({ error_code: 'INVALID_PARAMETER_VALUE', message: `CreatePromptlabRun request must specify ${field}.` });
    }
    const emptyList = await post(PROMPTLAB, { experiment_id: '123', prompt_template: 't', prompt_parameters: [] });
    expect(emptyList.json.message).toBe('CreatePromptlabRun request must specify prompt_parameters.');
  });

  it('is served under /ajax-api only, like MLflow', async () => {
    const reply = await post('/api/2.0/mlflow/runs/create-promptlab-run', {});
    expect(reply.status).toBe(404);
  });

  it('creates a finished run with the evaluation as params, tags and artifacts', async () => {
    const { json: created } = await post('/api/2.0/mlflow/experiments/create', { name: 'prompt engineering' });
    const experimentId = String(created.experiment_id);
    const reply = await post(PROMPTLAB, {
      experiment_id: experimentId,
      run_name: 'my_run_name',
      prompt_template: 'Translate {{ text }} to French',
      prompt_parameters: [{ key: 'text', value: 'hello' }],
      model_route: 'my_route',
      model_parameters: [{ key: 'temperature', value: '0.1' }],
      model_input: 'Translate hello to French',
      model_output: 'bonjour',
      model_output_parameters: [{ key: 'latency', value: '100' }],
      mlflow_version: '2.17.2',
      user_id: 'username',
      start_time: 456,
    });
    expect(reply.status).toBe(200);
    const run = reply.json.run as {
      info: Record<string, unknown>;
      data: { params: { key: string; value: string }[]; tags: { key: string; value: string }[] };
    };
    expect(run.info).toMatchObject({
      run_name: 'my_run_name',
      experiment_id: experimentId,
      user_id: 'username',
      status: 'FINISHED',
      start_time: 456,
    });
    expect(run.info.end_time).toEqual(expect.any(Number));
    expect(run.data.params).toEqual(
      expect.arrayContaining([
        { key: 'model_route', value: 'my_route' },
        { key: 'prompt_template', value: 'Translate {{ text }} to French' },
        { key: 'temperature', value: '0.1' },
      ]),
    );
    expect(run.data.tags).toEqual(
      expect.arrayContaining([
        { key: 'mlflow.loggedArtifacts', value: '[{"path": "eval_results_table.json", "type": "table"}]' },
        { key: 'mlflow.runSourceType', value: 'PROMPT_ENGINEERING' },
      ]),
    );
    const history = run.data.tags.find((tag) => tag.key === 'mlflow.log-model.history');
    expect(JSON.parse(history?.value ?? '[]')).toEqual([expect.objectContaining({ artifact_path: 'model', run_id: run.info.run_id })]);

    const runId = String(run.info.run_id);
    const listed = await app.inject({ method: 'GET', url: `/ajax-api/2.0/mlflow/artifacts/list?run_id=${runId}` });
    expect(listed.json<{ files: { path: string }[] }>().files.map((file) => file.path)).toEqual(['eval_results_table.json', 'model']);
    const table = await app.inject({ method: 'GET', url: `/get-artifact?path=eval_results_table.json&run_uuid=${runId}` });
    expect(JSON.parse(table.body)).toEqual({
      columns: ['text', 'prompt', 'output', 'latency'],
      data: [['hello', 'Translate hello to French', 'bonjour', '100']],
    });
    const mlmodel = await app.inject({ method: 'GET', url: `/get-artifact?path=model/MLmodel&run_uuid=${runId}` });
    expect(mlmodel.body).toContain('loader_module: mlflow._promptlab');
    expect(mlmodel.body).toContain(`run_id: ${runId}`);
  });

  it('answers a missing experiment as runs/create does', async () => {
    const reply = await post(PROMPTLAB, {
      experiment_id: '987654',
      prompt_template: 't',
      prompt_parameters: [{ key: 'k', value: 'v' }],
      model_route: 'r',
      model_input: 'i',
      mlflow_version: '2.17.2',
    });
    expect(reply.status).toBe(404);
    expect(reply.json.error_code).toBe('RESOURCE_DOES_NOT_EXIST');
  });
});
