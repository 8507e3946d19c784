// `runboard import --from sqlite:///mlflow.db`: an MLflow database in MLflow's own schema, with
// its server's artifact folder (`--artifacts-root`).
import BetterSqlite3 from 'better-sqlite3';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ImportSourceError } from '../../import/source-model.js';
import { SqliteSource } from '../../import/sqlite-source.js';
import { importInto, makeTarget, readerFor, summaryMismatches, tagMap, type ImportTargetDir, type Json } from './import-helpers.js';
import { MLFLOW_SQLITE_SCHEMA } from './mlflow-sqlite-schema.js';

const RUN_1 = '11111111111111111111111111111111';
const RUN_2 = '22222222222222222222222222222222';

let dir: string;
let dbPath: string;
let artifactsRoot: string;
let target: ImportTargetDir;

function buildDatabase(): void {
  const db = new BetterSqlite3(dbPath);
  db.exec(MLFLOW_SQLITE_SCHEMA);
  db.prepare("INSERT INTO alembic_version VALUES ('6953534de441')").run();
  const experiment = db.prepare('INSERT INTO experiments VALUES (?, ?, ?, ?, ?, ?)');
  experiment.run(0, 'Default', 'mlflow-artifacts:/0', 'active', 1690000000000, 1690000000000);
  experiment.run(12, 'forecasting', 'mlflow-artifacts:/12', 'active', 1690000001000, 1690000002000);
  db.prepare('INSERT INTO experiment_tags VALUES (?, ?, ?)').run('mlflow.note.content', 'Weekly demand', 12);
  const run = db.prepare('INSERT INTO runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  run.run(
    RUN_1,
    'prophet-baseline',
    'LOCAL',
    '',
    '',
    'dana',
    'FINISHED',
    1690000010000,
    1690000020000,
    '',
    'active',
    `mlflow-artifacts:/12/${RUN_1}/artifacts`,
    12,
    null,
  );
  run.run(
    RUN_2,
    'lstm',
    'UNKNOWN',
    '',
    '',
    'erin',
    'KILLED',
    1690000030000,
    1690000040000,
    '',
    'deleted',
    `mlflow-artifacts:/12/${RUN_2}/artifacts`,
    12,
    1690000050000,
  );
  const metric = db.prepare('INSERT INTO metrics VALUES (?, ?, ?, ?, ?, ?)');
  for (let step = 0; step < 100; step += 1) metric.run('mape', 10 - step / 20, 1690000010000 + step, RUN_1, step, 0);
  metric.run('mape', 0, 1690000010200, RUN_1, 100, 1);
  metric.run('rmse', 3.5, 1690000031000, RUN_2, 0, 0);
  db.prepare('INSERT INTO latest_metrics VALUES (?, ?, ?, ?, ?, ?)').run('mape', 0, 1690000010200, 100, 1, RUN_1);
  const param = db.prepare('INSERT INTO params VALUES (?, ?, ?)');
  param.run('horizon', '14', RUN_1);
  param.run('seasonality', 'weekly', RUN_1);
  const tag = db.prepare('INSERT INTO tags VALUES (?, ?, ?)');
  tag.run('mlflow.runName', 'prophet-baseline', RUN_1);
  tag.run('mlflow.user', 'dana', RUN_1);
  tag.run('mlflow.runName', 'lstm', RUN_2);
  db.prepare('INSERT INTO datasets VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
    'ds-uuid-1',
    12,
    'sales',
    'f00d',
    'local',
    '{"uri": "/data/sales.csv"}',
    '{}',
    '{"rows": 52}',
  );
  db.prepare('INSERT INTO inputs VALUES (?, ?, ?, ?, ?)').run('input-uuid-1', 'DATASET', 'ds-uuid-1', 'RUN', RUN_1);
  db.prepare('INSERT INTO input_tags VALUES (?, ?, ?)').run('input-uuid-1', 'mlflow.data.context', 'training');
  db.prepare('INSERT INTO registered_models VALUES (?, ?, ?, ?)').run('demand', 1690000060000, 1690000070000, 'Demand forecaster');
  db.prepare('INSERT INTO registered_model_tags VALUES (?, ?, ?)').run('owner', 'ops', 'demand');
  const version = db.prepare('INSERT INTO model_versions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const source = `mlflow-artifacts:/12/${RUN_1}/artifacts/model`;
  version.run('demand', 1, 1690000061000, 1690000062000, '', 'dana', 'Staging', source, RUN_1, 'READY', null, '', source);
  version.run('demand', 2, 1690000063000, 1690000064000, '', 'dana', 'Deleted_Internal', source, RUN_1, 'READY', null, '', source);
  db.prepare('INSERT INTO model_version_tags VALUES (?, ?, ?, ?)').run('approved', 'true', 'demand', 1);
  db.prepare('INSERT INTO registered_model_aliases VALUES (?, ?, ?)').run('prod', 1, 'demand');
  db.close();
  const modelFolder = path.join(artifactsRoot, '12', RUN_1, 'artifacts', 'model');
  mkdirSync(modelFolder, { recursive: true });
  writeFileSync(path.join(modelFolder, 'MLmodel'), 'artifact_path: model\n');
}

beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'runboard-mlflow-db-'));
  dbPath = path.join(dir, 'mlflow.db');
  artifactsRoot = path.join(dir, 'mlartifacts');
  target = await makeTarget('runboard-import-sqlite-');
  buildDatabase();
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  target.cleanup();
});

