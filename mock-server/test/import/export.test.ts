// `runboard export --to <url>`: Runboard's store sent to an MLflow-compatible server (a second
// Runboard server with its extensions off) through MLflow's REST API.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalArtifactStore } from '../../artifacts/local-artifact-store.js';
import { FileStoreSource } from '../../import/file-store-source.js';
import {
  EXPORT_PENDING_TAG,
  MlflowExporter,
  SOURCE_RUN_ID_TAG,
  SOURCE_VERSION_TAG,
  type ExportResult,
} from '../../import/mlflow-exporter.js';
import { RunboardStoreSource } from '../../import/runboard-store-source.js';
import { ImportSourceError } from '../../import/source-model.js';
import { openStore } from '../../store/database.js';
import { importInto, makeTarget, tagMap, type ImportTargetDir, type Json } from './import-helpers.js';
import { startLiveServer, type LiveServer } from './live-server.js';
import { writeExperiment, writeRegisteredModel, writeRun } from './mlruns-writer.js';

const RUN_A = 'aaaa0000000000000000000000000001';
const RUN_B = 'bbbb0000000000000000000000000002';

let mlruns: string;
let runboard: ImportTargetDir;
let mlflow: LiveServer;

beforeEach(async () => {
  mlruns = mkdtempSync(path.join(os.tmpdir(), 'runboard-export-mlruns-'));
  writeExperiment(mlruns, '0', 'Default');
  const folder = writeExperiment(mlruns, '4', 'speech', { tags: { team: 'audio' } });
  writeRun(folder, '4', {
    runId: RUN_A,
    name: 'whisper-small',
    user: 'fay',
    status: 3,
    startTime: 1710000000000,
    endTime: 1710000500000,
    params: { beam: '5' },
    tags: { 'mlflow.runName': 'whisper-small', lang: 'en' },
    metrics: {
      wer: Array.from({ length: 2500 }, (_, step) => [1710000000000 + step, 1 / (step + 1), step] as [number, number, number]),
      grad: [[1710000000100, 'nan', 0]],
    },
    artifacts: { 'model/MLmodel': 'artifact_path: model\n', 'samples/a.wav': Buffer.alloc(3000, 7) },
    datasets: [{ id: 'd0000000000000000000000000000009', name: 'librispeech', digest: 'ls1', source: '/data/ls', context: 'eval' }],
  });
  writeRun(folder, '4', {
    runId: RUN_B,
    name: 'discarded',
    user: 'fay',
    status: 5,
    startTime: 1710001000000,
    endTime: 1710001001000,
    lifecycleStage: 'deleted',
    params: {},
    tags: { 'mlflow.runName': 'discarded' },
    metrics: { wer: [[1710001000500, 0.9, 0]] },
  });
  writeRegisteredModel(mlruns, {
    name: 'asr',
    description: 'Speech recognizer',
    tags: { domain: 'audio' },
    aliases: { live: 1 },
    versions: [
      { version: 1, stage: 'Production', source: path.join(folder, RUN_A, 'artifacts', 'model'), runId: RUN_A, tags: { wer: '0.1' } },
    ],
  });
  runboard = await makeTarget('runboard-export-store-');
  await importInto(runboard, new FileStoreSource(mlruns));
  mlflow = await startLiveServer();
});

afterEach(async () => {
  await mlflow.close();
  runboard.cleanup();
  rmSync(mlruns, { recursive: true, force: true });
});

async function exportTo(url: string): Promise<ExportResult> {
  const store = await openStore(runboard.storeUri);
  try {
    return await new MlflowExporter(new RunboardStoreSource(store.db, new LocalArtifactStore(runboard.artifactsDir)), url).run();
  } finally {
    await store.close();
  }
}

