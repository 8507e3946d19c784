// MLflow 3 logged models and runs/outputs: the calls `mlflow.<flavor>.log_model()` makes, end to
// end, then every endpoint's success and error paths.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LoggedModel } from '../../services/logged-models.js';
import type { ServerContext } from '../../services/server-context.js';
import * as routes from '../support/route-server.js';
import { API, type Method, type Reply, type RouteServer } from '../support/route-server.js';

const MODELS = `${API}/logged-models`;

let server: RouteServer;
let app: FastifyInstance;
let context: ServerContext;
let dir: string;

beforeEach(async () => {
  server = await routes.startRouteServer('runboard-logged-models-test-');
  ({ app, context, dir } = server);
});

afterEach(async () => {
  await server.close();
});

const call = (method: Method, url: string, body?: unknown): Promise<Reply> => routes.callRoute(app, method, url, body);
const createExperiment = (): Promise<string> => routes.createExperiment(app);
const createRun = (experimentId: string): Promise<string> => routes.createRun(app, experimentId);

async function createModel(body: Record<string, unknown>): Promise<LoggedModel> {
  const reply = await call('POST', MODELS, body);
  expect(reply.status, JSON.stringify(reply.json)).toBe(200);
  return reply.json.model as LoggedModel;
}

describe('MLflow 3 log_model flow', () => {
  it('GET run → create → runs/outputs → PUT artifacts → finalize', async () => {
    const experimentId = await createExperiment();
    const runId = await createRun(experimentId);
    await call('POST', `${API}/runs/log-parameter`, { run_id: runId, key: 'lr', value: '0.01' });

    // The client copies the run's params onto the model.
    const run = await call('GET', `${API}/runs/get?run_id=${runId}`);
    const params = (run.json.run as { data: { params: { key: string; value: string }[] } }).data.params;
    const model = await createModel({
      experiment_id: experimentId,
      name: 'model',
      model_type: 'sklearn',
      source_run_id: runId,
      params,
      tags: [{ key: 'mlflow.user', value: 'golden' }],
    });
    const modelId = model.info.model_id;
    expect(modelId).toMatch(/^m-[0-9a-f]{32}$/);
    expect(model.info).toMatchObject({
      experiment_id: experimentId,
      name: 'model',
      artifact_uri: `mlflow-artifacts:/${experimentId}/models/${modelId}/artifacts`,
      status: 'LOGGED_MODEL_PENDING',
      model_type: 'sklearn',
      source_run_id: runId,
      tags: [{ key: 'mlflow.user', value: 'golden' }],
    });
    expect(model.info.creation_timestamp_ms).toBe(model.info.last_updated_timestamp_ms);
    expect(model.data).toEqual({ params: [{ key: 'lr', value: '0.01' }] });

    expect((await call('POST', `${API}/runs/outputs`, { run_id: runId, models: [{ model_id: modelId, step: 0 }] })).json).toEqual({});

    // Artifacts go to the model's own mlflow-artifacts location.
    const base = `/api/2.0/mlflow-artifacts/artifacts/${experimentId}/models/${modelId}/artifacts`;
    for (const [name, content] of [
      ['MLmodel', 'artifact_path: model\nflavors: {}\n'],
      ['model.pkl', 'pickled'],
      ['conda.yaml', 'name: env\n'],
    ]) {
      const reply = await app.inject({
        method: 'PUT',
        url: `${base}/${name}`,
        headers: { 'content-type': 'application/octet-stream' },
        payload: content,
      });
      expect(reply.statusCode).toBe(200);
    }
    expect(readFileSync(path.join(dir, experimentId, 'models', modelId, 'artifacts', 'MLmodel'), 'utf8')).toContain('artifact_path');

    const finalized = await call('PATCH', `${MODELS}/${modelId}`, { model_id: modelId, status: 'LOGGED_MODEL_READY' });
    expect(finalized.status).toBe(200);
    const ready = finalized.json.model as LoggedModel;
    expect(ready.info.status).toBe('LOGGED_MODEL_READY');
    expect(ready.info.last_updated_timestamp_ms).toBeGreaterThanOrEqual(model.info.creation_timestamp_ms);
    expect(((await call('GET', `${MODELS}/${modelId}`)).json.model as LoggedModel).info.status).toBe('LOGGED_MODEL_READY');

    // The run reports the model among its outputs.
    const after = await call('GET', `${API}/runs/get?run_id=${runId}`);
    expect((after.json.run as { outputs?: unknown }).outputs).toEqual({ model_outputs: [{ model_id: modelId, step: 0 }] });

    // Listing and UI download of the model's artifacts.
    const listing = await call('GET', `${MODELS}/${modelId}/artifacts/directories`);
    expect(listing.json).toEqual({
      root_uri: model.info.artifact_uri,
      files: [
        { path: 'MLmodel', is_dir: false, file_size: 33 },
        { path: 'conda.yaml', is_dir: false, file_size: 10 },
        { path: 'model.pkl', is_dir: false, file_size: 7 },
      ],
    });
    const file = await call('GET', `/ajax-api/2.0/mlflow/logged-models/${modelId}/artifacts/files?artifact_file_path=MLmodel`);
    expect(file.status).toBe(200);
    expect(file.body).toBe('artifact_path: model\nflavors: {}\n');
    expect(file.headers['content-disposition']).toBe('attachment; filename=MLmodel');
    expect(file.headers['content-type']).toMatch(/^text\/plain/);
  });
});

