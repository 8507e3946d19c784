// `--default-artifact-root` and `--serve-artifacts` / `--no-serve-artifacts`, as `mlflow server`
// has them: experiments get `<root>/<experiment id>`, runs `<location>/<run id>/artifacts`;
// clients write straight to a `file://` folder or an `s3://` bucket (here: written with fs and the
// AWS SDK, as the MLflow client's own artifact repositories would), and the server still lists and
// serves them for the UI. Without serving, the mlflow-artifacts proxy routes answer 503 like MLflow's.
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app.js';
import { loadDemoData } from '../../demo/load-demo-data.js';
import { startS3TestServer, type S3TestServer } from '../artifacts/s3-test-server.js';
import { freshStoreUri } from '../support/test-store.js';

const API = '/api/2.0/mlflow';
const AJAX = '/ajax-api/2.0/mlflow';

let sandbox: string;
const apps: FastifyInstance[] = [];

beforeAll(() => {
  sandbox = mkdtempSync(path.join(os.tmpdir(), 'runboard-artifact-root-'));
});

afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

afterAll(() => {
  rmSync(sandbox, { recursive: true, force: true });
});

async function serverWith(options: { defaultArtifactRoot?: string; serveArtifacts?: boolean }): Promise<FastifyInstance> {
  const app = await createApp({
    backendStoreUri: await freshStoreUri(),
    artifactsDestination: mkdtempSync(path.join(sandbox, 'destination-')),
    ...options,
  });
  apps.push(app);
  return app;
}

async function post(app: FastifyInstance, url: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const reply = await app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) });
  return { status: reply.statusCode, json: reply.json<Record<string, unknown>>() };
}

async function createExperimentAndRun(
  app: FastifyInstance,
  name: string,
): Promise<{ experimentId: string; location: string; runId: string; artifactUri: string }> {
  const created = await post(app, `${API}/experiments/create`, { name });
  expect(created.status).toBe(200);
  const experimentId = String(created.json.experiment_id);
  const experiment = (await app.inject({ method: 'GET', url: `${API}/experiments/get?experiment_id=${experimentId}` })).json<{
    experiment: { artifact_location: string };
  }>();
  const run = await post(app, `${API}/runs/create`, { experiment_id: experimentId, start_time: 1 });
  const info = (run.json.run as { info: { run_id: string; artifact_uri: string } }).info;
  return { experimentId, location: experiment.experiment.artifact_location, runId: info.run_id, artifactUri: info.artifact_uri };
}

async function listArtifacts(
  app: FastifyInstance,
  runId: string,
  folder?: string,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const query = new URLSearchParams({ run_id: runId, ...(folder ? { path: folder } : {}) });
  const reply = await app.inject({ method: 'GET', url: `${AJAX}/artifacts/list?${query.toString()}` });
  return { status: reply.statusCode, json: reply.json<Record<string, unknown>>() };
}

