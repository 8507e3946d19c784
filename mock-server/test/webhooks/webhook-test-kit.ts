// Shared setup for the webhook tests: an in-process server (optionally on a SQLite file and
// listening on a port), a real local HTTP receiver that records what arrives, and request helpers.
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { createServer, type AppOptions } from '../../app.js';
import type { ServerContext } from '../../services/server-context.js';

export interface WebhookTestServer {
  app: FastifyInstance;
  context: ServerContext;
  close: () => Promise<void>;
}

export function tempDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'runboard-webhooks-test-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function startServer(options: Partial<AppOptions> = {}): Promise<WebhookTestServer> {
  const artifacts = tempDir();
  const { app, context } = await createServer({ backendStoreUri: 'sqlite:///:memory:', artifactsDestination: artifacts.dir, ...options });
  if (!context) throw new Error('expected a local store');
  return {
    app,
    context,
    close: async () => {
      await app.close();
      artifacts.remove();
    },
  };
}

export interface Reply<T = Record<string, unknown>> {
  status: number;
  json: T;
}

export async function call<T = Record<string, unknown>>(
  app: FastifyInstance,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  body?: unknown,
): Promise<Reply<T>> {
  const response = await app.inject({
    method,
    url,
    ...(body === undefined ? {} : { payload: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
  return { status: response.statusCode, json: (response.body ? JSON.parse(response.body) : {}) as T };
}

export interface ReceivedRequest {
  at: number;
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface Receiver {
  url: string;
  port: number;
  received: ReceivedRequest[];
  /** Status to answer for the n-th request (0-based); default 200. */
  respond: (index: number) => number;
  /** Resolves once `count` requests have arrived (rejects after `timeoutMs`). */
  waitFor: (count: number, timeoutMs?: number) => Promise<ReceivedRequest[]>;
  close: () => Promise<void>;
}

/** A real HTTP server on 127.0.0.1 that records every request (optionally on a given port). */
export async function startReceiver(port = 0): Promise<Receiver> {
  const received: ReceivedRequest[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  const receiver: Receiver = {
    url: '',
    port: 0,
    received,
    respond: () => 200,
    waitFor: (count, timeoutMs = 5000) =>
      new Promise((resolve, reject) => {
        if (received.length >= count) return resolve(received);
        const timer = setTimeout(
          () => reject(new Error(`only ${received.length} of ${count} webhook requests arrived in ${timeoutMs} ms`)),
          timeoutMs,
        );
        waiters.push({ count, resolve: () => (clearTimeout(timer), resolve(received)) });
      }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const index = received.length;
      received.push({
        at: Date.now(),
        method: request.method ?? '',
        path: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      const status = receiver.respond(index);
      response.writeHead(status, { 'content-type': 'text/plain' }).end(status < 400 ? 'thanks' : 'receiver is unhappy');
      for (const waiter of waiters.filter((candidate) => received.length >= candidate.count)) waiter.resolve();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  receiver.port = (server.address() as AddressInfo).port;
  receiver.url = `http://127.0.0.1:${receiver.port}/hook`;
  return receiver;
}

/** A port with nothing listening on it (taken and released). */
export async function freePort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** What a receiver does to check a delivery: recompute MLflow's v1 signature with the shared secret. */
export function expectedSignature(secret: string, request: ReceivedRequest): string {
  const deliveryId = String(request.headers['x-mlflow-delivery-id']);
  const timestamp = String(request.headers['x-mlflow-timestamp']);
  return `v1,${createHmac('sha256', secret).update(`${deliveryId}.${timestamp}.${request.body}`).digest('base64')}`;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await sleep(25);
  }
}