describe('logged-models create / get / finalize / delete', () => {
  it('generates a name when none is given and validates names', async () => {
    const experimentId = await createExperiment();
    const model = await createModel({ experiment_id: experimentId });
    expect(model.info.name).toMatch(/^[a-z]+-[a-z]+-\d+$/);
    expect(model.data).toEqual({});
    for (const name of ['a/b', 'a:b', 'a.b', 'a%b', "a'b", 'a"b']) {
      const reply = await call('POST', MODELS, { experiment_id: experimentId, name });
      expect(reply.status, name).toBe(400);
      expect(reply.json.error_code).toBe('INVALID_PARAMETER_VALUE');
    }
  });

  it('needs an existing, active experiment', async () => {
    expect((await call('POST', MODELS, {})).json.message).toContain("'experiment_id'");
    expect((await call('POST', MODELS, { experiment_id: '987654321' })).status).toBe(404);
    const experimentId = await createExperiment();
    await call('POST', `${API}/experiments/delete`, { experiment_id: experimentId });
    const reply = await call('POST', MODELS, { experiment_id: experimentId });
    expect(reply.status).toBe(400);
    expect(reply.json.error_code).toBe('INVALID_PARAMETER_VALUE');
  });

  it('refuses duplicate or empty keys in params and tags', async () => {
    const experimentId = await createExperiment();
    for (const body of [
      {
        params: [
          { key: 'a', value: '1' },
          { key: 'a', value: '2' },
        ],
      },
      { tags: [{ key: '', value: '1' }] },
      { tags: [{ value: '1' }] },
    ]) {
      expect((await call('POST', MODELS, { experiment_id: experimentId, ...body })).status).toBe(400);
    }
  });

  it('finalizes with READY or UPLOAD_FAILED only, by name or number', async () => {
    const experimentId = await createExperiment();
    const { info } = await createModel({ experiment_id: experimentId });
    expect(
      ((await call('PATCH', `${MODELS}/${info.model_id}`, { status: 'LOGGED_MODEL_UPLOAD_FAILED' })).json.model as LoggedModel).info.status,
    ).toBe('LOGGED_MODEL_UPLOAD_FAILED');
    expect(((await call('PATCH', `${MODELS}/${info.model_id}`, { status: 2 })).json.model as LoggedModel).info.status).toBe(
      'LOGGED_MODEL_READY',
    );
    expect((await call('PATCH', `${MODELS}/${info.model_id}`, {})).status).toBe(400);
    expect((await call('PATCH', `${MODELS}/${info.model_id}`, { status: 'BOGUS' })).status).toBe(400);
    expect((await call('PATCH', `${MODELS}/${info.model_id}`, { status: 'LOGGED_MODEL_STATUS_UNSPECIFIED' })).status).toBe(400);
    expect((await call('PATCH', `${MODELS}/m-00000000000000000000000000000000`, { status: 'LOGGED_MODEL_READY' })).status).toBe(404);
  });

  it('soft-deletes: gone from get and search, still there with allow_deleted', async () => {
    const experimentId = await createExperiment();
    const { info } = await createModel({ experiment_id: experimentId, name: 'gone' });
    expect((await call('DELETE', `${MODELS}/${info.model_id}`)).json).toEqual({});
    const missing = await call('GET', `${MODELS}/${info.model_id}`);
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({ error_code: 'RESOURCE_DOES_NOT_EXIST', message: `Logged model with ID '${info.model_id}' not found.` });
    expect(((await call('GET', `${MODELS}/${info.model_id}?allow_deleted=true`)).json.model as LoggedModel).info.name).toBe('gone');
    expect((await call('POST', `${MODELS}/search`, { experiment_ids: [experimentId] })).json).toEqual({});
    expect((await call('DELETE', `${MODELS}/m-00000000000000000000000000000000`)).status).toBe(404);
  });
});

