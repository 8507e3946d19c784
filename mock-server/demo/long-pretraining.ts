// Experiment "long-pretraining": a 100,000-step BERT pretraining run (loss, lr schedule, grad_norm
// at every step, streamed in 1000-point log-batch calls), an earlier attempt that diverged, and
// three short SST-2 fine-tuning runs that feed the "sentiment-bert" registered model.
import type { KeyValue, Metric } from '../../src/lib/mlflow/wire-types.js';
import type { DatasetInputBody, DemoApi } from './demo-api.js';
import { renderLineChart } from './line-chart.js';
import { buildModelFiles } from './model-artifacts.js';
import { Random } from './random.js';
import { DAY, DEMO_EPOCH, HOUR, latestValues, logTime, paramValue, point, toYaml, uploadFiles, type ArtifactFile } from './run-files.js';

export const PRETRAINING_EXPERIMENT = 'long-pretraining';
export const PRETRAINING_RUN = 'bert-base-pretrain';
export const PRETRAINING_STEPS = 100_000;

const WARMUP_STEPS = 2000;
const EVAL_EVERY = 1000;

export interface FinetuneRun {
  runId: string;
  runName: string;
  artifactUri: string;
  accuracy: number;
}

function sourceTags(user: string, source: string): KeyValue[] {
  return [
    { key: 'mlflow.user', value: user },
    { key: 'mlflow.source.name', value: source },
    { key: 'mlflow.source.type', value: 'JOB' },
    { key: 'mlflow.source.git.commit', value: new Random(`pretrain-commit-${source}`).hex(40) },
    { key: 'mlflow.source.git.repoURL', value: 'git@github.com:runboard-demo/language.git' },
    { key: 'team', value: 'nlp' },
  ];
}

const CORPUS_INPUTS: DatasetInputBody[] = [
  {
    tags: [{ key: 'mlflow.data.context', value: 'training' }],
    dataset: {
      name: 'wikipedia-en-20231101',
      digest: 'b41f9e2c',
      source_type: 'hugging_face',
      source: JSON.stringify({ path: 'wikimedia/wikipedia', config_name: '20231101.en', split: 'train', revision: 'b04c8d1c' }),
      profile: JSON.stringify({ num_rows: 6407814 }),
    },
  },
  {
    tags: [{ key: 'mlflow.data.context', value: 'training' }],
    dataset: {
      name: 'bookcorpus',
      digest: '0e7a6d35',
      source_type: 'hugging_face',
      source: JSON.stringify({ path: 'bookcorpus/bookcorpus', split: 'train' }),
      profile: JSON.stringify({ num_rows: 74004228 }),
    },
  },
  {
    tags: [{ key: 'mlflow.data.context', value: 'eval' }],
    dataset: {
      name: 'wikitext-103-valid',
      digest: '9c3d5a18',
      source_type: 'hugging_face',
      source: JSON.stringify({ path: 'Salesforce/wikitext', config_name: 'wikitext-103-raw-v1', split: 'validation' }),
      profile: JSON.stringify({ num_rows: 3760 }),
    },
  },
];

/** Warm-up to `peak`, then cosine decay to a tenth of it. */
function learningRate(step: number, peak: number, totalSteps: number): number {
  if (step < WARMUP_STEPS) return (peak * (step + 1)) / WARMUP_STEPS;
  const progress = (step - WARMUP_STEPS) / (totalSteps - WARMUP_STEPS);
  return peak * (0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * progress)));
}

interface PretrainOptions {
  name: string;
  peakLr: number;
  plannedSteps: number;
  /** The step at which the loss goes to NaN, for the failed attempt. */
  divergeAt?: number;
  startTime: number;
  seed: string;
  /** Log every n-th step (and the last one). */
  logEvery: number;
}

interface PretrainResult {
  runId: string;
  artifactUri: string;
  endTime: number;
  lastStep: number;
  logLines: string[];
  /** Every 100th step of the loss, for the plot. */
  lossSample: [number, number][];
  evalLoss: [number, number][];
  final: Record<string, number | string>;
}

const SPIKES = [
  { at: 18_400, height: 0.9 },
  { at: 47_250, height: 2.4 },
  { at: 83_900, height: 0.6 },
];

