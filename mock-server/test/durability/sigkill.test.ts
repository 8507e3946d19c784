// Durability: nothing the server acknowledged is lost when the process dies. Four clients stream
// log-batch calls into the real server (a child process on a SQLite file), the server is SIGKILLed
// mid-ingest, restarted on the same file, and every metric point of every batch that got a 200
// must be in get-history.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { checkAcknowledgedPoints, IngestClients, KEYS, mlflowApi, STEPS_PER_BATCH } from '../support/ingest-durability.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const CLIENTS = 4;
const INGEST_MILLIS = 2000;

interface Server {
  child: ChildProcess;
  baseUrl: string;
}

const workDir = mkdtempSync(path.join(os.tmpdir(), 'runboard-durability-'));
const started: ChildProcess[] = [];

function startServer(dbPath: string): Promise<Server> {
  const child = spawn(
    process.execPath,
    [
      path.join(repoRoot, 'mock-server', 'start.mjs'),
      '--no-build',
      '--host',
      '127.0.0.1',
      '--port',
      '0',
      '--backend-store-uri',
      `sqlite:///${dbPath}`,
      '--artifacts-destination',
      path.join(workDir, 'artifacts'),
      '--static-dir',
      path.join(workDir, 'no-ui'),
    ],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  started.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 15_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const port = /serving .* at http:\/\/[^:\s]+:(\d+)/.exec(output)?.[1];
      if (port) {
        clearTimeout(timer);
        resolve({ child, baseUrl: `http://127.0.0.1:${port}` });
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code ?? signal}) before listening:\n${output}`));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

afterAll(async () => {
  for (const child of started) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited(child);
  }
  rmSync(workDir, { recursive: true, force: true });
});

describe('durability', () => {
  it('keeps every acknowledged log-batch when the server is SIGKILLed mid-ingest', async () => {
    const dbPath = path.join(workDir, 'durability.db');
    const first = await startServer(dbPath);
    const { experiment_id: experimentId } = await mlflowApi<{ experiment_id: string }>(first.baseUrl, 'POST', 'experiments/create', {
      name: 'durability',
    });
    const runIds: string[] = [];
    for (let client = 0; client < CLIENTS; client += 1) {
      const { run } = await mlflowApi<{ run: { info: { run_id: string } } }>(first.baseUrl, 'POST', 'runs/create', {
        experiment_id: experimentId,
        run_name: `client-${client}`,
        start_time: Date.now(),
      });
      runIds.push(run.info.run_id);
    }

    const clients = new IngestClients(runIds, () => first.baseUrl);

    await new Promise((resolve) => setTimeout(resolve, INGEST_MILLIS));
    first.child.kill('SIGKILL');
    await exited(first.child);
    await clients.stop();
    expect(first.child.signalCode).toBe('SIGKILL');
    expect(clients.rejected).toEqual([]);
    expect(clients.lostInFlight, 'the kill should hit requests in flight').toBeGreaterThan(0);
    const { acknowledged } = clients;
    expect(acknowledged.length, 'too few batches acknowledged for a meaningful test').toBeGreaterThanOrEqual(CLIENTS);

    const second = await startServer(dbPath);
    const points = acknowledged.length * STEPS_PER_BATCH * KEYS.length;
    console.log(
      `durability: ${acknowledged.length} batches (${points} points) acknowledged, ${clients.lostInFlight} in flight at the kill`,
    );
    expect(await checkAcknowledgedPoints(second.baseUrl, runIds, acknowledged)).toEqual({ missing: 0, wrong: 0 });

    // The store is healthy after the crash: it still takes writes.
    await mlflowApi(second.baseUrl, 'POST', 'runs/log-batch', {
      run_id: runIds[0],
      metrics: [{ key: 'after_restart', value: 1, timestamp: Date.now(), step: 0 }],
    });
    second.child.kill('SIGTERM');
    await exited(second.child);
  }, 30_000);
});
