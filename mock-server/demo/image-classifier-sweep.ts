// Experiment "image-classifier-sweep": a 240-run hyperparameter sweep of a small CNN on CIFAR-10,
// plus a "hyperopt-search" parent run with 12 nested trials. Curves depend on the hyperparameters
// (learning rate against the optimizer's sweet spot, dropout, depth, batch size), with noise,
// occasional loss spikes, diverging runs (NaN, FAILED), out-of-memory crashes, killed and running runs.
import type { KeyValue, Metric, RunStatus } from '../../src/lib/mlflow/wire-types.js';
import type { DatasetInputBody, DemoApi } from './demo-api.js';
import { renderLineChart } from './line-chart.js';
import { buildModelFiles, type ModelSpec } from './model-artifacts.js';
import { Random, runName } from './random.js';
import {
  clamp,
  DAY,
  DEMO_EPOCH,
  HOUR,
  latestValues,
  logTime,
  MINUTE,
  paramValue,
  point,
  predictionsCsv,
  seriesOf,
  toYaml,
  uploadFiles,
  type ArtifactFile,
} from './run-files.js';

export const SWEEP_EXPERIMENT = 'image-classifier-sweep';
export const SWEEP_RUN_COUNT = 240;
export const HYPEROPT_TRIALS = 12;

const OPTIMIZERS = ['adam', 'sgd', 'adamw'] as const;
const BATCH_SIZES = [32, 64, 128, 256] as const;
const LAYER_COUNTS = [4, 6, 8, 12] as const;
const CLASSES = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'] as const;
const USERS = ['alice', 'alice', 'alice', 'bob', 'carol'] as const;
/** log10 of the best learning rate per optimizer. */
const LR_OPTIMUM: Record<Optimizer, number> = { adam: -3.1, adamw: -2.9, sgd: -1.3 };

type Optimizer = (typeof OPTIMIZERS)[number];
type Fate = 'finish' | 'diverge' | 'oom' | 'kill' | 'running';

export interface SweepParams {
  lr: number;
  batchSize: number;
  optimizer: Optimizer;
  dropout: number;
  numLayers: number;
  seed: number;
}

interface Training {
  metrics: Metric[];
  status: RunStatus;
  endTime: number | undefined;
  logLines: string[];
  finalValAccuracy: number;
}

/** A finished run the registry may pick up, with what its model artifacts need. */
export interface SweepRunSummary {
  runId: string;
  runName: string;
  artifactUri: string;
  startTime: number;
  status: RunStatus;
  valAccuracy: number;
  params: SweepParams;
}

function lossFromAccuracy(accuracy: number): number {
  return 2.303 * ((1 - accuracy) / 0.9) ** 1.35 + 0.015;
}

function stepMillis(params: SweepParams): number {
  return 900 * (params.numLayers / 8) * (params.batchSize / 64) ** 0.8;
}