describe('logged-models tags and params', () => {
  it('upserts tags, deletes one by key (even with a slash), 404 for a missing tag', async () => {
    const experimentId = await createExperiment();
    const { info } = await createModel({ experiment_id: experimentId, tags: [{ key: 'a', value: '1' }] });
    const id = info.model_id;
    expect(
      (
        await call('PATCH', `${MODELS}/${id}/tags`, {
          tags: [
            { key: 'a', value: '2' },
            { key: 'team/owner', value: 'ml' },
          ],
        })
      ).json,
    ).toEqual({});
    expect(((await call('GET', `${MODELS}/${id}`)).json.model as LoggedModel).info.tags).toEqual([
      { key: 'a', value: '2' },
      { key: 'team/owner', value: 'ml' },
    ]);
    expect((await call('DELETE', `${MODELS}/${id}/tags/team/owner`)).json).toEqual({});
    expect((await call('DELETE', `${MODELS}/${id}/tags/a`)).status).toBe(200);
    expect(((await call('GET', `${MODELS}/${id}`)).json.model as LoggedModel).info.tags).toBeUndefined();
    const missing = await call('DELETE', `${MODELS}/${id}/tags/nope`);
    expect(missing.status).toBe(404);
    expect(missing.json.error_code).toBe('RESOURCE_DOES_NOT_EXIST');
    expect((await call('PATCH', `${MODELS}/m-00000000000000000000000000000000/tags`, { tags: [{ key: 'a', value: '1' }] })).status).toBe(
      404,
    );
  });

  it('reports registrations from the mlflow.modelVersions tag', async () => {
    const experimentId = await createExperiment();
    const { info } = await createModel({ experiment_id: experimentId });
    await call('PATCH', `${MODELS}/${info.model_id}/tags`, {
      tags: [{ key: 'mlflow.modelVersions', value: '[{"name": "reg", "version": 3}]' }],
    });
    expect(((await call('GET', `${MODELS}/${info.model_id}`)).json.model as LoggedModel).info.registrations).toEqual([
      { name: 'reg', version: '3' },
    ]);
  });

  it('logs params write-once', async () => {
    const experimentId = await createExperiment();
    const { info } = await createModel({ experiment_id: experimentId, params: [{ key: 'a', value: '1' }] });
    const id = info.model_id;
    expect(
      (
        await call('POST', `${MODELS}/${id}/params`, {
          model_id: id,
          params: [
            { key: 'a', value: '1' },
            { key: 'b', value: '2' },
          ],
        })
      ).json,
    ).toEqual({});
    expect(((await call('GET', `${MODELS}/${id}`)).json.model as LoggedModel).data.params).toEqual([
      { key: 'a', value: '1' },
      { key: 'b', value: '2' },
    ]);
    const changed = await call('POST', `${MODELS}/${id}/params`, { params: [{ key: 'a', value: '9' }] });
    expect(changed.status).toBe(400);
    expect(changed.json.error_code).toBe('INVALID_PARAMETER_VALUE');
    expect((await call('POST', `${MODELS}/m-00000000000000000000000000000000/params`, { params: [] })).status).toBe(404);
  });

  it('reports model metrics with model id, run id and dataset', async () => {
    const experimentId = await createExperiment();
    const runId = await createRun(experimentId);
    const { info } = await createModel({ experiment_id: experimentId, source_run_id: runId });
    await context.db
      .insertInto('logged_model_metrics')
      .values([
        {
          model_id: info.model_id,
          key: 'acc',
          value: 0.9,
          is_nan: 0,
          timestamp: 10,
          step: 1,
          run_id: runId,
          dataset_name: 'eval',
          dataset_digest: 'abc',
        },
        {
          model_id: info.model_id,
          key: 'loss',
          value: 0,
          is_nan: 1,
          timestamp: 11,
          step: 0,
          run_id: null,
          dataset_name: null,
          dataset_digest: null,
        },
      ])
      .execute();
    expect(((await call('GET', `${MODELS}/${info.model_id}`)).json.model as LoggedModel).data.metrics).toEqual([
      {
        key: 'acc',
        value: 0.9,
        timestamp: 10,
        step: 1,
        model_id: info.model_id,
        run_id: runId,
        dataset_name: 'eval',
        dataset_digest: 'abc',
      },
      { key: 'loss', value: 'NaN', timestamp: 11, step: 0, model_id: info.model_id },
    ]);
  });
});

