// Shared setup for the registry route tests: an in-process server on an in-memory database, and
// small request helpers around app.inject.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { KeyValue, RegistryEvent } from '../../../src/lib/mlflow/wire-types.js';
import { createServer } from '../../app.js';
import type { ServerContext } from '../../services/server-context.js';
import { freshStoreUri } from '../support/test-store.js';

export interface TestServer {
  app: FastifyInstance;
  context: ServerContext;
  artifactsDir: string;
  close: () => Promise<void>;
}

export async function startServer(): Promise<TestServer> {
  const artifactsDir = mkdtempSync(path.join(os.tmpdir(), 'runboard-registry-test-'));
  const { app, context } = await createServer({ backendStoreUri: await freshStoreUri(), artifactsDestination: artifactsDir });
  if (!context) throw new Error('expected a local store');
  return {
    app,
    context,
    artifactsDir,
    close: async () => {
      await app.close();
      rmSync(artifactsDir, { recursive: true, force: true });
    },
  };
}

/** A model version as this server emits it (timestamps are numbers). */
export interface TestModelVersion {
  name: string;
  version: string;
  creation_timestamp: number;
  last_updated_timestamp: number;
  current_stage: string;
  description?: string;
  source?: string;
  run_id?: string;
  status?: string;
  run_link?: string;
  tags: KeyValue[];
  aliases?: string[];
  model_id?: string;
}

export interface TestRegisteredModel {
  name: string;
  creation_timestamp: number;
  last_updated_timestamp: number;
  description?: string;
  latest_versions: TestModelVersion[];
  tags: KeyValue[];
  aliases?: { alias: string; version: string }[];
}

/**
 * Every field a registry test reads. Fields a given answer lacks are simply undefined at run
 * time; the tests check presence with toHaveProperty where it matters.
 */
export interface Body {
  error_code: string;
  message: string;
  registered_model: TestRegisteredModel;
  registered_models: TestRegisteredModel[];
  model_version: TestModelVersion;
  model_versions: TestModelVersion[];
  next_page_token: string;
  artifact_uri: string;
  events: RegistryEvent[];
  experiment_id: string;
  run: { info: { run_id: string; artifact_uri: string } };
}

export interface Reply {
  status: number;
  json: Body;
  body: string;
  headers: Record<string, string | string[] | number | undefined>;
}

type Query = Record<string, string | string[] | number | undefined>;

function withQuery(url: string, query: Query | undefined): string {
  if (!query) return url;
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) params.append(name, String(item));
  }
  const text = params.toString();
  return text === '' ? url : `${url}?${text}`;
}

function toReply(response: { statusCode: number; body: string; headers: Reply['headers'] }): Reply {
  let json: Body;
  try {
    json = JSON.parse(response.body) as Body;
  } catch {
    json = {} as Body;
  }
  return { status: response.statusCode, json, body: response.body, headers: response.headers };
}

export const API = '/api/2.0/mlflow';

/** A JSON request (POST / PATCH / DELETE carry a JSON body, as MLflow clients send them). */
export async function send(
  app: FastifyInstance,
  method: 'POST' | 'PATCH' | 'DELETE' | 'PUT',
  url: string,
  body: unknown = {},
  headers: Record<string, string> = {},
): Promise<Reply> {
  const response = await app.inject({
    method,
    url,
    payload: JSON.stringify(body),
    headers: { 'content-type': 'application/json', ...headers },
  });
  return toReply(response);
}

export async function get(app: FastifyInstance, url: string, query?: Query, headers: Record<string, string> = {}): Promise<Reply> {
  return toReply(await app.inject({ method: 'GET', url: withQuery(url, query), headers }));
}

export async function createModel(app: FastifyInstance, name: string, extra: Record<string, unknown> = {}): Promise<Reply> {
  const reply = await send(app, 'POST', `${API}/registered-models/create`, { name, ...extra });
  if (reply.status !== 200) throw new Error(`create model ${name}: ${reply.body}`);
  return reply;
}

export async function createVersion(app: FastifyInstance, name: string, source: string, extra: Record<string, unknown> = {}): Promise<Reply> {
  const reply = await send(app, 'POST', `${API}/model-versions/create`, { name, source, ...extra });
  if (reply.status !== 200) throw new Error(`create version of ${name}: ${reply.body}`);
  return reply;
}

export interface TestRun {
  experimentId: string;
  runId: string;
  artifactUri: string;
}

export async function createRun(app: FastifyInstance, experimentName: string, artifactLocation?: string): Promise<TestRun> {
  const experiment = await send(app, 'POST', `${API}/experiments/create`, {
    name: experimentName,
    ...(artifactLocation ? { artifact_location: artifactLocation } : {}),
  });
  if (experiment.status !== 200) throw new Error(`create experiment: ${experiment.body}`);
  const experimentId = experiment.json.experiment_id;
  const run = await send(app, 'POST', `${API}/runs/create`, { experiment_id: experimentId, start_time: 1700000000000 });
  if (run.status !== 200) throw new Error(`create run: ${run.body}`);
  return { experimentId, runId: run.json.run.info.run_id, artifactUri: run.json.run.info.artifact_uri };
}

/** Uploads a file through the mlflow-artifacts proxy (`relative` is under the artifact root). */
export async function uploadArtifact(app: FastifyInstance, relative: string, content: string): Promise<void> {
  const response = await app.inject({
    method: 'PUT',
    url: `/api/2.0/mlflow-artifacts/artifacts/${relative}`,
    payload: Buffer.from(content),
    headers: { 'content-type': 'application/octet-stream' },
  });
  if (response.statusCode !== 200) throw new Error(`upload ${relative}: ${response.body}`);
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