/** Simulates one training run: train metrics every step, validation every 5 steps. */
function simulateTraining(params: SweepParams, fate: Fate, plannedSteps: number, startTime: number, random: Random): Training {
  const distance = Math.log10(params.lr) - LR_OPTIMUM[params.optimizer];
  const lrQuality = Math.exp(-0.5 * (distance / 0.85) ** 2);
  const dropoutQuality = 1 - 1.6 * (params.dropout - 0.22) ** 2;
  const capacity = ({ 4: 0.9, 6: 0.955, 8: 0.985, 12: 1 } as Record<number, number>)[params.numLayers] ?? 1;
  const batchQuality = ({ 32: 1, 64: 1, 128: 0.99, 256: 0.97 } as Record<number, number>)[params.batchSize] ?? 1;
  const quality = lrQuality * dropoutQuality * capacity * batchQuality;
  const finalVal = clamp(0.35 + 0.57 * quality + random.normal(0, 0.006), 0.12, 0.93);
  const overfit = clamp(0.45 - params.dropout, 0, 0.45) * (params.numLayers / 12);
  const finalTrain = Math.min(0.995, finalVal + 0.015 + overfit * 0.22);
  const speed = clamp(1 + Math.min(0, distance) * 0.45, 0.15, 1);
  const tau = (plannedSteps * 0.18) / speed;
  const noiseScale = Math.sqrt(64 / params.batchSize);
  const spikeChance = 0.003 + 0.03 * clamp(distance, 0, 2);

  let lastStep = plannedSteps - 1;
  let divergeAt = Infinity;
  if (fate === 'diverge') divergeAt = Math.floor(plannedSteps * random.uniform(0.25, 0.65));
  if (fate === 'diverge') lastStep = divergeAt + random.int(25, 45);
  if (fate === 'oom') lastStep = random.int(1, 3);
  if (fate === 'kill') lastStep = Math.floor(plannedSteps * random.uniform(0.2, 0.75));
  if (fate === 'running') lastStep = Math.floor(plannedSteps * random.uniform(0.35, 0.8));

  const metrics: Metric[] = [];
  const logLines: string[] = [];
  const millisPerStep = stepMillis(params);
  let time = startTime + 20_000 + random.int(0, 8000);
  let spike = 0;
  let finalValAccuracy = 0.1;
  logLines.push(`${logTime(time - 15_000)} INFO  train.py: starting run with ${JSON.stringify(params)}`);
  logLines.push(`${logTime(time - 9000)} INFO  train.py: loaded cifar10 train=50000 test=10000 batch_size=${params.batchSize}`);
  for (let step = 0; step <= lastStep; step += 1) {
    time += millisPerStep * random.uniform(0.92, 1.08);
    const progress = 1 - Math.exp(-step / tau);
    const late = (step / plannedSteps) ** 2;
    if (random.chance(spikeChance)) spike += random.uniform(0.35, 1.3);
    spike *= 0.72;
    let trainAccuracy = 0.1 + (finalTrain - 0.1) * progress + random.normal(0, 0.012 * noiseScale) - spike * 0.12;
    let trainLoss = lossFromAccuracy(clamp(trainAccuracy, 0.1, 0.999)) * (1 + random.normal(0, 0.035 * noiseScale)) + spike;
    if (step > divergeAt) {
      const blowUp = Math.exp((step - divergeAt) / 6) - 1;
      trainLoss += blowUp;
      trainAccuracy = Math.max(0.1, trainAccuracy - blowUp * 0.05) + random.normal(0, 0.01);
      if (step === lastStep) trainLoss = NaN;
    }
    trainAccuracy = clamp(trainAccuracy, 0, 1);
    metrics.push(point('train/loss', trainLoss, step, time), point('train/accuracy', trainAccuracy, step, time));
    if (step % 25 === 0) {
      logLines.push(
        `${logTime(time)} INFO  train.py: step=${step} train/loss=${trainLoss.toFixed(4)} train/accuracy=${trainAccuracy.toFixed(4)}`,
      );
    }
    const evaluate = step % 5 === 0 || (fate === 'finish' && step === lastStep);
    if (evaluate && step <= divergeAt) {
      const valAccuracy = clamp(0.1 + (finalVal - 0.1) * progress - overfit * 0.06 * late + random.normal(0, 0.004), 0, 1);
      const valLoss = lossFromAccuracy(clamp(valAccuracy, 0.1, 0.999)) * (1 + random.normal(0, 0.01)) + overfit * 0.5 * late;
      const evalTime = time + 1500 + random.int(0, 800);
      metrics.push(point('val/loss', valLoss, step, evalTime), point('val/accuracy', valAccuracy, step, evalTime));
      time = evalTime; // training waits for the evaluation
      finalValAccuracy = valAccuracy;
      if (step % 25 === 0 || step === lastStep) {
        logLines.push(
          `${logTime(evalTime)} INFO  train.py: eval step=${step} val/loss=${valLoss.toFixed(4)} val/accuracy=${valAccuracy.toFixed(4)}`,
        );
      }
    }
  }

  const endTime = fate === 'running' ? undefined : time + 4000 + random.int(0, 3000);
  const status: RunStatus = { finish: 'FINISHED', diverge: 'FAILED', oom: 'FAILED', kill: 'KILLED', running: 'RUNNING' }[fate] as RunStatus;
  const endAt = logTime(endTime ?? time);
  if (fate === 'diverge') {
    logLines.push(`${endAt} ERROR train.py: loss is NaN at step ${lastStep}`);
    logLines.push('Traceback (most recent call last):');
    logLines.push('  File "train.py", line 188, in <module>');
    logLines.push('    trainer.fit(model, loaders)');
    logLines.push('  File "trainer.py", line 97, in fit');
    logLines.push('    raise FloatingPointError(f"loss is NaN at step {step}")');
    logLines.push(`FloatingPointError: loss is NaN at step ${lastStep}`);
  } else if (fate === 'oom') {
    logLines.push(`${endAt} ERROR train.py: CUDA out of memory`);
    logLines.push('Traceback (most recent call last):');
    logLines.push('  File "train.py", line 188, in <module>');
    logLines.push('    trainer.fit(model, loaders)');
    logLines.push(
      'torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 1.50 GiB. GPU 0 has a total capacity of 23.65 GiB of which 1.12 GiB is free.',
    );
  } else if (fate === 'kill') {
    logLines.push(`${endAt} WARNING train.py: received SIGTERM, stopping at step ${lastStep}`);
  } else if (fate === 'finish') {
    logLines.push(`${endAt} INFO  train.py: finished ${plannedSteps} steps, final val/accuracy=${finalValAccuracy.toFixed(4)}`);
  }
  return { metrics, status, endTime, logLines, finalValAccuracy };
}

