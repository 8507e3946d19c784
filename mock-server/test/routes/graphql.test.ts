// `/graphql` as MLflow's own UI queries it: the operations and field names of MLflow's generated
// schema (experiment, run with info/data/inputs/experiment/modelVersions, runs search, metric
// history bulk interval, artifacts list, datasets search), MLflow's `{data, errors}` answer, its
// query limits, and basic-auth permissions applied to every GraphQL read.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../app.js';
import { freshStoreUri } from '../support/test-store.js';

const API = '/api/2.0/mlflow';

interface GraphqlReply {
  status: number;
  body: { data: Record<string, unknown> | null; errors: string[] | null };
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function startServer(options: { auth?: boolean } = {}): Promise<FastifyInstance> {
  const artifactsDir = mkdtempSync(path.join(os.tmpdir(), 'runboard-graphql-test-'));
  const app = await createApp({
    backendStoreUri: await freshStoreUri(),
    artifactsDestination: artifactsDir,
    ...(options.auth
      ? { auth: { defaultPermission: 'NO_PERMISSIONS', adminUsername: 'root', adminPassword: 'root-secret-1', log: () => {} } }
      : {}),
  });
  cleanups.push(async () => {
    await app.close();
    rmSync(artifactsDir, { recursive: true, force: true });
  });
  return app;
}

function basic(username: string, password: string): Record<string, string> {
  return { authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` };
}

async function rest(
  app: FastifyInstance,
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Record<string, unknown>> {
  const reply = await app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/json', ...headers },
    payload: JSON.stringify(body),
  });
  expect(reply.statusCode, reply.body).toBe(200);
  return reply.json<Record<string, unknown>>();
}

async function graphql(
  app: FastifyInstance,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
  operationName?: string,
): Promise<GraphqlReply> {
  const reply = await app.inject({
    method: 'POST',
    url: '/graphql',
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    payload: JSON.stringify({ query, variables, operationName }),
  });
  return { status: reply.statusCode, body: reply.json<GraphqlReply['body']>() };
}

async function seedRun(app: FastifyInstance, headers: Record<string, string> = {}): Promise<{ experimentId: string; runId: string }> {
  const { experiment_id: experimentId } = (await rest(
    app,
    `${API}/experiments/create`,
    { name: 'graphql-experiment', tags: [{ key: 'team', value: 'vision' }] },
    headers,
  )) as {
    experiment_id: string;
  };
  const created = (await rest(
    app,
    `${API}/runs/create`,
    { experiment_id: experimentId, start_time: 1700000000000, run_name: 'gql-run' },
    headers,
  )) as {
    run: { info: { run_id: string } };
  };
  const runId = created.run.info.run_id;
  await rest(
    app,
    `${API}/runs/log-batch`,
    {
      run_id: runId,
      params: [{ key: 'lr', value: '0.01' }],
      tags: [{ key: 'stage', value: 'dev' }],
      metrics: [1, 2, 3].map((step) => ({ key: 'loss', value: 1 / step, timestamp: 1700000000000 + step, step })),
    },
    headers,
  );
  return { experimentId, runId };
}

describe('/graphql (MLflow UI queries)', { timeout: 60_000 }, () => {
  it('answers the echo test query with an operation name, by POST and by GET', async () => {
    const app = await startServer();
    const posted = await graphql(app, 'query testQuery {test(inputString: "abc") { output }}', undefined, {}, 'testQuery');
    expect(posted).toEqual({ status: 200, body: { data: { test: { output: 'abc' } }, errors: null } });
    const viaGet = await app.inject({
      method: 'GET',
      url: `/graphql?query=${encodeURIComponent('{ test(inputString: "x") { output } }')}`,
    });
    expect(viaGet.statusCode).toBe(200);
    expect(viaGet.json()).toEqual({ data: { test: { output: 'x' } }, errors: null });
    // A JSON answer like the REST API's: no document policy, never framed.
    expect(viaGet.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'; sandbox");
  });

  it('reads an experiment with its tags; int64 times as strings', async () => {
    const app = await startServer();
    const { experimentId } = await seedRun(app);
    const reply = await graphql(
      app,
      'query MlflowGetExperimentQuery($input: MlflowGetExperimentInput) @component(name: "MLflow.ExperimentRunTracking") { mlflowGetExperiment(input: $input) { apiError { code message } experiment { artifactLocation creationTime experimentId lastUpdateTime lifecycleStage name tags { key value } } } }',
      { input: { experimentId } },
    );
    expect(reply.body.errors).toBeNull();
    const experiment = (reply.body.data?.mlflowGetExperiment as { experiment: Record<string, unknown>; apiError: unknown }).experiment;
    expect(experiment).toMatchObject({
      experimentId,
      name: 'graphql-experiment',
      artifactLocation: `mlflow-artifacts:/${experimentId}`,
      lifecycleStage: 'active',
      tags: [{ key: 'team', value: 'vision' }],
    });
    expect(experiment.creationTime).toMatch(/^\d+$/);
  });

  it('reads a run with info, data, inputs, its experiment and its model versions', async () => {
    const app = await startServer();
    const { runId } = await seedRun(app);
    await rest(app, `${API}/runs/log-inputs`, {
      run_id: runId,
      datasets: [
        {
          tags: [{ key: 'mlflow.data.context', value: 'training' }],
          dataset: {
            name: 'mnist',
            digest: 'abc123',
            source_type: 'local',
            source: '{"uri": "/data"}',
            schema: '{}',
            profile: '{"num_rows": 10}',
          },
        },
      ],
    });
    await rest(app, `${API}/registered-models/create`, { name: 'GraphqlModel' });
    await rest(app, `${API}/model-versions/create`, { name: 'GraphqlModel', source: `runs:/${runId}/model`, run_id: runId });
    const reply = await graphql(
      app,
      `
        query MlflowGetRunQuery($data: MlflowGetRunInput!) @component(name: "MLflow.RunDetails") {
          mlflowGetRun(input: $data) {
            apiError {
              code
              message
            }
            run {
              info {
                artifactUri
                endTime
                experimentId
                lifecycleStage
                runName
                runUuid
                runId
                startTime
                status
                userId
              }
              data {
                metrics {
                  key
                  step
                  timestamp
                  value
                }
                params {
                  key
                  value
                }
                tags {
                  key
                  value
                }
              }
              inputs {
                datasetInputs {
                  dataset {
                    digest
                    name
                    profile
                    schema
                    source
                    sourceType
                  }
                  tags {
                    key
                    value
                  }
                }
              }
              experiment {
                experimentId
                name
                tags {
                  key
                  value
                }
                artifactLocation
                lifecycleStage
                lastUpdateTime
              }
              modelVersions {
                status
                version
                name
                source
                runId
              }
            }
          }
        }
      `,
      { data: { runId } },
    );
    expect(reply.body.errors).toBeNull();
    const run = (reply.body.data?.mlflowGetRun as { run: Record<string, Record<string, unknown>> }).run;
    expect(run.info).toMatchObject({
      runId,
      runUuid: runId,
      runName: 'gql-run',
      status: 'RUNNING',
      startTime: '1700000000000',
      lifecycleStage: 'active',
    });
    expect(run.data?.metrics).toEqual([{ key: 'loss', step: '3', timestamp: '1700000000003', value: 1 / 3 }]);
    expect(run.data?.params).toEqual([{ key: 'lr', value: '0.01' }]);
    expect(run.data?.tags).toEqual(expect.arrayContaining([{ key: 'stage', value: 'dev' }]));
    expect(run.inputs?.datasetInputs).toEqual([
      {
        dataset: {
          digest: 'abc123',
          name: 'mnist',
          profile: '{"num_rows": 10}',
          schema: '{}',
          source: '{"uri": "/data"}',
          sourceType: 'local',
        },
        tags: [{ key: 'mlflow.data.context', value: 'training' }],
      },
    ]);
    expect(run.experiment).toMatchObject({ name: 'graphql-experiment' });
    expect(run.modelVersions).toEqual([{ status: 'READY', version: '1', name: 'GraphqlModel', source: `runs:/${runId}/model`, runId }]);
  });

  it('searches runs (a mutation in MLflow) with filter, order and paging', async () => {
    const app = await startServer();
    const { experimentId, runId } = await seedRun(app);
    const second = (await rest(app, `${API}/runs/create`, {
      experiment_id: experimentId,
      start_time: 1700000005000,
      run_name: 'second',
    })) as {
      run: { info: { run_id: string } };
    };
    const query = `mutation MlflowSearchRuns($data: MlflowSearchRunsInput) {
      mlflowSearchRuns(input: $data) { apiError { code message } nextPageToken runs { info { runId runName } data { params { key value } } experiment { name } } }
    }`;
    const firstPage = await graphql(app, query, {
      data: { experimentIds: [experimentId], orderBy: ['attributes.start_time DESC'], maxResults: 1, runViewType: 'ACTIVE_ONLY' },
    });
    expect(firstPage.body.errors).toBeNull();
    const page = firstPage.body.data?.mlflowSearchRuns as { runs: { info: { runId: string } }[]; nextPageToken: string | null };
    expect(page.runs.map((run) => run.info.runId)).toEqual([second.run.info.run_id]);
    expect(page.nextPageToken).toEqual(expect.any(String));
    const next = await graphql(app, query, {
      data: { experimentIds: [experimentId], orderBy: ['attributes.start_time DESC'], maxResults: 1, pageToken: page.nextPageToken },
    });
    expect((next.body.data?.mlflowSearchRuns as { runs: { info: { runId: string } }[] }).runs.map((run) => run.info.runId)).toEqual([
      runId,
    ]);
    const filtered = await graphql(app, query, { data: { experimentIds: [experimentId], filter: "params.lr = '0.01'" } });
    const runs = (filtered.body.data?.mlflowSearchRuns as { runs: { info: { runName: string }; experiment: { name: string } }[] }).runs;
    expect(runs).toEqual([
      { info: { runId, runName: 'gql-run' }, data: { params: [{ key: 'lr', value: '0.01' }] }, experiment: { name: 'graphql-experiment' } },
    ]);
  });

  it('reads metric histories of several runs in a step interval', async () => {
    const app = await startServer();
    const { runId } = await seedRun(app);
    const reply = await graphql(
      app,
      'query GetMetricHistoryBulkInterval($data: MlflowGetMetricHistoryBulkIntervalInput!) { mlflowGetMetricHistoryBulkInterval(input: $data) { __typename metrics { __typename timestamp step runId key value } apiError { code message } } }',
      { data: { runIds: [runId], metricKey: 'loss', startStep: 2, endStep: 3, maxResults: 100 } },
    );
    expect(reply.body.errors).toBeNull();
    const result = reply.body.data?.mlflowGetMetricHistoryBulkInterval as { metrics: Record<string, unknown>[] };
    expect(result.metrics.map(({ step, value, runId: id }) => ({ step, value, id }))).toEqual([
      { step: '2', value: 0.5, id: runId },
      { step: '3', value: 1 / 3, id: runId },
    ]);
  });

  it('lists run artifacts and searches datasets', async () => {
    const app = await startServer();
    const { experimentId, runId } = await seedRun(app);
    const put = await app.inject({
      method: 'PUT',
      url: `/api/2.0/mlflow-artifacts/artifacts/${experimentId}/${runId}/artifacts/model/MLmodel`,
      headers: { 'content-type': 'application/octet-stream' },
      payload: 'flavors: {}\n',
    });
    expect(put.statusCode).toBe(200);
    const listQuery =
      'query MlflowListArtifacts($input: MlflowListArtifactsInput) { mlflowListArtifacts(input: $input) { rootUri files { path isDir fileSize } apiError { code } } }';
    const top = await graphql(app, listQuery, { input: { runId } });
    expect(top.body).toEqual({
      data: {
        mlflowListArtifacts: {
          rootUri: `mlflow-artifacts:/${experimentId}/${runId}/artifacts`,
          files: [{ path: 'model', isDir: true, fileSize: null }],
          apiError: null,
        },
      },
      errors: null,
    });
    const inside = await graphql(app, listQuery, { input: { runId, path: 'model' } });
    expect((inside.body.data?.mlflowListArtifacts as { files: unknown[] }).files).toEqual([
      { path: 'model/MLmodel', isDir: false, fileSize: '12' },
    ]);

    await rest(app, `${API}/runs/log-inputs`, {
      run_id: runId,
      datasets: [
        {
          tags: [{ key: 'mlflow.data.context', value: 'eval' }],
          dataset: { name: 'squad', digest: 'd1', source_type: 'hf', source: '{}' },
        },
      ],
    });
    const datasets = await graphql(
      app,
      'mutation MlflowSearchDatasets($input: MlflowSearchDatasetsInput) { mlflowSearchDatasets(input: $input) { datasetSummaries { experimentId name digest context } apiError { code } } }',
      { input: { experimentIds: [experimentId] } },
    );
    expect(datasets.body).toEqual({
      data: {
        mlflowSearchDatasets: { datasetSummaries: [{ experimentId, name: 'squad', digest: 'd1', context: 'eval' }], apiError: null },
      },
      errors: null,
    });
  });

  it('answers errors as MLflow does: data null where it failed, messages in errors', async () => {
    const app = await startServer();
    const missing = await graphql(app, '{ mlflowGetRun(input: {runId: "no-such-run"}) { run { info { runId } } } }');
    expect(missing.status).toBe(200);
    expect(missing.body.data).toEqual({ mlflowGetRun: null });
    expect(missing.body.errors).toEqual([expect.stringContaining('no-such-run')]);

    const unknownField = await graphql(app, '{ mlflowGetRun(input: {runId: "x"}) { nope } }');
    expect(unknownField.body).toEqual({ data: null, errors: ['Cannot query field "nope" on type "MlflowGetRunResponse".'] });

    const syntax = await graphql(app, '{ mlflowGetRun(');
    expect(syntax.status).toBe(200);
    expect(syntax.body.data).toBeNull();
    expect(syntax.body.errors?.[0]).toMatch(/^Syntax Error/);

    const fanOut = Array.from({ length: 11 }, (_, index) => `t${index}: test(inputString: "a") { output }`).join(' ');
    const limited = await graphql(app, `{ ${fanOut} }`);
    expect(limited.body).toEqual({
      data: null,
      errors: [
        'GraphQL queries should have at most 10 root fields, got 11 root fields. To increase the limit, set the MLFLOW_SERVER_GRAPHQL_MAX_ROOT_FIELDS environment variable.',
      ],
    });

    const noQuery = await app.inject({ method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json' }, payload: '{}' });
    expect(noQuery.statusCode).toBe(400);
    expect(noQuery.json()).toMatchObject({ error_code: 'INVALID_PARAMETER_VALUE' });

    const badVariables = await app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ query: '{ test(inputString: "a") { output } }', variables: '{oops' }),
    });
    expect(badVariables.statusCode).toBe(400);
  });

  it('refuses a cross-site POST like every other write-capable route', async () => {
    const app = await startServer();
    const reply = await app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
      payload: JSON.stringify({ query: '{ test(inputString: "a") { output } }' }),
    });
    expect(reply.statusCode).toBe(403);
  });
});

describe('/graphql with --app-name basic-auth', { timeout: 60_000 }, () => {
  it('asks for credentials and applies experiment permissions to every read', async () => {
    const app = await startServer({ auth: true });
    const admin = basic('root', 'root-secret-1');
    const { experimentId, runId } = await seedRun(app, admin);
    await rest(app, `${API}/users/create`, { username: 'ann', password: 'ann-password-1' }, admin);
    const ann = basic('ann', 'ann-password-1');

    const anonymous = await app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ query: '{ test(inputString: "a") { output } }' }),
    });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json()).toMatchObject({ error_code: 'UNAUTHENTICATED' });

    const runQuery = `{ mlflowGetRun(input: {runId: "${runId}"}) { run { info { runId } } } }`;
    const denied = await graphql(app, runQuery, undefined, ann);
    expect(denied.body).toEqual({ data: { mlflowGetRun: null }, errors: ['Permission denied'] });
    const search = await graphql(
      app,
      `mutation { mlflowSearchRuns(input: {experimentIds: ["${experimentId}"]}) { runs { info { runId } } } }`,
      undefined,
      ann,
    );
    expect(search.body.errors).toBeNull();
    expect(search.body.data).toEqual({ mlflowSearchRuns: { runs: null } });

    await rest(app, `${API}/experiments/permissions/create`, { experiment_id: experimentId, username: 'ann', permission: 'READ' }, admin);
    const allowed = await graphql(app, runQuery, undefined, ann);
    expect(allowed.body).toEqual({ data: { mlflowGetRun: { run: { info: { runId } } } }, errors: null });
    expect((await graphql(app, runQuery, undefined, admin)).body.errors).toBeNull();
  });
});
