// Two Runboard processes on one PostgreSQL database, four clients logging through both (two each),
// and one process SIGKILLed mid-ingest: every log-batch either process acknowledged must be read
// back in full through the survivor, and the survivor keeps serving throughout.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCli, stopAllCli, type RunningServer } from '../support/cli-process.js';
import { createPostgresDatabase } from '../support/test-store.js';

const CLIENTS = 4;
const INGEST_MILLIS = 2500;
const STEPS_PER_BATCH = 500; // two keys per step: 1000 metrics per batch
const KEYS = ['loss', 'acc'] as const;

let servers: RunningServer[] = [];
let artifactsDir: string;

beforeAll(async () => {
  artifactsDir = mkdtempSync(path.join(os.tmpdir(), 'runboard-pg-sigkill-'));
  const uri = await createPostgresDatabase();
  const args = ['--backend-store-uri', uri, '--artifacts-destination', artifactsDir];
  // One after the other: the first migrates the empty database.
  servers = [await startCli(args), await startCli(args)];
}, 60_000);

afterAll(async () => {
  await stopAllCli();
  rmSync(artifactsDir, { recursive: true, force: true });
});

async function api<T>(server: RunningServer, method: 'GET' | 'POST', pathAndQuery: string, body?: unknown): Promise<T> {
  const response = await fetch(`${server.url}/api/2.0/mlflow/${pathAndQuery}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${method} ${pathAndQuery} answered ${response.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

/** The value every (client, key, step) point must have; exact in binary floating point. */
function expectedValue(client: number, key: (typeof KEYS)[number], step: number): number {
  return client * 1_000_000 + step + (key === 'acc' ? 0.5 : 0.25);
}

function batchBody(runId: string, client: number, batch: number, baseTime: number): string {
  const metrics = [];
  for (let offset = 0; offset < STEPS_PER_BATCH; offset += 1) {
    const step = batch * STEPS_PER_BATCH + offset;
    for (const key of KEYS) metrics.push({ key, value: expectedValue(client, key, step), timestamp: baseTime + step, step });
  }
  return JSON.stringify({ run_id: runId, metrics });
}

describe('two servers on one PostgreSQL database, one SIGKILLed during ingest', { timeout: 90_000 }, () => {
  it('loses no acknowledged write, and the survivor keeps serving', async () => {
    const [doomed, survivor] = servers as [RunningServer, RunningServer];
    const { experiment_id: experimentId } = await api<{ experiment_id: string }>(doomed, 'POST', 'experiments/create', {
      name: 'pg-sigkill',
    });
    const runIds: string[] = [];
    for (let client = 0; client < CLIENTS; client += 1) {
      const { run } = await api<{ run: { info: { run_id: string } } }>(survivor, 'POST', 'runs/create', {
        experiment_id: experimentId,
        run_name: `client-${client}`,
      });
      runIds.push(run.info.run_id);
    }

    const acknowledged: { client: number; batch: number }[] = [];
    const rejected: string[] = [];
    let lostInFlight = 0;
    let stop = false;
    const baseTime = Date.now();
    // Even clients write through the process that is killed, odd ones through the survivor.
    const clients = runIds.map(async (runId, client) => {
      const server = client % 2 === 0 ? doomed : survivor;
      for (let batch = 0; !stop; batch += 1) {
        try {
          const response = await fetch(`${server.url}/api/2.0/mlflow/runs/log-batch`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: batchBody(runId, client, batch, baseTime),
          });
          const text = await response.text();
          if (response.status === 200) acknowledged.push({ client, batch });
          else rejected.push(`${response.status} ${text.slice(0, 200)}`);
        } catch {
          // The connection died with the process: this batch was never acknowledged.
          lostInFlight += 1;
          return;
        }
      }
    });

    await new Promise((resolve) => setTimeout(resolve, INGEST_MILLIS));
    expect(await doomed.stop('SIGKILL')).toBeNull();
    // The survivor's clients go on for a moment after the kill.
    await new Promise((resolve) => setTimeout(resolve, 500));
    stop = true;
    await Promise.all(clients);

    expect(rejected).toEqual([]);
    expect(lostInFlight, 'the kill should hit requests in flight').toBeGreaterThan(0);
    for (let client = 0; client < CLIENTS; client += 1) {
      expect(
        acknowledged.filter((item) => item.client === client).length,
        `client ${client} had too few batches acknowledged for a meaningful test`,
      ).toBeGreaterThanOrEqual(1);
    }

    let missing = 0;
    let wrong = 0;
    for (const [client, runId] of runIds.entries()) {
      const batches = acknowledged.filter((item) => item.client === client).map((item) => item.batch);
      for (const key of KEYS) {
        const { metrics = [] } = await api<{ metrics?: { step: number; value: number }[] }>(
          survivor,
          'GET',
          `metrics/get-history?run_id=${runId}&metric_key=${key}`,
        );
        const valueByStep = new Map(metrics.map((metric) => [metric.step, metric.value]));
        for (const batch of batches) {
          for (let offset = 0; offset < STEPS_PER_BATCH; offset += 1) {
            const step = batch * STEPS_PER_BATCH + offset;
            const value = valueByStep.get(step);
            if (value === undefined) missing += 1;
            else if (value !== expectedValue(client, key, step)) wrong += 1;
          }
        }
      }
    }
    expect({ missing, wrong }).toEqual({ missing: 0, wrong: 0 });

    // The run the killed process was writing to still takes writes through the survivor.
    await api(survivor, 'POST', 'runs/log-batch', {
      run_id: runIds[0],
      metrics: [{ key: 'after_kill', value: 1, timestamp: Date.now(), step: 0 }],
    });
  });
});