describe('--no-serve-artifacts with a file:// default artifact root', () => {
  it('gives experiments <root>/<id> and runs <location>/<run id>/artifacts', async () => {
    const root = path.join(sandbox, 'team-folder');
    const rootUri = pathToFileURL(root).href;
    const app = await serverWith({ defaultArtifactRoot: rootUri, serveArtifacts: false });
    const { experimentId, location, runId, artifactUri } = await createExperimentAndRun(app, 'direct-file');
    expect(location).toBe(`${rootUri}/${experimentId}`);
    expect(artifactUri).toBe(`${rootUri}/${experimentId}/${runId}/artifacts`);
    const defaultExperiment = (await app.inject({ method: 'GET', url: `${API}/experiments/get?experiment_id=0` })).json<{
      experiment: { artifact_location: string };
    }>();
    expect(defaultExperiment.experiment.artifact_location).toBe(`${rootUri}/0`);
  });

  it('lists and serves the files a client wrote straight into the folder, and takes UI uploads there', async () => {
    const root = path.join(sandbox, 'shared-folder');
    const app = await serverWith({ defaultArtifactRoot: pathToFileURL(root).href, serveArtifacts: false });
    const { experimentId, runId } = await createExperimentAndRun(app, 'client-writes');
    const runFolder = path.join(root, experimentId, runId, 'artifacts');
    mkdirSync(path.join(runFolder, 'model'), { recursive: true });
    writeFileSync(path.join(runFolder, 'metrics.json'), '{"accuracy": 0.9}');
    writeFileSync(path.join(runFolder, 'model', 'MLmodel'), 'flavors: {}\n');

    const top = await listArtifacts(app, runId);
    expect(top.status).toBe(200);
    expect(top.json.files).toEqual([
      { path: 'metrics.json', is_dir: false, file_size: 17 },
      { path: 'model', is_dir: true },
    ]);
    expect((await listArtifacts(app, runId, 'model')).json.files).toEqual([{ path: 'model/MLmodel', is_dir: false, file_size: 12 }]);

    const download = await app.inject({ method: 'GET', url: `/get-artifact?path=metrics.json&run_uuid=${runId}` });
    expect(download.statusCode).toBe(200);
    expect(download.body).toBe('{"accuracy": 0.9}');

    const upload = await app.inject({
      method: 'POST',
      url: `${AJAX}/upload-artifact?run_uuid=${runId}&path=notes/readme.txt`,
      headers: { 'content-type': 'application/octet-stream', 'x-requested-with': 'XMLHttpRequest' },
      payload: 'written by the UI',
    });
    expect(upload.statusCode).toBe(200);
    expect(readFileSync(path.join(runFolder, 'notes', 'readme.txt'), 'utf8')).toBe('written by the UI');

    const traversal = await app.inject({ method: 'GET', url: `/get-artifact?path=../../secret&run_uuid=${runId}` });
    expect(traversal.statusCode).toBe(400);
    expect(traversal.json()).toMatchObject({ error_code: 'INVALID_PARAMETER_VALUE', message: 'Invalid path' });
  });

  it('answers the mlflow-artifacts proxy routes with 503, as MLflow does when artifacts are not served', async () => {
    const app = await serverWith({ defaultArtifactRoot: pathToFileURL(path.join(sandbox, 'no-proxy')).href, serveArtifacts: false });
    const upload = await app.inject({
      method: 'PUT',
      url: '/api/2.0/mlflow-artifacts/artifacts/0/run/artifacts/a.txt',
      headers: { 'content-type': 'application/octet-stream' },
      payload: 'x',
    });
    expect(upload.statusCode).toBe(503);
    expect(upload.json()).toEqual({
      error_code: 'TEMPORARILY_UNAVAILABLE',
      message:
        'Endpoint: /api/2.0/mlflow-artifacts/artifacts/<path:artifact_path> disabled due to the mlflow server running with `--no-serve-artifacts`. To enable artifacts server functionality, run `mlflow server` with `--serve-artifacts`',
    });
    const list = await app.inject({ method: 'GET', url: '/api/2.0/mlflow-artifacts/artifacts?path=0' });
    expect(list.statusCode).toBe(503);
    expect(list.json<{ message: string }>().message).toContain('Endpoint: /api/2.0/mlflow-artifacts/artifacts disabled');
  });

  it('refuses to read a run whose experiment lives outside every artifact root', async () => {
    const app = await serverWith({ defaultArtifactRoot: pathToFileURL(path.join(sandbox, 'inside')).href, serveArtifacts: false });
    const outside = pathToFileURL(path.join(sandbox, 'elsewhere')).href;
    const created = await post(app, `${API}/experiments/create`, { name: 'elsewhere', artifact_location: outside });
    const run = await post(app, `${API}/runs/create`, { experiment_id: created.json.experiment_id });
    const runId = (run.json.run as { info: { run_id: string } }).info.run_id;
    const listed = await listArtifacts(app, runId);
    expect(listed.status).toBe(400);
    expect(listed.json).toMatchObject({ error_code: 'INVALID_PARAMETER_VALUE' });
    expect(String(listed.json.message)).toContain('not stored by this server');
  });
});

