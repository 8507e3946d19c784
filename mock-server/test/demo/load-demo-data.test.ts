// The demo data loads through the REST API into an empty in-memory store, is complete (experiments,
// sweep, nested runs, 100k-step history, datasets, artifacts, registry) and deterministic, and a
// second load is refused.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Experiment, FileInfo, Metric, ModelVersion, RegisteredModel, Run } from '../../../src/lib/mlflow/wire-types.js';
import { createServer } from '../../app.js';
import {
  DEMO_EPOCH,
  DEMO_SPAN,
  HYPEROPT_TRIALS,
  loadDemoData,
  PRETRAINING_EXPERIMENT,
  PRETRAINING_RUN,
  PRETRAINING_STEPS,
  REGISTERED_MODELS,
  SWEEP_EXPERIMENT,
  SWEEP_RUN_COUNT,
  TABULAR_EXPERIMENT,
  TABULAR_RUN_COUNT,
  DEMO_TRACE_COUNT,
  TRACES_EXPERIMENT,
  TRACES_RUN,
} from '../../demo/load-demo-data.js';

let app: FastifyInstance;
let artifactsDir: string;
let firstLoad: boolean;
let loadMillis: number;
/** The load's clock, fixed so the pinned values below stay the same. */
const DEMO_NOW = Date.UTC(2025, 8, 1, 8, 0, 0) + DEMO_SPAN;