describe('logged-models/search', () => {
  async function seed() {
    const experimentId = await createExperiment();
    const other = await createExperiment();
    const runId = await createRun(experimentId);
    const made: LoggedModel[] = [];
    for (const [name, type, lr] of [
      ['alpha', 'sklearn', '0.1'],
      ['beta', 'pytorch', '0.01'],
      ['gamma', 'sklearn', '0.001'],
    ] as const) {
      made.push(
        await createModel({
          experiment_id: experimentId,
          name,
          model_type: type,
          source_run_id: runId,
          params: [{ key: 'lr', value: lr }],
          tags: [{ key: 'stage', value: name === 'beta' ? 'prod' : 'dev' }],
        }),
      );
      await new Promise((resolve) => setTimeout(resolve, 3));
    }
    await createModel({ experiment_id: other, name: 'elsewhere' });
    const ids = made.map((model) => model.info.model_id);
    const metrics = [
      [ids[0], 'acc', 0.7, 'eval'],
      [ids[1], 'acc', 0.9, 'eval'],
      [ids[1], 'acc', 0.5, 'train'],
      [ids[2], 'acc', 0.8, 'train'],
    ] as const;
    await context.db
      .insertInto('logged_model_metrics')
      .values(
        metrics.map(([modelId, key, value, dataset], index) => ({
          model_id: modelId as string,
          key,
          value,
          is_nan: 0,
          timestamp: 100 + index,
          step: 0,
          run_id: runId,
          dataset_name: dataset,
          dataset_digest: 'd',
        })),
      )
      .execute();
    await call('PATCH', `${MODELS}/${ids[2]}`, { status: 'LOGGED_MODEL_READY' });
    return { experimentId, other, ids };
  }

  const names = (reply: Reply) => ((reply.json.models as LoggedModel[] | undefined) ?? []).map((model) => model.info.name);

  it('lists an experiment newest first by default', async () => {
    const { experimentId, other } = await seed();
    expect(names(await call('POST', `${MODELS}/search`, { experiment_ids: [experimentId] }))).toEqual(['gamma', 'beta', 'alpha']);
    expect(names(await call('POST', `${MODELS}/search`, { experiment_ids: [experimentId, other] }))).toHaveLength(4);
  });

  it.each([
    ["name = 'beta'", ['beta']],
    ["name LIKE '%a'", ['gamma', 'beta', 'alpha']],
    ["name ILIKE 'ALP%'", ['alpha']],
    ["model_type = 'sklearn' AND params.lr = '0.1'", ['alpha']],
    ["tags.stage != 'prod'", ['gamma', 'alpha']],
    ["status = 'READY'", ['gamma']],
    ["status = 'LOGGED_MODEL_PENDING'", ['beta', 'alpha']],
    ['metrics.acc > 0.75', ['gamma', 'beta']],
    // Each clause may match a different metric row (MLflow joins one subquery per clause).
    ['metrics.acc >= 0.7 and metrics.acc < 0.8', ['beta', 'alpha']],
    ['metrics.acc >= 0.85', ['beta']],
    ['creation_timestamp > 0', ['gamma', 'beta', 'alpha']],
    ["params.`lr` = '0.01'", ['beta']],
  ])('filters %s', async (filter, expected) => {
    const { experimentId } = await seed();
    const reply = await call('POST', `${MODELS}/search`, { experiment_ids: [experimentId], filter });
    expect(reply.status, JSON.stringify(reply.json)).toBe(200);
    expect(names(reply)).toEqual(expected);
  });

  it('restricts metric filters to datasets', async () => {
    const { experimentId } = await seed();
    const eval90 = await call('POST', `${MODELS}/search`, {
      experiment_ids: [experimentId],
      filter: 'metrics.acc > 0.6',
      datasets: [{ dataset_name: 'train' }],
    });
    expect(names(eval90)).toEqual(['gamma']);
    const anyOnEval = await call('POST', `${MODELS}/search`, {
      experiment_ids: [experimentId],
      datasets: [{ dataset_name: 'eval', dataset_digest: 'd' }],
    });
    expect(names(anyOnEval)).toEqual(['beta', 'alpha']);
    expect((await call('POST', `${MODELS}/search`, { experiment_ids: [experimentId], datasets: [{ dataset_digest: 'd' }] })).status).toBe(
      400,
    );
  });

  it('orders by attributes and by the latest metric value, models without it last', async () => {
    const { experimentId } = await seed();
    const byName = await call('POST', `${MODELS}/search`, {
      experiment_ids: [experimentId],
      order_by: [{ field_name: 'name', ascending: true }],
    });
    expect(names(byName)).toEqual(['alpha', 'beta', 'gamma']);
    const byAcc = await call('POST', `${MODELS}/search`, {
      experiment_ids: [experimentId],
      order_by: [{ field_name: 'metrics.acc', ascending: false }],
    });
    // beta's latest acc is 0.5 (train, logged last).
    expect(names(byAcc)).toEqual(['gamma', 'alpha', 'beta']);
    const onEval = await call('POST', `${MODELS}/search`, {
      experiment_ids: [experimentId],
      order_by: [{ field_name: 'metrics.acc', ascending: true, dataset_name: 'eval' }],
    });
    expect(names(onEval)).toEqual(['alpha', 'beta', 'gamma']);
    expect((await call('POST', `${MODELS}/search`, { experiment_ids: [experimentId], order_by: [{ field_name: 'bogus' }] })).status).toBe(
      400,
    );
    expect(
      (await call('POST', `${MODELS}/search`, { experiment_ids: [experimentId], order_by: [{ field_name: 'params.lr' }] })).status,
    ).toBe(400);
  });

  it('pages with look-ahead tokens', async () => {
    const { experimentId } = await seed();
    const first = await call('POST', `${MODELS}/search`, { experiment_ids: [experimentId], max_results: 2 });
    expect(names(first)).toEqual(['gamma', 'beta']);
    expect(typeof first.json.next_page_token).toBe('string');
    const second = await call('POST', `${MODELS}/search`, {
      experiment_ids: [experimentId],
      max_results: 2,
      page_token: first.json.next_page_token,
    });
    expect(names(second)).toEqual(['alpha']);
    expect(second.json.next_page_token).toBeUndefined();
    expect((await call('POST', `${MODELS}/search`, { experiment_ids: [experimentId], page_token: 'bogus' })).status).toBe(400);
    expect((await call('POST', `${MODELS}/search`, { experiment_ids: [experimentId], max_results: 0 })).status).toBe(400);
    expect(names(await call('POST', `${MODELS}/search`, { experiment_ids: [experimentId], max_results: 100000 }))).toHaveLength(3);
  });

  it.each([
    'name',
    "name = 'a' OR name = 'b'",
    "bogus = 'x'",
    "foo.bar = 'x'",
    "metrics.acc > '0.5'",
    'params.lr = 0.1',
    "name > 'a'",
    "name = 'a' AND",
  ])('refuses the filter %j with 400', async (filter) => {
    const experimentId = await createExperiment();
    const reply = await call('POST', `${MODELS}/search`, { experiment_ids: [experimentId], filter });
    expect(reply.status).toBe(400);
    expect(reply.json.error_code).toBe('INVALID_PARAMETER_VALUE');
  });

  it('needs experiment_ids', async () => {
    expect((await call('POST', `${MODELS}/search`, {})).status).toBe(400);
  });
});