describe('the demo data on a direct root', () => {
  it('loads, its artifacts written into the folder', { timeout: 180_000 }, async () => {
    const root = path.join(sandbox, 'demo-root');
    const app = await serverWith({ defaultArtifactRoot: pathToFileURL(root).href, serveArtifacts: false });
    expect(await loadDemoData(app)).toBe(true);
    const search = await post(app, `${API}/runs/search`, { experiment_ids: ['1', '2', '3'], max_results: 200 });
    const runs = (search.json.runs as { info: { run_id: string; artifact_uri: string } }[]).filter((run) =>
      run.info.artifact_uri.startsWith('file:'),
    );
    expect(runs.length).toBeGreaterThan(0);
    const listings = await Promise.all(runs.map((run) => listArtifacts(app, run.info.run_id)));
    expect(listings.some((listing) => Array.isArray(listing.json.files) && listing.json.files.length > 0)).toBe(true);
  });
});

describe('--serve-artifacts (the default)', () => {
  it('keeps mlflow-artifacts:/<id> locations and the working proxy', async () => {
    const app = await serverWith({});
    const { experimentId, location, runId, artifactUri } = await createExperimentAndRun(app, 'proxied');
    expect(location).toBe(`mlflow-artifacts:/${experimentId}`);
    expect(artifactUri).toBe(`mlflow-artifacts:/${experimentId}/${runId}/artifacts`);
    const put = await app.inject({
      method: 'PUT',
      url: `/api/2.0/mlflow-artifacts/artifacts/${experimentId}/${runId}/artifacts/a.txt`,
      headers: { 'content-type': 'application/octet-stream' },
      payload: 'proxied bytes',
    });
    expect(put.statusCode).toBe(200);
    expect((await listArtifacts(app, runId)).json.files).toEqual([{ path: 'a.txt', is_dir: false, file_size: 13 }]);
  });

  it('with a file:// default root, gives experiments that root and still serves the proxy', async () => {
    const root = path.join(sandbox, 'served-root');
    const rootUri = `${pathToFileURL(root).href}/`;
    const app = await serverWith({ defaultArtifactRoot: rootUri });
    const { experimentId, location, runId } = await createExperimentAndRun(app, 'served-file-root');
    expect(location).toBe(`${rootUri}${experimentId}`);
    mkdirSync(path.join(root, experimentId, runId, 'artifacts'), { recursive: true });
    writeFileSync(path.join(root, experimentId, runId, 'artifacts', 'x.txt'), 'x');
    expect((await listArtifacts(app, runId)).json.files).toEqual([{ path: 'x.txt', is_dir: false, file_size: 1 }]);
    const proxy = await app.inject({ method: 'GET', url: '/api/2.0/mlflow-artifacts/artifacts' });
    expect(proxy.statusCode).toBe(200);
  });
});

