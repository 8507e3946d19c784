// A test server for route tests (the app in-process, on the test backend store and a fresh artifacts
// folder), a call helper that answers what a client receives, and the setup calls most tests make.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { createServer } from '../../app.js';
import type { ServerContext } from '../../services/server-context.js';
import { freshStoreUri } from './test-store.js';

export const API = '/api/2.0/mlflow';

export interface RouteServer {
  app: FastifyInstance;
  context: ServerContext;
  /** The artifacts destination folder. */
  dir: string;
  /** Closes the app and removes its artifacts folder. */
  close: () => Promise<void>;
}

export interface Reply {
  status: number;
  json: Record<string, unknown>;
  body: string;
  headers: Record<string, unknown>;
}

export type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT';

/** A server on a store of its own (SQLite in memory, or a new PostgreSQL database) with artifacts under `<tmp>/<prefix>...`. */
export async function startRouteServer(prefix: string): Promise<RouteServer> {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  const { app, context } = await createServer({ backendStoreUri: await freshStoreUri(), artifactsDestination: dir });
  if (!context) throw new Error('expected a local store');
  return {
    app,
    context,
    dir,
    close: async () => {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** One request: an object body goes as JSON, a string or Buffer as it is (with the caller's content type). */
export async function callRoute(
  app: FastifyInstance,
  method: Method,
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Reply> {
  const reply = await app.inject({
    method,
    url,
    ...(body === undefined
      ? { headers }
      : typeof body === 'string' || Buffer.isBuffer(body)
        ? { headers, payload: body }
        : { headers: { 'content-type': 'application/json', ...headers }, payload: JSON.stringify(body) }),
  });
  let json: Record<string, unknown> = {};
  try {
    json = reply.json();
  } catch {
    // not JSON (a file download)
  }
  return { status: reply.statusCode, json, body: reply.body, headers: reply.headers };
}

/** A new experiment with a random name; its id. */
export async function createExperiment(app: FastifyInstance): Promise<string> {
  const reply = await callRoute(app, 'POST', `${API}/experiments/create`, { name: `exp-${Math.random().toString(36).slice(2)}` });
  return reply.json.experiment_id as string;
}

/** A new run in the experiment; its id. */
export async function createRun(app: FastifyInstance, experimentId: string): Promise<string> {
  const reply = await callRoute(app, 'POST', `${API}/runs/create`, { experiment_id: experimentId, start_time: 1 });
  return (reply.json.run as { info: { run_id: string } }).info.run_id;
}