async function logPretraining(api: DemoApi, experimentId: string, options: PretrainOptions): Promise<PretrainResult> {
  const random = new Random(options.seed);
  const info = await api.createRun(experimentId, options.name, options.startTime, sourceTags('dmitri', 'pretrain/run_mlm.py'));
  await api.logParamsAndTags(
    info.run_id,
    [
      { key: 'model_name', value: 'bert-base-uncased' },
      { key: 'max_steps', value: String(options.plannedSteps) },
      { key: 'learning_rate', value: paramValue(options.peakLr) },
      { key: 'warmup_steps', value: String(WARMUP_STEPS) },
      { key: 'lr_schedule', value: 'cosine' },
      { key: 'global_batch_size', value: '256' },
      { key: 'seq_len', value: '512' },
      { key: 'optimizer', value: 'adamw' },
      { key: 'weight_decay', value: '0.01' },
      { key: 'precision', value: 'bf16' },
      { key: 'num_gpus', value: '8' },
    ],
    [],
  );
  await api.logInputs(info.run_id, CORPUS_INPUTS);

  const writer = api.metricWriter(info.run_id);
  const lastStep = options.divergeAt ?? options.plannedSteps - 1;
  const logLines = [
    `${logTime(options.startTime + 5000)} INFO  run_mlm.py: training bert-base-uncased for ${options.plannedSteps} steps on 8 GPUs`,
  ];
  const lossSample: [number, number][] = [];
  const evalLoss: [number, number][] = [];
  const latest: Metric[] = [];
  let time = options.startTime + 90_000;
  let gradSpike = 0;
  for (let step = 0; step <= lastStep; step += 1) {
    time += random.uniform(820, 900);
    const lr = learningRate(step, options.peakLr, options.plannedSteps);
    let clean = 1.55 + 8.9 * (1 + step / 1200) ** -0.6;
    for (const spike of SPIKES) {
      if (step >= spike.at) clean += spike.height * Math.exp(-(step - spike.at) / 350) * (step === spike.at ? 0.6 : 1);
      if (step === spike.at) gradSpike = 9 * spike.height;
    }
    // Too high a learning rate: the loss drifts up, then explodes.
    if (options.divergeAt !== undefined && step > options.divergeAt - 600) clean += Math.exp((step - (options.divergeAt - 600)) / 90) - 1;
    let loss = clean * (1 + random.normal(0, 0.012 + 0.03 * Math.exp(-step / 20_000)));
    if (step === options.divergeAt) loss = NaN;
    gradSpike *= 0.9;
    const gradNorm = (0.35 + 2.5 * Math.exp(-step / 4000)) * Math.exp(random.normal(0, 0.15)) + gradSpike;
    const points = [point('loss', loss, step, time), point('lr', lr, step, time), point('grad_norm', gradNorm, step, time)];
    if (step % options.logEvery === 0 || step === lastStep) await writer.push(...points);
    if (step % 100 === 0) lossSample.push([step, loss]);
    if (step % EVAL_EVERY === 0 && step > 0 && Number.isFinite(loss)) {
      const evalValue = clean * (1.02 + random.normal(0, 0.004));
      const evalTime = time + 40_000;
      time = evalTime;
      const evalPoint = point('eval/loss', evalValue, step, evalTime);
      points.push(evalPoint);
      await writer.push(evalPoint);
      evalLoss.push([step, evalValue]);
      logLines.push(
        `${logTime(time)} INFO  run_mlm.py: step=${step} loss=${loss.toFixed(4)} lr=${lr.toExponential(3)} grad_norm=${gradNorm.toFixed(3)} eval/loss=${evalValue.toFixed(4)}`,
      );
    }
    if (step === lastStep) latest.push(...points);
  }
  await writer.flush();
  const endTime = time + 60_000;
  if (options.divergeAt !== undefined) {
    logLines.push(`${logTime(endTime)} ERROR run_mlm.py: loss is NaN at step ${options.divergeAt}, aborting`);
    logLines.push('RuntimeError: non-finite loss detected (nan); consider a lower learning rate or more warmup');
  } else logLines.push(`${logTime(endTime)} INFO  run_mlm.py: training complete`);
  await api.finishRun(info.run_id, options.divergeAt === undefined ? 'FINISHED' : 'FAILED', endTime);
  return {
    runId: info.run_id,
    artifactUri: info.artifact_uri ?? '',
    endTime,
    lastStep,
    logLines,
    lossSample,
    evalLoss,
    final: latestValues(latest),
  };
}

