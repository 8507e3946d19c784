// Two Runboard processes on one PostgreSQL database, four clients logging through both (two each),
// and one process SIGKILLed mid-ingest: every log-batch either process acknowledged must be read
// back in full through the survivor, and the survivor keeps serving throughout.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTwoServersOnOnePostgres, stopAllCli, type RunningServer } from '../support/cli-process.js';
import { checkAcknowledgedPoints, IngestClients, mlflowApi } from '../support/ingest-durability.js';

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

    // Even clients write through the process that is killed, odd ones through the survivor.
    const clients = new IngestClients(runIds, (client) => (client % 2 === 0 ? doomed : survivor).url);

    await new Promise((resolve) => setTimeout(resolve, INGEST_MILLIS));
    expect(await doomed.stop('SIGKILL')).toBeNull();
    // The survivor's clients go on for a moment after the kill.
    await new Promise((resolve) => setTimeout(resolve, 500));
    await clients.stop();

    expect(clients.rejected).toEqual([]);
    expect(clients.lostInFlight, 'the kill should hit requests in flight').toBeGreaterThan(0);
    const { acknowledged } = clients;
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
