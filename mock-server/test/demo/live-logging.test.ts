// The demo's RUNNING runs keep logging while the demo server runs, and stop when asked; finished
// runs and runs outside the demo's experiments are left alone.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Metric } from '../../../src/lib/mlflow/wire-types.js';
import { createServer } from '../../app.js';
import { nextValue, startDemoLiveLogging } from '../../demo/live-logging.js';
import { SWEEP_EXPERIMENT } from '../../demo/load-demo-data.js';

let app: FastifyInstance;
let artifactsDir: string;

async function post<T>(url: string, body: unknown): Promise<T> {
  const response = await app.inject({ method: 'POST', url: `/api/2.0/mlflow/${url}`, payload: body as object });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<T>();
}

async function history(runId: string, key: string): Promise<Metric[]> {
  const response = await app.inject({ method: 'GET', url: `/api/2.0/mlflow/metrics/get-history?run_id=${runId}&metric_key=${key}` });
  return response.json<{ metrics?: Metric[] }>().metrics ?? [];
}

async function runWithLoss(experimentId: string, name: string): Promise<string> {
  const { run } = await post<{ run: { info: { run_id: string } } }>('runs/create', {
    experiment_id: experimentId,
    run_name: name,
    start_time: Date.now(),
  });
  await post('runs/log-batch', { run_id: run.info.run_id, metrics: [{ key: 'loss', value: 0.5, step: 10, timestamp: Date.now() }] });
  return run.info.run_id;
}

beforeAll(async () => {
  artifactsDir = mkdtempSync(path.join(os.tmpdir(), 'runboard-live-test-'));
  ({ app } = await createServer({ backendStoreUri: 'sqlite:///:memory:', artifactsDestination: artifactsDir }));
});

afterAll(async () => {
  await app.close();
  rmSync(artifactsDir, { recursive: true, force: true });
});

describe('demo live logging', () => {
  it('logs the next steps of running demo runs until stopped', async () => {
    const { experiment_id: demoId } = await post<{ experiment_id: string }>('experiments/create', { name: SWEEP_EXPERIMENT });
    const { experiment_id: otherId } = await post<{ experiment_id: string }>('experiments/create', { name: 'my-own-work' });
    const running = await runWithLoss(demoId, 'running');
    const finished = await runWithLoss(demoId, 'finished');
    await post('runs/update', { run_id: finished, status: 'FINISHED', end_time: Date.now() });
    const foreign = await runWithLoss(otherId, 'not-demo');

    const stop = startDemoLiveLogging(app, 20);
    await expect.poll(async () => (await history(running, 'loss')).length, { timeout: 5000 }).toBeGreaterThanOrEqual(4);
    await stop();
    const after = await history(running, 'loss');
    const steps = after.map((point) => Number(point.step));
    expect(steps.slice(0, 4)).toEqual([10, 11, 12, 13]);
    expect(Number(after.at(-1)?.timestamp)).toBeGreaterThan(Date.now() - 5000);
    // Nothing more once stopped.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await history(running, 'loss')).length).toBe(after.length);
    expect(await history(finished, 'loss')).toHaveLength(1);
    expect(await history(foreign, 'loss')).toHaveLength(1);
  });

  it('moves losses down and accuracies up, accuracies staying below 1', () => {
    expect(nextValue({ value: 0.5, direction: -1 }, 0)).toBeLessThan(0.5);
    expect(nextValue({ value: 0.9, direction: 1 }, 0)).toBeGreaterThan(0.9);
    expect(nextValue({ value: 0.99995, direction: 1 }, 1)).toBeLessThan(1);
  });
});
