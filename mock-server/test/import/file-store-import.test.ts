// `runboard import` from an MLflow file store folder written in MLflow's own layout.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileStoreSource } from '../../import/file-store-source.js';
import { ImportSourceError } from '../../import/source-model.js';
import { importInto, makeTarget, readerFor, summaryMismatches, tagMap, type ImportTargetDir, type Json } from './import-helpers.js';
import { writeExperiment, writeRegisteredModel, writeRun } from './mlruns-writer.js';

const RUN_A = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const RUN_B = 'b1b2c3d4e5f60718293a4b5c6d7e8f91';
const RUN_C = 'c1b2c3d4e5f60718293a4b5c6d7e8f92';

let mlruns: string;
let target: ImportTargetDir;

function buildFileStore(): void {
  writeExperiment(mlruns, '0', 'Default');
  const vision = writeExperiment(mlruns, '3', 'vision', { tags: { 'mlflow.note.content': 'Image models', team: 'cv' } });
  writeRun(vision, '3', {
    runId: RUN_A,
    name: 'bright-fox-1',
    user: 'alice',
    status: 3,
    startTime: 1700000001000,
    endTime: 1700000009000,
    params: { lr: '0.001', optimizer: 'adam' },
    tags: { 'mlflow.runName': 'bright-fox-1', 'mlflow.user': 'alice', 'model/arch': 'resnet' },
    metrics: {
      loss: [
        [1700000002000, 0.9, 0],
        [1700000003000, 0.5, 1],
        [1700000004000, 'nan', 2],
        [1700000005000, 0.25, 3],
      ],
      'eval/acc': [
        [1700000004000, 0.7, 0],
        [1700000006000, 'inf', 1],
      ],
    },
    artifacts: { 'model/MLmodel': 'flavors: {}\n', 'plots/loss.txt': 'x'.repeat(5000) },
    datasets: [{ id: 'd0000000000000000000000000000001', name: 'cifar10', digest: 'abc123', source: '/data/cifar', context: 'training' }],
  });
  writeRun(vision, '3', {
    runId: RUN_B,
    name: 'calm-owl-2',
    user: 'bob',
    status: 4,
    startTime: 1700000010000,
    endTime: 1700000011000,
    lifecycleStage: 'deleted',
    params: {},
    tags: { 'mlflow.runName': 'calm-owl-2' },
    metrics: { loss: [[1700000010500, 1.5, 0]] },
  });
  const archived = writeExperiment(mlruns, '7', 'archived', { deleted: true });
  writeRun(archived, '7', {
    runId: RUN_C,
    name: 'old-run',
    user: 'carol',
    status: 1,
    startTime: 1600000000000,
    endTime: null,
    params: { seed: '1' },
    tags: { 'mlflow.runName': 'old-run' },
    metrics: {},
  });
  writeRegisteredModel(mlruns, {
    name: 'classifier',
    description: 'The image classifier',
    tags: { owner: 'cv' },
    aliases: { champion: 1 },
    versions: [
      {
        version: 1,
        stage: 'Production',
        source: pathToFileURL(path.join(vision, RUN_A, 'artifacts', 'model')).href,
        runId: RUN_A,
        tags: { validated: 'yes' },
      },
      { version: 2, stage: 'None', source: pathToFileURL(path.join(vision, RUN_A, 'artifacts', 'model')).href, runId: RUN_A, tags: {} },
    ],
  });
}

beforeEach(async () => {
  mlruns = mkdtempSync(path.join(os.tmpdir(), 'runboard-mlruns-'));
  target = await makeTarget('runboard-import-fs-');
  buildFileStore();
});

afterEach(() => {
  rmSync(mlruns, { recursive: true, force: true });
  target.cleanup();
});