async function call<T>(method: 'GET' | 'POST', url: string, body?: unknown): Promise<T> {
  const response = await app.inject({
    method,
    url: `/api/2.0/mlflow/${url}`,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    payload: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(response.statusCode, `${method} ${url}: ${response.body.slice(0, 300)}`).toBe(200);
  return response.json<T>();
}

async function experimentId(name: string): Promise<string> {
  const { experiment } = await call<{ experiment: Experiment }>(
    'GET',
    `experiments/get-by-name?experiment_name=${encodeURIComponent(name)}`,
  );
  return experiment.experiment_id;
}

async function searchRuns(experimentName: string, filter = ''): Promise<Run[]> {
  const { runs } = await call<{ runs?: Run[] }>('POST', 'runs/search', {
    experiment_ids: [await experimentId(experimentName)],
    filter,
    max_results: 1000,
  });
  return runs ?? [];
}

function tag(run: Run, key: string): string | undefined {
  return run.data?.tags?.find((item) => item.key === key)?.value;
}

async function listArtifacts(runId: string, folder = ''): Promise<string[]> {
  const { files } = await call<{ files?: FileInfo[] }>('GET', `artifacts/list?run_id=${runId}&path=${encodeURIComponent(folder)}`);
  return (files ?? []).map((file) => file.path);
}

beforeAll(async () => {
  artifactsDir = mkdtempSync(path.join(os.tmpdir(), 'runboard-demo-test-'));
  ({ app } = await createServer({ backendStoreUri: 'sqlite:///:memory:', artifactsDestination: artifactsDir }));
  const started = performance.now();
  firstLoad = await loadDemoData(app, { now: DEMO_NOW });
  loadMillis = performance.now() - started;
}, 180_000);

afterAll(async () => {
  await app.close();
  rmSync(artifactsDir, { recursive: true, force: true });
});

describe('loadDemoData', () => {
  it('loads into an empty store, then refuses a second load', async () => {
    expect(firstLoad).toBe(true);
    console.log(`demo data loaded in ${(loadMillis / 1000).toFixed(1)} s`);
    expect(await loadDemoData(app)).toBe(false);
    const { experiments } = await call<{ experiments: Experiment[] }>('POST', 'experiments/search', { max_results: 100 });
    expect(experiments.map((experiment) => experiment.name).sort()).toEqual(
      ['Default', PRETRAINING_EXPERIMENT, SWEEP_EXPERIMENT, TABULAR_EXPERIMENT, TRACES_EXPERIMENT].sort(),
    );
  });

  it('has the sweep with every run status, notes, datasets and nested hyperopt trials', async () => {
    const runs = await searchRuns(SWEEP_EXPERIMENT);
    expect(runs.length).toBe(SWEEP_RUN_COUNT + 1 + HYPEROPT_TRIALS);
    expect(runs.length).toBeGreaterThanOrEqual(200);
    const statuses = runs.map((run) => run.info.status);
    expect(statuses.filter((status) => status === 'RUNNING')).toHaveLength(2);
    expect(statuses).toContain('FAILED');
    expect(statuses).toContain('KILLED');
    expect(statuses.filter((status) => status === 'FINISHED').length).toBeGreaterThan(200);
    expect(runs.filter((run) => tag(run, 'mlflow.note.content')).length).toBeGreaterThanOrEqual(3);

    const sweepRun = runs.find((run) => run.data?.params?.some((param) => param.key === 'batch_size') && !tag(run, 'mlflow.parentRunId'));
    expect(sweepRun?.data?.params?.map((param) => param.key).sort()).toEqual(
      ['batch_size', 'dropout', 'lr', 'max_steps', 'num_layers', 'optimizer', 'seed'].sort(),
    );
    expect(sweepRun?.data?.metrics?.map((metric) => metric.key).sort()).toEqual([
      'train/accuracy',
      'train/loss',
      'val/accuracy',
      'val/loss',
    ]);
    for (const key of ['mlflow.user', 'mlflow.source.name', 'mlflow.source.git.commit', 'team'])
      expect(tag(sweepRun as Run, key)).toBeTruthy();
    const contexts = sweepRun?.inputs?.dataset_inputs
      ?.map((input) => input.tags?.find((item) => item.key === 'mlflow.data.context')?.value)
      .sort();
    expect(contexts).toEqual(['eval', 'training']);

    const parent = runs.find((run) => run.info.run_name === 'hyperopt-search');
    expect(parent?.info.start_time).toBe(DEMO_EPOCH + 2 * 3600_000);
    const children = await searchRuns(SWEEP_EXPERIMENT, `tags.mlflow.parentRunId = '${parent?.info.run_id ?? ''}'`);
    expect(children).toHaveLength(HYPEROPT_TRIALS);

    const filtered = await searchRuns(SWEEP_EXPERIMENT, "params.optimizer = 'adamw' and metrics.`val/accuracy` > 0.8");
    expect(filtered.length).toBeGreaterThan(5);
  });

  it('is relative to the moment it loads: running runs started minutes ago and logged points in the last minutes', async () => {
    const running = await searchRuns(SWEEP_EXPERIMENT, "attributes.status = 'RUNNING'");
    expect(running.length).toBeGreaterThan(0);
    for (const run of running) {
      const started = Number(run.info.start_time);
      expect(DEMO_NOW - started).toBeGreaterThan(0);
      expect(DEMO_NOW - started).toBeLessThan(30 * 60_000);
      const lastPoint = Math.max(...(run.data?.metrics ?? []).map((metric) => Number(metric.timestamp)));
      expect(DEMO_NOW - lastPoint).toBeGreaterThanOrEqual(0);
      expect(DEMO_NOW - lastPoint).toBeLessThan(15 * 60_000);
    }
    // The oldest run is days old, not a year.
    const pretraining = await searchRuns(PRETRAINING_EXPERIMENT);
    const oldest = Math.min(...pretraining.map((run) => Number(run.info.start_time)));
    expect(DEMO_NOW - oldest).toBeLessThan(14 * 24 * 3600_000);
  });

  it('has a 100,000-step pretraining run with a deterministic history', async () => {
    const [run] = await searchRuns(PRETRAINING_EXPERIMENT, `attributes.run_name = '${PRETRAINING_RUN}'`);
    expect(run?.info.status).toBe('FINISHED');
    const { metrics } = await call<{ metrics: Metric[] }>('GET', `metrics/get-history?run_id=${run?.info.run_id ?? ''}&metric_key=loss`);
    expect(metrics).toHaveLength(PRETRAINING_STEPS);
    expect(metrics[0]?.step).toBe(0);
    expect(metrics.at(-1)?.step).toBe(PRETRAINING_STEPS - 1);
    // Pinned values: the generator is seeded and clock-free, so these never change between loads.
    expect(run?.info.start_time).toBe(PINNED.pretrainStart);
    expect(metrics[0]).toEqual(PINNED.pretrainFirstLoss);
    for (const key of ['lr', 'grad_norm', 'eval/loss']) expect(run?.data?.metrics?.some((metric) => metric.key === key)).toBe(true);
  });

  it('has the tabular baselines for filter demos', async () => {
    const runs = await searchRuns(TABULAR_EXPERIMENT);
    expect(runs).toHaveLength(TABULAR_RUN_COUNT);
    const xgboost = await searchRuns(TABULAR_EXPERIMENT, "params.model = 'xgboost' and metrics.auc > 0.5");
    expect(xgboost).toHaveLength(TABULAR_RUN_COUNT / 3);
  });

  it('has registered models with every stage, aliases, descriptions and tags', async () => {
    const { registered_models: models } = await call<{ registered_models: RegisteredModel[] }>(
      'GET',
      'registered-models/search?max_results=100',
    );
    expect(models.map((model) => model.name).sort()).toEqual([...REGISTERED_MODELS].sort());
    for (const model of models) {
      expect(model.description).toBeTruthy();
      expect(model.tags?.length).toBeGreaterThan(0);
      expect(model.aliases?.map((alias) => alias.alias).sort()).toEqual(['challenger', 'champion']);
    }
    const { model_versions: versions } = await call<{ model_versions: ModelVersion[] }>('GET', 'model-versions/search?max_results=1000');
    expect(versions.length).toBeGreaterThanOrEqual(6);
    expect(new Set(versions.map((version) => version.current_stage))).toEqual(new Set(['None', 'Staging', 'Production', 'Archived']));
    for (const version of versions) expect(version.source).toMatch(/^runs:\/[0-9a-f]{32}\/model$/);
  });

  it('has real artifacts and a logged model behind the champion', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/api/2.0/mlflow/registered-models/alias?name=resnet-classifier&alias=champion',
    });
    const { model_version: champion } = response.json<{ model_version: ModelVersion }>();
    const runId = champion.run_id ?? '';
    expect(await listArtifacts(runId)).toEqual(
      expect.arrayContaining(['config.yaml', 'metrics_summary.json', 'model', 'plots', 'predictions.csv', 'training.log']),
    );
    expect(await listArtifacts(runId, 'model')).toEqual(
      expect.arrayContaining(['model/MLmodel', 'model/conda.yaml', 'model/model.pkl', 'model/requirements.txt']),
    );

    const { run } = await call<{ run: Run }>('GET', `runs/get?run_id=${runId}`);
    const history = JSON.parse(tag(run, 'mlflow.log-model.history') ?? '[]') as { artifact_path: string; flavors: object }[];
    expect(history[0]?.artifact_path).toBe('model');
    expect(Object.keys(history[0]?.flavors ?? {})).toContain('python_function');

    const artifactRoot = (run.info.artifact_uri ?? '').replace('mlflow-artifacts:/', '');
    const png = await app.inject({ method: 'GET', url: `/api/2.0/mlflow-artifacts/artifacts/${artifactRoot}/plots/loss_curve.png` });
    expect(png.statusCode).toBe(200);
    expect(png.rawPayload.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const mlmodel = await app.inject({ method: 'GET', url: `/api/2.0/mlflow-artifacts/artifacts/${artifactRoot}/model/MLmodel` });
    expect(mlmodel.body).toContain('signature:\n  inputs: ');
    expect(mlmodel.body).toContain(`run_id: ${runId}`);
  });
});