function pretrainFiles(options: PretrainOptions, result: PretrainResult): ArtifactFile[] {
  const plot = renderLineChart({
    title: `${options.name} loss`,
    xLabel: 'step',
    series: [
      { label: 'loss', color: [31, 119, 180], points: result.lossSample },
      { label: 'eval/loss', color: [255, 127, 14], points: result.evalLoss },
    ],
  });
  const config = toYaml({
    model: { name: 'bert-base-uncased', hidden_size: 768, num_layers: 12, num_heads: 12, vocab_size: 30522 },
    optimizer: { name: 'adamw', lr: paramValue(options.peakLr), weight_decay: 0.01, betas: '[0.9, 0.98]' },
    schedule: { warmup_steps: WARMUP_STEPS, decay: 'cosine', max_steps: options.plannedSteps },
    data: { mlm_probability: 0.15, seq_len: 512, global_batch_size: 256 },
    precision: 'bf16',
  });
  return [
    { path: 'config.yaml', content: config, contentType: 'application/x-yaml' },
    { path: 'training.log', content: result.logLines.join('\n') + '\n', contentType: 'text/plain' },
    { path: 'plots/loss_curve.png', content: plot, contentType: 'image/png' },
    {
      path: 'metrics_summary.json',
      content: JSON.stringify({ steps: result.lastStep + 1, final: result.final }, null, 2) + '\n',
      contentType: 'application/json',
    },
  ];
}

const SST2_INPUTS: DatasetInputBody[] = [
  {
    tags: [{ key: 'mlflow.data.context', value: 'training' }],
    dataset: {
      name: 'sst2',
      digest: '3f6e2b90',
      source_type: 'hugging_face',
      source: JSON.stringify({ path: 'stanfordnlp/sst2', split: 'train' }),
      schema: JSON.stringify({
        mlflow_colspec: [
          { type: 'string', name: 'sentence' },
          { type: 'long', name: 'label' },
        ],
      }),
      profile: JSON.stringify({ num_rows: 67349 }),
    },
  },
  {
    tags: [{ key: 'mlflow.data.context', value: 'eval' }],
    dataset: {
      name: 'sst2-validation',
      digest: 'a82c17d4',
      source_type: 'hugging_face',
      source: JSON.stringify({ path: 'stanfordnlp/sst2', split: 'validation' }),
      schema: JSON.stringify({
        mlflow_colspec: [
          { type: 'string', name: 'sentence' },
          { type: 'long', name: 'label' },
        ],
      }),
      profile: JSON.stringify({ num_rows: 872 }),
    },
  },
];

const FINETUNES = [
  { name: 'sst2-finetune-lr2e-5', lr: 2e-5, accuracy: 0.9128 },
  { name: 'sst2-finetune-lr3e-5', lr: 3e-5, accuracy: 0.9266 },
  { name: 'sst2-finetune-lr5e-5', lr: 5e-5, accuracy: 0.9151 },
];