describe('import from an MLflow file store', () => {
  it(
    'copies experiments, runs with their ids, histories, params, tags, datasets, artifacts and the registry',
    { timeout: 30_000 },
    async () => {
      const result = await importInto(target, new FileStoreSource(mlruns));
      expect(summaryMismatches(result)).toEqual([]);
      expect(result.runsCopied).toBe(3);
      const counts = Object.fromEntries(result.summary.map((row) => [row.what, row.target]));
      expect(counts).toMatchObject({
        experiments: 3,
        runs: 3,
        params: 3,
        'metric points': 7,
        'artifact files': 2,
        'registered models': 1,
        'model versions': 2,
        aliases: 1,
        'model version tags': 1,
      });

      const client = await readerFor(target);
      try {
        const experiments = (await client.post('/api/2.0/mlflow/experiments/search', { view_type: 'ALL', max_results: 100 }))
          .experiments as Json[];
        const byName = Object.fromEntries(experiments.map((experiment) => [experiment.name as string, experiment]));
        expect(byName.vision).toMatchObject({
          experiment_id: '3',
          lifecycle_stage: 'active',
          creation_time: 1700000000000,
          artifact_location: 'mlflow-artifacts:/3',
        });
        expect(tagMap(byName.vision?.tags)).toEqual({ 'mlflow.note.content': 'Image models', team: 'cv' });
        expect(byName.archived).toMatchObject({ experiment_id: '7', lifecycle_stage: 'deleted' });

        const run = (await client.get(`/api/2.0/mlflow/runs/get?run_id=${RUN_A}`)).run as { info: Json; data: Json; inputs: Json };
        expect(run.info).toMatchObject({
          run_id: RUN_A,
          run_name: 'bright-fox-1',
          experiment_id: '3',
          user_id: 'alice',
          status: 'FINISHED',
          start_time: 1700000001000,
          end_time: 1700000009000,
          lifecycle_stage: 'active',
          artifact_uri: `mlflow-artifacts:/3/${RUN_A}/artifacts`,
        });
        expect(tagMap(run.data.params)).toEqual({ lr: '0.001', optimizer: 'adam' });
        expect(tagMap(run.data.tags)).toMatchObject({ 'model/arch': 'resnet', 'mlflow.user': 'alice' });
        const datasetInputs = (run.inputs.dataset_inputs ?? []) as { dataset: Json; tags: unknown }[];
        expect(datasetInputs.map((input) => input.dataset.name)).toEqual(['cifar10']);
        expect(tagMap(datasetInputs[0]?.tags)).toEqual({ 'mlflow.data.context': 'training' });

        const loss = (await client.get(`/api/2.0/mlflow/metrics/get-history?run_id=${RUN_A}&metric_key=loss`)).metrics as Json[];
        expect(loss.map((point) => [point.step, point.timestamp, point.value])).toEqual([
          [0, 1700000002000, 0.9],
          [1, 1700000003000, 0.5],
          [2, 1700000004000, 'NaN'],
          [3, 1700000005000, 0.25],
        ]);
        const acc = (await client.get(`/api/2.0/mlflow/metrics/get-history?run_id=${RUN_A}&metric_key=eval/acc`)).metrics as Json[];
        expect(acc.map((point) => point.value)).toEqual([0.7, 'Infinity']);

        const deleted = (await client.get(`/api/2.0/mlflow/runs/get?run_id=${RUN_B}`)).run as { info: Json };
        expect(deleted.info).toMatchObject({ status: 'FAILED', lifecycle_stage: 'deleted', user_id: 'bob' });
        const running = (await client.get(`/api/2.0/mlflow/runs/get?run_id=${RUN_C}`)).run as { info: Json };
        expect(running.info).toMatchObject({ status: 'RUNNING', experiment_id: '7' });

        const listed = (await client.get(`/api/2.0/mlflow/artifacts/list?run_id=${RUN_A}&path=plots`)).files as Json[];
        expect(listed).toEqual([{ path: 'plots/loss.txt', is_dir: false, file_size: 5000 }]);
        expect(await client.text(`/get-artifact?run_id=${RUN_A}&path=model/MLmodel`)).toBe('flavors: {}\n');

        const model = (await client.get('/api/2.0/mlflow/registered-models/get?name=classifier')).registered_model as Json;
        expect(model).toMatchObject({ name: 'classifier', description: 'The image classifier', creation_timestamp: 1700000200000 });
        expect(tagMap(model.tags)).toEqual({ owner: 'cv' });
        expect(model.aliases).toEqual([{ alias: 'champion', version: '1' }]);
        const version = (await client.get('/api/2.0/mlflow/model-versions/get?name=classifier&version=1')).model_version as Json;
        expect(version).toMatchObject({
          current_stage: 'Production',
          run_id: RUN_A,
          source: `mlflow-artifacts:/3/${RUN_A}/artifacts/model`,
        });
        expect(tagMap(version.tags)).toEqual({ validated: 'yes' });
        expect(await client.text(`/model-versions/get-artifact?name=classifier&version=1&path=MLmodel`)).toBe('flavors: {}\n');
      } finally {
        await client.app.close();
      }
    },
  );

  it('copies nothing the second time, and only what is missing after the source grew', { timeout: 30_000 }, async () => {
    await importInto(target, new FileStoreSource(mlruns));
    const again = await importInto(target, new FileStoreSource(mlruns));
    expect(again.runsCopied).toBe(0);
    expect(again.runsAlreadyPresent).toBe(3);
    expect(again.artifactFilesCopied).toBe(0);
    expect(summaryMismatches(again)).toEqual([]);

    // The run went on logging in MLflow: one more point and one more artifact.
    writeFileSync(path.join(mlruns, '3', RUN_B, 'metrics', 'loss'), '1700000010500 1.5 0\n1700000010600 1.25 1\n');
    writeFileSync(path.join(mlruns, '3', RUN_A, 'artifacts', 'notes.md'), '# notes\n');
    const grown = await importInto(target, new FileStoreSource(mlruns));
    expect(grown.runsCopied).toBe(1);
    expect(grown.artifactFilesCopied).toBe(1);
    expect(summaryMismatches(grown)).toEqual([]);
    const client = await readerFor(target);
    try {
      const loss = (await client.get(`/api/2.0/mlflow/metrics/get-history?run_id=${RUN_B}&metric_key=loss`)).metrics as Json[];
      expect(loss.map((point) => point.value)).toEqual([1.5, 1.25]);
    } finally {
      await client.app.close();
    }
  });

  it('keeps run ids that YAML number rules would misread (PyYAML leaves 1234e567… unquoted)', { timeout: 30_000 }, async () => {
    const numericLooking = '1234e567890123456789012345678901';
    writeRun(path.join(mlruns, '3'), '3', {
      runId: numericLooking,
      name: 'digits',
      user: 'dan',
      status: 3,
      startTime: 1700000020000,
      endTime: null,
      params: {},
      tags: {},
      metrics: {},
    });
    const result = await importInto(target, new FileStoreSource(mlruns));
    expect(summaryMismatches(result)).toEqual([]);
    const client = await readerFor(target);
    try {
      const run = (await client.get(`/api/2.0/mlflow/runs/get?run_id=${numericLooking}`)).run as { info: Json };
      expect(run.info).toMatchObject({ run_id: numericLooking, run_name: 'digits', status: 'FINISHED' });
      expect(run.info.end_time).toBeUndefined();
    } finally {
      await client.app.close();
    }
  });

  it('refuses a meta.yaml that is not YAML and writes nothing', { timeout: 30_000 }, async () => {
    writeFileSync(path.join(mlruns, '3', RUN_B, 'meta.yaml'), 'artifact_uri: [unclosed\n  run_id: : :\n');
    const error = await importInto(target, new FileStoreSource(mlruns)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ImportSourceError);
    expect((error as Error).message).toContain(path.join(mlruns, '3', RUN_B, 'meta.yaml'));
    expect((error as Error).message).toContain('is not valid YAML');
    const client = await readerFor(target);
    try {
      const experiments = (await client.post('/api/2.0/mlflow/experiments/search', { view_type: 'ALL' })).experiments as Json[];
      expect(experiments.map((experiment) => experiment.name)).toEqual(['Default']);
      expect(await client.post('/api/2.0/mlflow/runs/search', { experiment_ids: ['0', '3'], run_view_type: 'ALL' })).toEqual({});
    } finally {
      await client.app.close();
    }
  });

  it('refuses a folder that is not a file store, and a metrics line that is not `timestamp value step`', { timeout: 30_000 }, async () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), 'runboard-not-mlruns-'));
    try {
      await expect(importInto(target, new FileStoreSource(empty))).rejects.toThrow(/holds no MLflow experiment/);
      await expect(importInto(target, new FileStoreSource(path.join(empty, 'missing')))).rejects.toThrow(/is not a folder/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
    writeFileSync(path.join(mlruns, '3', RUN_B, 'metrics', 'loss'), '1700000010500 not-a-number 0\n');
    await expect(importInto(target, new FileStoreSource(mlruns))).rejects.toThrow(/metrics\/loss, line 1: expected 'timestamp value step'/);
    const client = await readerFor(target);
    try {
      // Checked before the first write: not even the runs before the bad one are there.
      for (const runId of [RUN_A, RUN_B]) {
        const reply = await client.app.inject({ method: 'GET', url: `/api/2.0/mlflow/runs/get?run_id=${runId}` });
        expect(reply.statusCode).toBe(404);
      }
      const experiments = (await client.post('/api/2.0/mlflow/experiments/search', { view_type: 'ALL' })).experiments as Json[];
      expect(experiments.map((experiment) => experiment.name)).toEqual(['Default']);
    } finally {
      await client.app.close();
    }
  });
});