function sampleParams(random: Random): SweepParams {
  return {
    lr: random.logUniform(1e-5, 1e-1),
    batchSize: random.pick(BATCH_SIZES),
    optimizer: random.pick(OPTIMIZERS),
    dropout: Number(random.uniform(0, 0.5).toFixed(2)),
    numLayers: random.pick(LAYER_COUNTS),
    seed: random.int(0, 9999),
  };
}

function chooseFate(index: number, params: SweepParams, random: Random): Fate {
  if (index >= SWEEP_RUN_COUNT - 2) return 'running';
  const distance = Math.log10(params.lr) - LR_OPTIMUM[params.optimizer];
  if (distance > 1.4 && random.chance(0.45)) return 'diverge';
  if (params.batchSize === 256 && params.numLayers === 12 && random.chance(0.35)) return 'oom';
  if (random.chance(0.03)) return 'kill';
  return 'finish';
}

function paramsList(params: SweepParams, plannedSteps: number): KeyValue[] {
  return [
    { key: 'lr', value: paramValue(params.lr) },
    { key: 'batch_size', value: paramValue(params.batchSize) },
    { key: 'optimizer', value: params.optimizer },
    { key: 'dropout', value: paramValue(params.dropout) },
    { key: 'num_layers', value: paramValue(params.numLayers) },
    { key: 'seed', value: paramValue(params.seed) },
    { key: 'max_steps', value: paramValue(plannedSteps) },
  ];
}

function datasets(augmented: boolean): DatasetInputBody[] {
  const tensorSchema = (shape: number[], dtype: string): string =>
    JSON.stringify({
      mlflow_tensorspec: { features: JSON.stringify([{ type: 'tensor', 'tensor-spec': { dtype, shape } }]), targets: null },
    });
  return [
    {
      tags: [{ key: 'mlflow.data.context', value: 'training' }],
      dataset: {
        name: 'cifar10-train',
        digest: augmented ? '7c1e04b9' : 'e3b6a0f2',
        source_type: 's3',
        source: JSON.stringify({ uri: `s3://runboard-demo-datasets/cifar10/${augmented ? 'train-augmented-v2' : 'train'}` }),
        schema: tensorSchema([-1, 32, 32, 3], 'uint8'),
        profile: JSON.stringify({ features_shape: [50000, 32, 32, 3], features_size: 153600000, features_nbytes: 153600000 }),
      },
    },
    {
      tags: [{ key: 'mlflow.data.context', value: 'eval' }],
      dataset: {
        name: 'cifar10-test',
        digest: '5d0c9a71',
        source_type: 's3',
        source: JSON.stringify({ uri: 's3://runboard-demo-datasets/cifar10/test' }),
        schema: tensorSchema([-1, 32, 32, 3], 'uint8'),
        profile: JSON.stringify({ features_shape: [10000, 32, 32, 3], features_size: 30720000, features_nbytes: 30720000 }),
      },
    },
  ];
}