describe('experiment artifact_location as MLflow resolves it', () => {
  it('makes a relative location absolute under the working folder', async () => {
    const app = await serverWith({});
    const created = await post(app, `${API}/experiments/create`, { name: 'relative', artifact_location: 'my_location' });
    const experiment = (
      await app.inject({ method: 'GET', url: `${API}/experiments/get?experiment_id=${String(created.json.experiment_id)}` })
    ).json<{
      experiment: { artifact_location: string };
    }>();
    expect(experiment.experiment.artifact_location).toBe(path.join(process.cwd(), 'my_location').split(path.sep).join('/'));
  });

  it('keeps URIs with a scheme as given', async () => {
    const app = await serverWith({});
    const created = await post(app, `${API}/experiments/create`, { name: 'bucket', artifact_location: 's3://some-bucket/prefix' });
    const experiment = (
      await app.inject({ method: 'GET', url: `${API}/experiments/get?experiment_id=${String(created.json.experiment_id)}` })
    ).json<{
      experiment: { artifact_location: string };
    }>();
    expect(experiment.experiment.artifact_location).toBe('s3://some-bucket/prefix');
  });

  it('reports a float artifact_location as Python reads it ("9.0", a float)', async () => {
    const app = await serverWith({});
    const reply = await app.inject({
      method: 'POST',
      url: `${API}/experiments/create`,
      headers: { 'content-type': 'application/json' },
      payload: '{"name": "float-location", "artifact_location": 9.0}',
    });
    expect(reply.statusCode).toBe(400);
    expect(reply.json<{ message: string }>().message).toBe(
      "Invalid value 9.0 for parameter 'artifact_location' supplied:  Hint: Value was of type 'float'. See the API docs for more information about request parameters.",
    );
    const integer = await post(app, `${API}/experiments/create`, { name: 'int-location', artifact_location: 9 });
    expect(String(integer.json.message)).toContain(
      "Invalid value 9 for parameter 'artifact_location' supplied:  Hint: Value was of type 'int'",
    );
    const exponent = await app.inject({
      method: 'POST',
      url: `${API}/experiments/create`,
      headers: { 'content-type': 'application/json' },
      payload: '{"name": "exp-location", "artifact_location": 1e3}',
    });
    expect(exponent.json<{ message: string }>().message).toContain("Invalid value 1000.0 for parameter 'artifact_location'");
  });
});

describe('--no-serve-artifacts with an s3:// default artifact root (s3rver)', () => {
  let s3: S3TestServer;
  const savedEnv: Record<string, string | undefined> = {};

  beforeAll(async () => {
    s3 = await startS3TestServer('team-artifacts');
    // The server's own client reads the bucket with the credentials MLflow users export.
    for (const [key, value] of Object.entries(s3.env)) {
      savedEnv[key] = process.env[key];
      process.env[key] = value;
    }
  }, 60_000);

  afterAll(async () => {
    for (const [key, value] of Object.entries(savedEnv)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    await s3.close();
  });

  it('lists and serves what a client put straight into the bucket', async () => {
    const app = await serverWith({ defaultArtifactRoot: 's3://team-artifacts/mlflow', serveArtifacts: false });
    const { experimentId, location, runId, artifactUri } = await createExperimentAndRun(app, 'direct-s3');
    expect(location).toBe(`s3://team-artifacts/mlflow/${experimentId}`);
    expect(artifactUri).toBe(`s3://team-artifacts/mlflow/${experimentId}/${runId}/artifacts`);
    const key = `mlflow/${experimentId}/${runId}/artifacts/plots/loss.csv`;
    await s3.client.send(new PutObjectCommand({ Bucket: 'team-artifacts', Key: key, Body: 'step,loss\n1,0.5\n' }));

    expect((await listArtifacts(app, runId)).json.files).toEqual([{ path: 'plots', is_dir: true }]);
    expect((await listArtifacts(app, runId, 'plots')).json.files).toEqual([{ path: 'plots/loss.csv', is_dir: false, file_size: 16 }]);
    const download = await app.inject({ method: 'GET', url: `/get-artifact?path=plots/loss.csv&run_uuid=${runId}` });
    expect(download.statusCode).toBe(200);
    expect(download.body).toBe('step,loss\n1,0.5\n');
  });

  it('refuses a run whose location is another bucket', async () => {
    const app = await serverWith({ defaultArtifactRoot: 's3://team-artifacts/mlflow', serveArtifacts: false });
    const created = await post(app, `${API}/experiments/create`, { name: 'other-bucket', artifact_location: 's3://other-bucket/x' });
    const run = await post(app, `${API}/runs/create`, { experiment_id: created.json.experiment_id });
    const runId = (run.json.run as { info: { run_id: string } }).info.run_id;
    expect((await listArtifacts(app, runId)).status).toBe(400);
  });
});