describe('demo traces', () => {
  interface DemoTraceInfo {
    request_id: string;
    status: string;
    timestamp_ms: number;
    request_metadata?: { key: string; value: string }[];
    tags?: { key: string; value: string }[];
  }

  it('has LLM traces with nested spans, token usage, errors, one in progress and a linked run', async () => {
    const id = await experimentId(TRACES_EXPERIMENT);
    const { traces } = await call<{ traces: DemoTraceInfo[] }>('GET', `traces?experiment_ids=${id}&max_results=100`);
    expect(traces).toHaveLength(DEMO_TRACE_COUNT);
    expect(new Set(traces.map((trace) => trace.status))).toEqual(new Set(['OK', 'ERROR', 'IN_PROGRESS']));
    expect(traces.every((trace) => trace.timestamp_ms > DEMO_NOW - 16 * 3_600_000 && trace.timestamp_ms < DEMO_NOW)).toBe(true);
    const metadata = (trace: DemoTraceInfo, key: string) => trace.request_metadata?.find((entry) => entry.key === key)?.value;
    expect(traces.filter((trace) => metadata(trace, 'mlflow.trace.tokenUsage') !== undefined).length).toBeGreaterThan(DEMO_TRACE_COUNT - 2);

    const { runs } = await call<{ runs: Run[] }>('POST', 'runs/search', { experiment_ids: [id] });
    const runId = runs.find((run) => run.info.run_name === TRACES_RUN)?.info.run_id;
    const linked = await call<{ traces: DemoTraceInfo[] }>('GET', `traces?experiment_ids=${id}&filter=${encodeURIComponent(`run_id = '${runId ?? ''}'`)}`);
    expect(linked.traces.length).toBeGreaterThan(4);

    const failed = traces.find((trace) => trace.status === 'ERROR') as DemoTraceInfo;
    const response = await app.inject({ method: 'GET', url: `/ajax-api/2.0/mlflow/get-trace-artifact?request_id=${failed.request_id}` });
    expect(response.statusCode).toBe(200);
    const data = response.json<{ spans: Record<string, unknown>[] }>();
    expect(data.spans.length).toBeGreaterThanOrEqual(4);
    expect(JSON.stringify(data.spans)).toContain('RateLimitError');
  });
});

const PINNED = {
  pretrainStart: 1756224443655,
  pretrainFirstLoss: { key: 'loss', value: 10.5344, timestamp: 1756224534510, step: 0 },
};
