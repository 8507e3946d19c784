// `runboard import --from http://...`: a live MLflow-compatible server read over its REST API.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RestSource } from '../../import/rest-source.js';
import { ImportSourceError } from '../../import/source-model.js';
import { importInto, makeTarget, readerFor, summaryMismatches, type ImportTargetDir, type Json } from './import-helpers.js';
import { LONG_HISTORY_POINTS, seedLiveServer, startLiveServer, type LiveServer } from './live-server.js';

let source: LiveServer;
let target: ImportTargetDir;

beforeEach(async () => {
  source = await startLiveServer();
  target = await makeTarget('runboard-import-live-');
});

afterEach(async () => {
  await source.close();
  target.cleanup();
});

/** What a client sees of a run, minus the artifact URI (it names the store it lives in). */
function comparable(run: { info: Json; data: Json; inputs?: Json }): unknown {
  const { artifact_uri: _artifactUri, ...info } = run.info;
  const sorted = (list: unknown) => [...((list ?? []) as { key: string }[])].sort((a, b) => a.key.localeCompare(b.key));
  return { info, params: sorted(run.data.params), tags: sorted(run.data.tags), metrics: sorted(run.data.metrics), inputs: run.inputs };
}

describe('import from a live MLflow server', () => {
  it('copies everything with original ids, and the counts match the source exactly', { timeout: 60_000 }, async () => {
    const { runIds } = await seedLiveServer(source);
    const result = await importInto(target, new RestSource(source.url));
    expect(summaryMismatches(result)).toEqual([]);
    const counts = Object.fromEntries(result.summary.map((row) => [row.what, row.target]));
    expect(counts).toMatchObject({
      experiments: 4,
      runs: 6,
      params: 12,
      'metric points': 12 + LONG_HISTORY_POINTS,
      'artifact files': 6,
      'registered models': 1,
      'model versions': 2,
      aliases: 1,
      'model version tags': 2,
    });

    const client = await readerFor(target);
    try {
      for (const runId of runIds) {
        const there = (await source.call('GET', `/api/2.0/mlflow/runs/get?run_id=${runId}`)).run as {
          info: Json;
          data: Json;
          inputs?: Json;
        };
        const here = (await client.get(`/api/2.0/mlflow/runs/get?run_id=${runId}`)).run as { info: Json; data: Json; inputs?: Json };
        expect(comparable(here)).toEqual(comparable(there));
      }
      const longRun = runIds[0] as string;
      const history = (await client.get(`/api/2.0/mlflow/metrics/get-history?run_id=${longRun}&metric_key=loss&max_results=50000`))
        .metrics as Json[];
      expect(history).toHaveLength(LONG_HISTORY_POINTS);
      expect(history[LONG_HISTORY_POINTS - 1]).toMatchObject({ step: LONG_HISTORY_POINTS - 1, value: 1 / LONG_HISTORY_POINTS });

      const artifact = await client.app.inject({ method: 'GET', url: `/get-artifact?run_id=${runIds[3]}&path=model/weights.bin` });
      expect(artifact.rawPayload).toEqual(Buffer.alloc(1001, 1));

      const experiments = (await client.post('/api/2.0/mlflow/experiments/search', { view_type: 'ALL' })).experiments as Json[];
      const sourceExperiments = (await source.call('POST', '/api/2.0/mlflow/experiments/search', { view_type: 'ALL' }))
        .experiments as Json[];
      const pick = (list: Json[]) =>
        list
          .map(({ experiment_id, name, lifecycle_stage, tags }) => ({ experiment_id, name, lifecycle_stage, tags }))
          .sort((a, b) => String(a.name).localeCompare(String(b.name)));
      expect(pick(experiments)).toEqual(pick(sourceExperiments));

      const here = (await client.get('/api/2.0/mlflow/registered-models/get?name=sentiment')).registered_model as Json;
      const there = (await source.call('GET', '/api/2.0/mlflow/registered-models/get?name=sentiment')).registered_model as Json;
      expect(here).toEqual(there);
      for (const version of ['1', '2']) {
        const mine = (await client.get(`/api/2.0/mlflow/model-versions/get?name=sentiment&version=${version}`)).model_version;
        const theirs = (await source.call('GET', `/api/2.0/mlflow/model-versions/get?name=sentiment&version=${version}`)).model_version;
        expect(mine).toEqual(theirs);
      }
    } finally {
      await client.app.close();
    }

    const again = await importInto(target, new RestSource(source.url));
    expect(again.runsCopied).toBe(0);
    expect(again.artifactFilesCopied).toBe(0);
    expect(summaryMismatches(again)).toEqual([]);
  });

  it('says clearly when the server cannot be reached, and writes nothing', { timeout: 30_000 }, async () => {
    const url = source.url;
    await source.app.close();
    const error = await importInto(target, new RestSource(url)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ImportSourceError);
    expect((error as Error).message).toContain(`Cannot reach the MLflow server at ${url}`);
    const client = await readerFor(target);
    try {
      const experiments = (await client.post('/api/2.0/mlflow/experiments/search', { view_type: 'ALL' })).experiments as Json[];
      expect(experiments.map((experiment) => experiment.name)).toEqual(['Default']);
    } finally {
      await client.app.close();
    }
  });
});
