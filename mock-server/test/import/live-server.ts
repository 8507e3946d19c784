// A second Runboard server, listening on a real port with Runboard's extensions off (it answers
// only what MLflow does), seeded through MLflow's REST API: the "live MLflow server" of the tests.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp, type FastifyInstance } from '../../app.js';

export interface LiveServer {
  url: string;
  app: FastifyInstance;
  call: (method: string, endpoint: string, body?: unknown) => Promise<Record<string, unknown>>;
  close: () => Promise<void>;
}

export async function startLiveServer(): Promise<LiveServer> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'runboard-live-source-'));
  const app = await createApp({
    backendStoreUri: `sqlite:///${path.join(dir, 'mlflow.db')}`,
    artifactsDestination: path.join(dir, 'artifacts'),
    runboardExtensions: false,
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const url = `http://127.0.0.1:${port}`;
  const call = async (method: string, endpoint: string, body?: unknown): Promise<Record<string, unknown>> => {
    const response = await fetch(`${url}${endpoint}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await response.json()) as Record<string, unknown>;
    if (!response.ok) throw new Error(`${method} ${endpoint}: ${response.status} ${JSON.stringify(json)}`);
    return json;
  };
  return {
    url,
    app,
    call,
    close: async () => {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const LONG_HISTORY_POINTS = 30_000;

/** Experiments (one deleted), runs (one deleted) with a history longer than one get-history page, artifacts, datasets, the registry. */
export async function seedLiveServer(server: LiveServer): Promise<{ runIds: string[]; experimentIds: string[] }> {
  const api = '/api/2.0/mlflow';
  const { call } = server;
  const experimentIds: string[] = [];
  const runIds: string[] = [];
  for (const name of ['nlp', 'tabular', 'abandoned']) {
    const created = await call('POST', `${api}/experiments/create`, { name, tags: [{ key: 'team', value: `${name}-team` }] });
    experimentIds.push(created.experiment_id as string);
  }
  for (const [index, experimentId] of experimentIds.entries()) {
    for (let runIndex = 0; runIndex < 2; runIndex += 1) {
      const created = await call('POST', `${api}/runs/create`, {
        experiment_id: experimentId,
        run_name: `run-${index}-${runIndex}`,
        user_id: `user${index}`,
        start_time: 1700000000000 + index * 1000 + runIndex,
        tags: [{ key: 'phase', value: 'seed' }],
      });
      const runId = (created.run as { info: { run_id: string } }).info.run_id;
      runIds.push(runId);
      await call('POST', `${api}/runs/log-batch`, {
        run_id: runId,
        params: [
          { key: 'lr', value: String(0.01 * (runIndex + 1)) },
          { key: 'layers', value: String(index + 2) },
        ],
        tags: [{ key: 'stage', value: 'train' }],
        metrics: [
          { key: 'acc', value: 0.5 + runIndex / 10, timestamp: 1700000001000, step: 0 },
          { key: 'acc', value: 'NaN', timestamp: 1700000002000, step: 1 },
        ],
      });
      await call('POST', `${api}/runs/log-inputs`, {
        run_id: runId,
        datasets: [
          {
            tags: [{ key: 'mlflow.data.context', value: 'train' }],
            dataset: {
              name: `ds-${index}`,
              digest: `d${index}`,
              source_type: 'local',
              source: '{"uri": "/data"}',
              schema: '{}',
              profile: '{"rows": 3}',
            },
          },
        ],
      });
      const upload = await fetch(`${server.url}/api/2.0/mlflow-artifacts/artifacts/${experimentId}/${runId}/artifacts/model/weights.bin`, {
        method: 'PUT',
        body: Buffer.alloc(1000 + runIndex, index),
      });
      if (!upload.ok) throw new Error(`artifact upload failed: ${upload.status}`);
      await call('POST', `${api}/runs/update`, { run_id: runId, status: runIndex === 0 ? 'FINISHED' : 'KILLED', end_time: 1700000099000 });
    }
  }
  // One run with a history longer than a get-history page (25,000 points).
  const longRun = runIds[0] as string;
  for (let start = 0; start < LONG_HISTORY_POINTS; start += 1000) {
    const metrics = Array.from({ length: 1000 }, (_, offset) => ({
      key: 'loss',
      value: 1 / (start + offset + 1),
      timestamp: 1700000100000 + start + offset,
      step: start + offset,
    }));
    await call('POST', `${api}/runs/log-batch`, { run_id: longRun, metrics });
  }
  await call('POST', `${api}/runs/delete`, { run_id: runIds[1] });
  await call('POST', `${api}/experiments/delete`, { experiment_id: experimentIds[2] });

  await call('POST', `${api}/registered-models/create`, {
    name: 'sentiment',
    description: 'Sentiment model',
    tags: [{ key: 'domain', value: 'nlp' }],
  });
  for (const runId of [runIds[0], runIds[2]] as string[]) {
    await call('POST', `${api}/model-versions/create`, {
      name: 'sentiment',
      source: `runs:/${runId}/model`,
      run_id: runId,
      tags: [{ key: 'by', value: 'ci' }],
    });
  }
  await call('POST', `${api}/model-versions/transition-stage`, {
    name: 'sentiment',
    version: '1',
    stage: 'Production',
    archive_existing_versions: false,
  });
  await call('POST', `${api}/registered-models/alias`, { name: 'sentiment', alias: 'champion', version: '2' });
  return { runIds, experimentIds };
}