describe('import from an MLflow SQLite database', () => {
  it('copies the database and its artifact folder exactly, and a second import copies nothing', { timeout: 30_000 }, async () => {
    const result = await importInto(target, new SqliteSource(dbPath, artifactsRoot));
    expect(summaryMismatches(result)).toEqual([]);
    const counts = Object.fromEntries(result.summary.map((row) => [row.what, row.target]));
    // The version MLflow soft-deleted (Deleted_Internal) is not copied.
    expect(counts).toMatchObject({
      experiments: 2,
      runs: 2,
      params: 2,
      'run tags': 3,
      'metric points': 102,
      'dataset inputs': 1,
      'artifact files': 1,
      'model versions': 1,
      aliases: 1,
      'model version tags': 1,
    });

    const client = await readerFor(target);
    try {
      const experiment = (await client.get('/api/2.0/mlflow/experiments/get?experiment_id=12')).experiment as Json;
      expect(experiment).toMatchObject({ name: 'forecasting', creation_time: 1690000001000, last_update_time: 1690000002000 });
      expect(tagMap(experiment.tags)).toEqual({ 'mlflow.note.content': 'Weekly demand' });
      const run = (await client.get(`/api/2.0/mlflow/runs/get?run_id=${RUN_1}`)).run as { info: Json; data: Json; inputs: Json };
      expect(run.info).toMatchObject({
        run_name: 'prophet-baseline',
        user_id: 'dana',
        status: 'FINISHED',
        start_time: 1690000010000,
        end_time: 1690000020000,
      });
      expect(run.data.metrics).toEqual([{ key: 'mape', value: 'NaN', timestamp: 1690000010200, step: 100 }]);
      expect(tagMap(run.data.params)).toEqual({ horizon: '14', seasonality: 'weekly' });
      const inputs = run.inputs.dataset_inputs as { dataset: Json; tags: unknown }[];
      expect(inputs[0]?.dataset).toMatchObject({
        name: 'sales',
        digest: 'f00d',
        source: '{"uri": "/data/sales.csv"}',
        profile: '{"rows": 52}',
      });
      const history = (await client.get(`/api/2.0/mlflow/metrics/get-history?run_id=${RUN_1}&metric_key=mape`)).metrics as Json[];
      expect(history).toHaveLength(101);
      expect(history[50]).toEqual({ key: 'mape', value: 7.5, timestamp: 1690000010050, step: 50 });
      const deleted = (await client.get(`/api/2.0/mlflow/runs/get?run_id=${RUN_2}`)).run as { info: Json };
      expect(deleted.info).toMatchObject({ lifecycle_stage: 'deleted', status: 'KILLED' });
      const version = (await client.get('/api/2.0/mlflow/model-versions/get?name=demand&version=1')).model_version as Json;
      expect(version).toMatchObject({
        current_stage: 'Staging',
        source: `mlflow-artifacts:/12/${RUN_1}/artifacts/model`,
        aliases: ['prod'],
      });
      expect(await client.text('/model-versions/get-artifact?name=demand&version=1&path=MLmodel')).toBe('artifact_path: model\n');
    } finally {
      await client.app.close();
    }

    const again = await importInto(target, new SqliteSource(dbPath, artifactsRoot));
    expect([again.runsCopied, again.artifactFilesCopied]).toEqual([0, 0]);
    expect(summaryMismatches(again)).toEqual([]);
  });

  it('refuses a file that is not an MLflow database, and writes nothing', { timeout: 30_000 }, async () => {
    const other = path.join(dir, 'other.db');
    new BetterSqlite3(other).exec('CREATE TABLE notes (id INTEGER)');
    await expect(importInto(target, new SqliteSource(other))).rejects.toThrow(/is not an MLflow database: it lacks the tables experiments/);
    writeFileSync(path.join(dir, 'garbage.db'), 'this is not sqlite');
    await expect(importInto(target, new SqliteSource(path.join(dir, 'garbage.db')))).rejects.toBeInstanceOf(ImportSourceError);
    await expect(importInto(target, new SqliteSource(path.join(dir, 'missing.db')))).rejects.toThrow(/No MLflow database at/);
    const client = await readerFor(target);
    try {
      expect(
        ((await client.post('/api/2.0/mlflow/experiments/search', { view_type: 'ALL' })).experiments as Json[]).map((e) => e.name),
      ).toEqual(['Default']);
    } finally {
      await client.app.close();
    }
  });
});