describe('export to an MLflow server', () => {
  it(
    'sends experiments, runs (tagged with their Runboard id), histories, artifacts and the registry; a second export sends nothing',
    { timeout: 60_000 },
    async () => {
      const result = await exportTo(mlflow.url);
      expect(result).toMatchObject({
        runsSent: 2,
        runsAlreadyThere: 0,
        metricPointsSent: 2502,
        artifactFilesSent: 2,
        artifactBytesSent: 3021,
        versionsSent: 1,
      });
      const newA = result.runIds[RUN_A] as string;
      expect(newA).toMatch(/^[0-9a-f]{32}$/);
      expect(newA).not.toBe(RUN_A);

      const run = (await mlflow.call('GET', `/api/2.0/mlflow/runs/get?run_id=${newA}`)).run as { info: Json; data: Json; inputs: Json };
      expect(run.info).toMatchObject({
        run_name: 'whisper-small',
        user_id: 'fay',
        status: 'FINISHED',
        start_time: 1710000000000,
        end_time: 1710000500000,
      });
      const tags = tagMap(run.data.tags);
      expect(tags).toMatchObject({ [SOURCE_RUN_ID_TAG]: RUN_A, lang: 'en' });
      expect(tags[EXPORT_PENDING_TAG]).toBeUndefined();
      expect(tagMap(run.data.params)).toEqual({ beam: '5' });
      const history = (await mlflow.call('GET', `/api/2.0/mlflow/metrics/get-history?run_id=${newA}&metric_key=wer`)).metrics as Json[];
      expect(history).toHaveLength(2500);
      expect(history[2499]).toMatchObject({ step: 2499, value: 1 / 2500 });
      const grad = (await mlflow.call('GET', `/api/2.0/mlflow/metrics/get-history?run_id=${newA}&metric_key=grad`)).metrics as Json[];
      expect(grad.map((point) => point.value)).toEqual(['NaN']);
      expect(((run.inputs.dataset_inputs ?? []) as { dataset: Json }[]).map((input) => input.dataset.name)).toEqual(['librispeech']);
      const wav = await fetch(`${mlflow.url}/get-artifact?run_id=${newA}&path=samples/a.wav`);
      expect(Buffer.from(await wav.arrayBuffer())).toEqual(Buffer.alloc(3000, 7));

      const deleted = (await mlflow.call('GET', `/api/2.0/mlflow/runs/get?run_id=${result.runIds[RUN_B]}`)).run as { info: Json };
      expect(deleted.info).toMatchObject({ lifecycle_stage: 'deleted', status: 'KILLED' });

      const experiment = (await mlflow.call('GET', '/api/2.0/mlflow/experiments/get-by-name?experiment_name=speech')).experiment as Json;
      expect(tagMap(experiment.tags)).toEqual({ team: 'audio' });

      const model = (await mlflow.call('GET', '/api/2.0/mlflow/registered-models/get?name=asr')).registered_model as Json;
      expect(model).toMatchObject({ description: 'Speech recognizer', aliases: [{ alias: 'live', version: '1' }] });
      expect(tagMap(model.tags)).toEqual({ domain: 'audio' });
      const version = (await mlflow.call('GET', '/api/2.0/mlflow/model-versions/get?name=asr&version=1')).model_version as Json;
      expect(version).toMatchObject({ current_stage: 'Production', run_id: newA, source: `${String(run.info.artifact_uri)}/model` });
      expect(tagMap(version.tags)).toEqual({ wer: '0.1', [SOURCE_VERSION_TAG]: '1' });
      const mlmodel = await fetch(`${mlflow.url}/model-versions/get-artifact?name=asr&version=1&path=MLmodel`);
      expect(await mlmodel.text()).toBe('artifact_path: model\n');

      const again = await exportTo(mlflow.url);
      expect(again).toMatchObject({ runsSent: 0, runsAlreadyThere: 2, artifactFilesSent: 0, versionsSent: 0 });
      expect(again.runIds).toEqual(result.runIds);
      const all = (
        await mlflow.call('POST', '/api/2.0/mlflow/runs/search', {
          experiment_ids: [String(experiment.experiment_id)],
          run_view_type: 'ALL',
        })
      ).runs as Json[];
      expect(all).toHaveLength(2);
    },
  );

  it('sends again a run an interrupted export left half-sent', { timeout: 60_000 }, async () => {
    const created = await mlflow.call('POST', '/api/2.0/mlflow/experiments/create', { name: 'speech' });
    const half = await mlflow.call('POST', '/api/2.0/mlflow/runs/create', {
      experiment_id: created.experiment_id,
      tags: [{ key: EXPORT_PENDING_TAG, value: RUN_A }],
    });
    const halfId = (half.run as { info: { run_id: string } }).info.run_id;
    const result = await exportTo(mlflow.url);
    expect(result.runsSent).toBe(2);
    expect(result.runIds[RUN_A]).not.toBe(halfId);
    const leftover = (await mlflow.call('GET', `/api/2.0/mlflow/runs/get?run_id=${halfId}`)).run as { info: Json };
    expect(leftover.info.lifecycle_stage).toBe('deleted');
  });

  it('says clearly when the server cannot be reached, before sending anything', { timeout: 30_000 }, async () => {
    const url = mlflow.url;
    await mlflow.app.close();
    const error = await exportTo(url).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ImportSourceError);
    expect((error as Error).message).toContain(`Cannot reach the MLflow server at ${url}`);
  });
});