function commitFor(index: number): string {
  return new Random(`sweep-commit-${Math.floor(index / 80)}`).hex(40);
}

function sourceTags(user: string, index: number, extra: KeyValue[] = []): KeyValue[] {
  return [
    { key: 'mlflow.user', value: user },
    { key: 'mlflow.source.name', value: 'train.py' },
    { key: 'mlflow.source.type', value: 'LOCAL' },
    { key: 'mlflow.source.git.commit', value: commitFor(index) },
    { key: 'mlflow.source.git.branch', value: index < 160 ? 'main' : 'feature/augment-v2' },
    { key: 'mlflow.source.git.repoURL', value: 'git@github.com:runboard-demo/vision.git' },
    { key: 'team', value: 'vision' },
    ...extra,
  ];
}

function resnetModelSpec(params: SweepParams, random: Random): ModelSpec {
  return {
    flavor: 'pytorch',
    requirements: ['torch==2.4.1', 'torchvision==0.19.1', 'numpy==1.26.4', 'pillow==10.4.0'],
    signatureInputs: [{ type: 'tensor', 'tensor-spec': { dtype: 'float32', shape: [-1, 3, 32, 32] } }],
    signatureOutputs: [{ type: 'tensor', 'tensor-spec': { dtype: 'float32', shape: [-1, CLASSES.length] } }],
    weights: Array.from({ length: 24 }, () => Number(random.normal(0, 0.05).toFixed(6))),
    className: `ResNetSmall(num_layers=${params.numLayers}, dropout=${params.dropout})`,
  };
}

interface LoggedRun {
  runId: string;
  artifactUri: string;
}

async function logRun(
  api: DemoApi,
  experimentId: string,
  name: string,
  startTime: number,
  tags: KeyValue[],
  params: KeyValue[],
  training: Training,
  inputs: DatasetInputBody[],
): Promise<LoggedRun> {
  const info = await api.createRun(experimentId, name, startTime, tags);
  await api.logParamsAndTags(info.run_id, params, []);
  await api.logMetrics(info.run_id, training.metrics);
  await api.logInputs(info.run_id, inputs);
  if (training.status !== 'RUNNING') await api.finishRun(info.run_id, training.status, training.endTime);
  return { runId: info.run_id, artifactUri: info.artifact_uri ?? '' };
}

function summaryFiles(name: string, params: SweepParams, plannedSteps: number, training: Training): ArtifactFile[] {
  const config = toYaml({
    experiment: SWEEP_EXPERIMENT,
    run_name: name,
    model: { arch: 'resnet-small', num_layers: params.numLayers, dropout: params.dropout },
    optimizer: { name: params.optimizer, lr: paramValue(params.lr, 6), weight_decay: params.optimizer === 'adamw' ? 0.05 : 0 },
    data: { dataset: 'cifar10', batch_size: params.batchSize, num_workers: 8, augment: 'random_crop+hflip' },
    max_steps: plannedSteps,
    seed: params.seed,
  });
  const summary = {
    status: training.status,
    final: latestValues(training.metrics),
    final_val_accuracy: Number(training.finalValAccuracy.toFixed(4)),
  };
  return [
    { path: 'config.yaml', content: config, contentType: 'application/x-yaml' },
    { path: 'metrics_summary.json', content: JSON.stringify(summary, null, 2) + '\n', contentType: 'application/json' },
  ];
}

function detailFiles(name: string, training: Training, random: Random): ArtifactFile[] {
  const plot = renderLineChart({
    title: `${name} loss`,
    xLabel: 'step',
    series: [
      { label: 'train/loss', color: [31, 119, 180], points: seriesOf(training.metrics, 'train/loss') },
      { label: 'val/loss', color: [255, 127, 14], points: seriesOf(training.metrics, 'val/loss') },
    ],
  });
  return [
    { path: 'plots/loss_curve.png', content: plot, contentType: 'image/png' },
    { path: 'predictions.csv', content: predictionsCsv(random, CLASSES, training.finalValAccuracy, 200), contentType: 'text/csv' },
    { path: 'training.log', content: training.logLines.join('\n') + '\n', contentType: 'text/plain' },
  ];
}