async function logFinetunes(api: DemoApi, experimentId: string, pretrainRunId: string, start: number): Promise<FinetuneRun[]> {
  const runs: FinetuneRun[] = [];
  let startTime = start;
  for (const [index, finetune] of FINETUNES.entries()) {
    const random = new Random(`finetune-${index}`);
    const name = finetune.name;
    const info = await api.createRun(experimentId, name, startTime, [
      ...sourceTags('erin', 'finetune/run_glue.py'),
      { key: 'base_model_run_id', value: pretrainRunId },
      { key: 'task', value: 'sentiment' },
    ]);
    await api.logParamsAndTags(
      info.run_id,
      [
        { key: 'base_model', value: `runs:/${pretrainRunId}/checkpoint-100000` },
        { key: 'learning_rate', value: paramValue(finetune.lr) },
        { key: 'num_train_epochs', value: '3' },
        { key: 'per_device_train_batch_size', value: '32' },
        { key: 'max_seq_length', value: '128' },
        { key: 'warmup_ratio', value: '0.06' },
      ],
      [],
    );
    await api.logInputs(info.run_id, SST2_INPUTS);
    const metrics: Metric[] = [];
    let time = startTime + 30_000;
    const steps = 6315; // 3 epochs of 67,349 sentences at batch 32
    for (let step = 0; step < steps; step += 15) {
      time += 15 * random.uniform(95, 110);
      const decay = Math.exp(-step / ((700 * 2e-5) / finetune.lr));
      metrics.push(point('train/loss', 0.08 + 0.61 * decay + Math.abs(random.normal(0, 0.04)), step, time));
      if (step % 525 === 0 && step > 0) {
        const accuracy = finetune.accuracy - 0.1 * Math.exp(-step / 1200) + random.normal(0, 0.003);
        metrics.push(
          point('eval/accuracy', accuracy, step, time + 8000),
          point('eval/f1', accuracy - 0.004 + random.normal(0, 0.002), step, time + 8000),
        );
      }
    }
    metrics.push(
      point('eval/accuracy', finetune.accuracy, steps, time + 9000),
      point('eval/f1', finetune.accuracy - 0.003, steps, time + 9000),
    );
    await api.logMetrics(info.run_id, metrics);
    const endTime = time + 20_000;
    const model = buildModelFiles(
      {
        flavor: 'pytorch',
        requirements: ['torch==2.4.1', 'transformers==4.44.2', 'tokenizers==0.19.1'],
        signatureInputs: [{ type: 'string', name: 'text', required: true }],
        signatureOutputs: [
          { type: 'string', name: 'label', required: true },
          { type: 'double', name: 'score', required: true },
        ],
        weights: Array.from({ length: 16 }, () => Number(random.normal(0, 0.02).toFixed(6))),
        className: 'BertForSequenceClassification(num_labels=2)',
      },
      info.run_id,
      endTime - 5000,
      random,
    );
    const artifactUri = info.artifact_uri ?? '';
    await uploadFiles(api, artifactUri, [
      ...model.files,
      {
        path: 'metrics_summary.json',
        content:
          JSON.stringify({ eval_accuracy: finetune.accuracy, eval_f1: Number((finetune.accuracy - 0.003).toFixed(4)) }, null, 2) + '\n',
        contentType: 'application/json',
      },
    ]);
    await api.logModel(info.run_id, model.modelJson);
    await api.finishRun(info.run_id, 'FINISHED', endTime);
    runs.push({ runId: info.run_id, runName: name, artifactUri, accuracy: finetune.accuracy });
    startTime = endTime + 3 * HOUR;
  }
  return runs;
}

/** Loads the experiment; returns the fine-tuning runs for the model registry. */
export async function loadLongPretraining(api: DemoApi): Promise<FinetuneRun[]> {
  const experimentId = await api.createExperiment(PRETRAINING_EXPERIMENT, [
    {
      key: 'mlflow.note.content',
      value:
        '# BERT-base pretraining\n\nMasked-language-model pretraining on Wikipedia + BookCorpus, 100k steps on 8 GPUs. ' +
        'Metrics are logged at every step: use the history charts with zoom. The `sst2-finetune-*` runs fine-tune the final checkpoint.',
    },
    { key: 'mlflow.experimentKind', value: 'custom_model_development' },
    { key: 'team', value: 'nlp' },
  ]);
  const failedOptions: PretrainOptions = {
    name: 'bert-base-pretrain-lr3e-4',
    peakLr: 3e-4,
    plannedSteps: PRETRAINING_STEPS,
    divergeAt: 12_340,
    startTime: DEMO_EPOCH - 6 * DAY,
    seed: 'pretrain-failed',
    logEvery: 10,
  };
  const failed = await logPretraining(api, experimentId, failedOptions);
  await uploadFiles(api, failed.artifactUri, pretrainFiles(failedOptions, failed).slice(0, 2));
  await api.post('runs/set-tag', {
    run_id: failed.runId,
    key: 'mlflow.note.content',
    value: 'Diverged around step 12k with peak lr 3e-4. Restarted as `bert-base-pretrain` with 1e-4.',
  });

  const mainOptions: PretrainOptions = {
    name: PRETRAINING_RUN,
    peakLr: 1e-4,
    plannedSteps: PRETRAINING_STEPS,
    startTime: failed.endTime + 5 * HOUR,
    seed: 'pretrain-main',
    logEvery: 1,
  };
  const main = await logPretraining(api, experimentId, mainOptions);
  await uploadFiles(api, main.artifactUri, pretrainFiles(mainOptions, main));
  return logFinetunes(api, experimentId, main.runId, main.endTime + 2 * HOUR);
}
