// Two Runboard processes on one PostgreSQL database, four clients logging through both (two each),
// and one process SIGKILLed mid-ingest: every log-batch either process acknowledged must be read
// back in full through the survivor, and the survivor keeps serving throughout.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTwoServersOnOnePostgres, stopAllCli, type RunningServer } from '../support/cli-process.js';
import { batchBody, checkAcknowledgedPoints, mlflowApi, type AcknowledgedBatch } from '../support/ingest-durability.js';

const CLIENTS = 4;
const INGEST_MILLIS = 2500;

let servers: RunningServer[] = [];
let artifactsDir: string;

beforeAll(async () => {
  ({ servers, artifactsDir } = await startTwoServersOnOnePostgres('runboard-pg-sigkill-'));
}, 60_000);

afterAll(async () => {
  await stopAllCli();
  rmSync(artifactsDir, { recursive: true, force: true });
});

describe('two servers on one PostgreSQL database, one SIGKILLed during ingest', { timeout: 90_000 }, () => {
  it('loses no acknowledged write, and the survivor keeps serving', async () => {
    const [doomed, survivor] = servers as [RunningServer, RunningServer];
    const { experiment_id: experimentId } = await mlflowApi<{ experiment_id: string }>(doomed.url, 'POST', 'experiments/create', {
      name: 'pg-sigkill',
    });
    const runIds: string[] = [];
    for (let client = 0; client < CLIENTS; client += 1) {
      const { run } = await mlflowApi<{ run: { info: { run_id: string } } }>(survivor.url, 'POST', 'runs/create', {
        experiment_id: experimentId,
        run_name: `client-${client}`,
      });
      runIds.push(run.info.run_id);
    }

    const acknowledged: AcknowledgedBatch[] = [];
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

    expect(await checkAcknowledgedPoints(survivor.url, runIds, acknowledged)).toEqual({ missing: 0, wrong: 0 });

    // The run the killed process was writing to still takes writes through the survivor.
    await mlflowApi(survivor.url, 'POST', 'runs/log-batch', {
      run_id: runIds[0],
      metrics: [{ key: 'after_kill', value: 1, timestamp: Date.now(), step: 0 }],
    });
  });
});