function bestRunNote(run: SweepRunSummary): string {
  const { params } = run;
  return [
    '## Best run of the sweep',
    '',
    `**val/accuracy ${run.valAccuracy.toFixed(4)}** with ${params.optimizer}, lr=${paramValue(params.lr)}, dropout=${params.dropout}, ` +
      `${params.numLayers} layers, batch size ${params.batchSize}.`,
    '',
    '- registered as `resnet-classifier` (see the Models page)',
    '- deeper nets only pay off with dropout above ~0.15',
    '- see the `lr` vs `val/accuracy` scatter: every optimizer has a narrow sweet spot',
    '',
  ].join('\n');
}

/** Loads the sweep; returns its finished runs, best first, for the model registry. */
export async function loadImageClassifierSweep(api: DemoApi): Promise<SweepRunSummary[]> {
  const experimentId = await api.createExperiment(SWEEP_EXPERIMENT, [
    {
      key: 'mlflow.note.content',
      value:
        '# CIFAR-10 classifier sweep\n\nRandom search over learning rate, batch size, optimizer, dropout and depth for the `resnet-classifier` model. ' +
        'The `hyperopt-search` run holds a TPE search as nested runs.',
    },
    { key: 'mlflow.experimentKind', value: 'custom_model_development' },
    { key: 'team', value: 'vision' },
  ]);
  const names = new Set<string>();
  const finished: SweepRunSummary[] = [];
  const candidates = new Map<string, { name: string; training: Training; random: Random }>();

  // The hyperopt search ran first: a parent run with 12 sequential child trials.
  const parentRandom = new Random('hyperopt-parent');
  const parentStart = DEMO_EPOCH + 2 * HOUR;
  const parent = await api.createRun(experimentId, 'hyperopt-search', parentStart, [
    ...sourceTags('alice', 0),
    { key: 'mlflow.source.name', value: 'search.py' },
    {
      key: 'mlflow.note.content',
      value: 'TPE search (hyperopt) over `lr`, `dropout` and `num_layers` with AdamW, 12 trials. Trials are the nested runs below.',
    },
  ]);
  await api.logParamsAndTags(
    parent.run_id,
    [
      { key: 'algo', value: 'tpe' },
      { key: 'max_evals', value: String(HYPEROPT_TRIALS) },
      { key: 'objective', value: 'val/accuracy' },
      {
        key: 'search_space',
        value: JSON.stringify({ lr: 'loguniform(1e-4, 1e-2)', dropout: 'uniform(0, 0.4)', num_layers: 'choice(6, 8, 12)' }),
      },
    ],
    [],
  );
  let trialStart = parentStart + 30_000;
  let best = 0;
  const parentMetrics: Metric[] = [];
  for (let trial = 1; trial <= HYPEROPT_TRIALS; trial += 1) {
    const random = new Random(`hyperopt-trial-${trial}`);
    const spread = 1 - trial / (HYPEROPT_TRIALS + 2);
    const params: SweepParams = {
      lr: 10 ** clamp(LR_OPTIMUM.adamw + random.normal(0, 0.9 * spread), -4, -2),
      batchSize: 64,
      optimizer: 'adamw',
      dropout: Number(clamp(0.22 + random.normal(0, 0.15 * spread), 0, 0.4).toFixed(2)),
      numLayers: random.pick([6, 8, 12]),
      seed: trial,
    };
    const training = simulateTraining(params, 'finish', 300, trialStart, random);
    const trialName = `trial-${String(trial).padStart(2, '0')}`;
    const logged = await logRun(
      api,
      experimentId,
      trialName,
      trialStart,
      sourceTags('alice', 0, [
        { key: 'mlflow.parentRunId', value: parent.run_id },
        { key: 'mlflow.source.name', value: 'search.py' },
        { key: 'hyperopt.trial', value: String(trial) },
      ]),
      paramsList(params, 300),
      training,
      datasets(false),
    );
    await uploadFiles(api, logged.artifactUri, summaryFiles(trialName, params, 300, training));
    best = Math.max(best, training.finalValAccuracy);
    const trialEnd = training.endTime ?? trialStart;
    parentMetrics.push(
      point('best_val_accuracy', best, trial, trialEnd),
      point('trial_val_accuracy', training.finalValAccuracy, trial, trialEnd),
    );
    trialStart = trialEnd + random.int(5000, 20_000);
  }
  await api.logMetrics(parent.run_id, parentMetrics);
  await api.finishRun(parent.run_id, 'FINISHED', trialStart + parentRandom.int(2000, 6000));

  // The main sweep: four workers, a new run every ~7 minutes over a day and a half.
  const sweepStart = DEMO_EPOCH + DAY;
  const notes = new Map<string, string>();
  for (let index = 0; index < SWEEP_RUN_COUNT; index += 1) {
    const random = new Random(`sweep-run-${index}`);
    const params = sampleParams(random);
    const fate = chooseFate(index, params, random);
    const plannedSteps = random.int(300, 500);
    const startTime = sweepStart + index * 7 * MINUTE + random.int(0, 90_000);
    const name = runName(random, names);
    const training = simulateTraining(params, fate, plannedSteps, startTime, random);
    const extraTags: KeyValue[] = [{ key: 'sweep_id', value: 'sweep-2025-09-02' }];
    if (fate === 'diverge' && !notes.has('diverge')) {
      notes.set('diverge', name);
      extraTags.push({
        key: 'mlflow.note.content',
        value: `Diverged: **lr=${paramValue(params.lr)}** is far too high for ${params.optimizer}. The loss went to NaN; see \`training.log\`.`,
      });
    }
    if (fate === 'kill' && !notes.has('kill')) {
      notes.set('kill', name);
      extraTags.push({
        key: 'mlflow.note.content',
        value: 'Stopped by hand: the node was needed for an urgent eval job. Not worth re-running.',
      });
    }
    if (fate === 'oom' && !notes.has('oom')) {
      notes.set('oom', name);
      extraTags.push({
        key: 'mlflow.note.content',
        value: 'CUDA OOM with batch 256 × 12 layers on a 24 GB card. Needs gradient accumulation.',
      });
    }
    const user = random.pick(USERS);
    const logged = await logRun(
      api,
      experimentId,
      name,
      startTime,
      sourceTags(user, index, extraTags),
      paramsList(params, plannedSteps),
      training,
      datasets(index >= 160),
    );
    if (fate === 'finish') {
      await uploadFiles(api, logged.artifactUri, summaryFiles(name, params, plannedSteps, training));
      finished.push({
        runId: logged.runId,
        runName: name,
        artifactUri: logged.artifactUri,
        startTime,
        status: training.status,
        valAccuracy: training.finalValAccuracy,
        params,
      });
    } else if (fate !== 'running') {
      await uploadFiles(api, logged.artifactUri, [
        { path: 'training.log', content: training.logLines.join('\n') + '\n', contentType: 'text/plain' },
      ]);
    }
    // The best runs get plots, predictions, a log and a model once the whole sweep is known.
    if (fate === 'finish') candidates.set(logged.runId, { name, training, random: new Random(`sweep-run-files-${index}`) });
  }

  finished.sort((a, b) => b.valAccuracy - a.valAccuracy);
  const top = finished.slice(0, 8);
  for (const [rank, run] of top.entries()) {
    const candidate = candidates.get(run.runId);
    if (!candidate) continue;
    await uploadFiles(api, run.artifactUri, detailFiles(candidate.name, candidate.training, candidate.random));
    const model = buildModelFiles(
      resnetModelSpec(run.params, candidate.random),
      run.runId,
      (candidate.training.endTime ?? run.startTime) - 2000,
      candidate.random,
    );
    await uploadFiles(api, run.artifactUri, model.files);
    await api.logModel(run.runId, model.modelJson);
    if (rank === 0) await api.post('runs/set-tag', { run_id: run.runId, key: 'mlflow.note.content', value: bestRunNote(run) });
  }
  return top;
}