describe('runs/outputs', () => {
  it('records outputs once per model and updates the step', async () => {
    const experimentId = await createExperiment();
    const runId = await createRun(experimentId);
    const { info } = await createModel({ experiment_id: experimentId });
    await call('POST', `${API}/runs/outputs`, { run_id: runId, models: [{ model_id: info.model_id, step: 1 }] });
    await call('POST', `${API}/runs/outputs`, { run_id: runId, models: [{ model_id: info.model_id, step: '5' }] });
    const rows = await context.db.selectFrom('run_model_outputs').selectAll().where('run_uuid', '=', runId).execute();
    expect(rows).toEqual([{ run_uuid: runId, model_id: info.model_id, step: 5 }]);
  });

  it('refuses unknown or deleted runs and bad bodies', async () => {
    const experimentId = await createExperiment();
    const runId = await createRun(experimentId);
    const models = [{ model_id: 'm-1', step: 0 }];
    expect((await call('POST', `${API}/runs/outputs`, { run_id: 'ffffffffffffffffffffffffffffffff', models })).status).toBe(404);
    expect((await call('POST', `${API}/runs/outputs`, { models })).status).toBe(400);
    expect((await call('POST', `${API}/runs/outputs`, { run_id: runId })).status).toBe(400);
    expect((await call('POST', `${API}/runs/outputs`, { run_id: runId, models: [{ step: 0 }] })).status).toBe(400);
    expect((await call('POST', `${API}/runs/outputs`, { run_id: runId, models: [{ model_id: 'm-1', step: 1.5 }] })).status).toBe(400);
    await call('POST', `${API}/runs/delete`, { run_id: runId });
    expect((await call('POST', `${API}/runs/outputs`, { run_id: runId, models })).status).toBe(400);
  });
});

describe('logged-model artifacts', () => {
  it('validates paths and needs artifact_file_path', async () => {
    const experimentId = await createExperiment();
    const { info } = await createModel({ experiment_id: experimentId });
    expect((await call('GET', `${MODELS}/${info.model_id}/artifacts/directories`)).json).toEqual({ root_uri: info.artifact_uri });
    expect((await call('GET', `${MODELS}/${info.model_id}/artifacts/directories?artifact_directory_path=../..`)).status).toBe(400);
    const files = `/ajax-api/2.0/mlflow/logged-models/${info.model_id}/artifacts/files`;
    const missing = await call('GET', files);
    expect(missing.status).toBe(400);
    expect(missing.json.error_code).toBe('BAD_REQUEST');
    expect((await call('GET', `${files}?artifact_file_path=..%2F..%2Fx`)).status).toBe(400);
    expect((await call('GET', `${files}?artifact_file_path=nope`)).status).toBe(404);
    expect((await call('GET', `${MODELS}/m-00000000000000000000000000000000/artifacts/directories`)).status).toBe(404);
    // The file route is a UI route only.
    expect((await call('GET', `${MODELS}/${info.model_id}/artifacts/files?artifact_file_path=x`)).status).toBe(404);
  });
});
