// Experiment "tabular-baselines": 30 churn-prediction baselines (random forest, XGBoost, logistic
// regression) with `params.model` and single-value `acc`/`auc` metrics, good for filter demos
// (`params.model = 'xgboost' and metrics.auc > 0.85`). XGBoost runs also log per-round losses.
import type { KeyValue, Metric } from '../../src/lib/mlflow/wire-types.js';
import type { DatasetInputBody, DemoApi } from './demo-api.js';
import { buildModelFiles } from './model-artifacts.js';
import { Random, runName } from './random.js';
import { clamp, DEMO_EPOCH, HOUR, MINUTE, paramValue, point, predictionsCsv, toYaml, uploadFiles } from './run-files.js';

export const TABULAR_EXPERIMENT = 'tabular-baselines';
export const TABULAR_RUN_COUNT = 30;

type ModelKind = 'rf' | 'xgboost' | 'logreg';
const KINDS: readonly ModelKind[] = ['rf', 'xgboost', 'logreg'];

export interface TabularRun {
  runId: string;
  runName: string;
  artifactUri: string;
  model: ModelKind;
  auc: number;
  startTime: number;
}

const FEATURES = [
  { type: 'long', name: 'tenure_months' },
  { type: 'double', name: 'monthly_charges' },
  { type: 'double', name: 'total_charges' },
  { type: 'string', name: 'contract' },
  { type: 'string', name: 'payment_method' },
  { type: 'long', name: 'support_tickets_90d' },
  { type: 'boolean', name: 'has_fiber' },
];

const CHURN_INPUTS: DatasetInputBody[] = [
  {
    tags: [{ key: 'mlflow.data.context', value: 'training' }],
    dataset: {
      name: 'churn-2025q2',
      digest: '61d0b7aa',
      source_type: 'delta_table',
      source: JSON.stringify({ delta_table_name: 'analytics.churn_features', delta_table_version: 42 }),
      schema: JSON.stringify({ mlflow_colspec: [...FEATURES, { type: 'boolean', name: 'churned' }] }),
      profile: JSON.stringify({ num_rows: 48210, num_elements: 385680 }),
    },
  },
  {
    tags: [{ key: 'mlflow.data.context', value: 'eval' }],
    dataset: {
      name: 'churn-2025q2-holdout',
      digest: 'c9f3e580',
      source_type: 'delta_table',
      source: JSON.stringify({ delta_table_name: 'analytics.churn_features_holdout', delta_table_version: 42 }),
      schema: JSON.stringify({ mlflow_colspec: [...FEATURES, { type: 'boolean', name: 'churned' }] }),
      profile: JSON.stringify({ num_rows: 12053, num_elements: 96424 }),
    },
  },
];

function modelParams(kind: ModelKind, random: Random): { params: KeyValue[]; strength: number } {
  switch (kind) {
    case 'rf': {
      const trees = random.pick([100, 200, 400, 800]);
      const depth = random.pick([6, 10, 16, 24]);
      const leaf = random.pick([1, 5, 20]);
      return {
        params: [
          { key: 'n_estimators', value: String(trees) },
          { key: 'max_depth', value: String(depth) },
          { key: 'min_samples_leaf', value: String(leaf) },
          { key: 'class_weight', value: random.pick(['balanced', 'None']) },
        ],
        strength: 0.55 + (0.2 * Math.log2(trees / 100)) / 3 + (depth >= 10 && depth <= 16 ? 0.15 : 0) + (leaf === 5 ? 0.1 : 0),
      };
    }
    case 'xgboost': {
      const rounds = random.pick([200, 300, 500]);
      const eta = random.logUniform(0.01, 0.3);
      const depth = random.int(3, 9);
      return {
        params: [
          { key: 'n_estimators', value: String(rounds) },
          { key: 'learning_rate', value: paramValue(eta) },
          { key: 'max_depth', value: String(depth) },
          { key: 'subsample', value: paramValue(random.pick([0.7, 0.8, 1])) },
          { key: 'colsample_bytree', value: paramValue(random.pick([0.6, 0.8, 1])) },
          { key: 'early_stopping_rounds', value: '30' },
        ],
        strength: 0.7 + 0.3 * Math.exp(-0.5 * ((Math.log10(eta) + 1.3) / 0.5) ** 2) - 0.04 * Math.abs(depth - 6),
      };
    }
    case 'logreg': {
      const c = random.logUniform(0.001, 100);
      return {
        params: [
          { key: 'C', value: paramValue(c) },
          { key: 'penalty', value: random.pick(['l2', 'l1']) },
          { key: 'solver', value: 'saga' },
          { key: 'max_iter', value: '1000' },
        ],
        strength: 0.3 + 0.2 * Math.exp(-0.5 * (Math.log10(c) / 1.2) ** 2),
      };
    }
  }
}

/** Loads the experiment; returns the XGBoost runs (oldest first) for the model registry. */
export async function loadTabularBaselines(api: DemoApi): Promise<TabularRun[]> {
  const experimentId = await api.createExperiment(TABULAR_EXPERIMENT, [
    {
      key: 'mlflow.note.content',
      value:
        '# Churn baselines\n\nRandom forest, XGBoost and logistic regression on the Q2 churn snapshot. Compare on `auc`; filter with `params.model`.',
    },
    { key: 'mlflow.experimentKind', value: 'custom_model_development' },
    { key: 'team', value: 'growth' },
  ]);
  const names = new Set<string>();
  const xgboostRuns: TabularRun[] = [];
  for (let index = 0; index < TABULAR_RUN_COUNT; index += 1) {
    const random = new Random(`tabular-run-${index}`);
    const kind = KINDS[index % KINDS.length] ?? 'rf';
    const { params, strength } = modelParams(kind, random);
    const auc = clamp(0.74 + 0.16 * strength + random.normal(0, 0.006), 0.6, 0.95);
    const acc = clamp(0.7 + 0.55 * (auc - 0.74) + random.normal(0, 0.005), 0.6, 0.93);
    const f1 = clamp(acc - 0.21 + random.normal(0, 0.01), 0.3, 0.8);
    const startTime = DEMO_EPOCH - 2 * 24 * HOUR + index * 17 * MINUTE + random.int(0, 60_000);
    const trainSeconds = kind === 'logreg' ? random.uniform(2, 9) : kind === 'rf' ? random.uniform(30, 240) : random.uniform(20, 120);
    const endTime = startTime + Math.round(trainSeconds * 1000) + 6000;
    const name = runName(random, names);
    const user = random.pick(['farah', 'farah', 'gus']);
    const info = await api.createRun(experimentId, name, startTime, [
      { key: 'mlflow.user', value: user },
      { key: 'mlflow.source.name', value: 'notebooks/churn_baselines.ipynb' },
      { key: 'mlflow.source.type', value: 'NOTEBOOK' },
      { key: 'team', value: index % 4 === 3 ? 'ml-platform' : 'growth' },
      {
        key: 'estimator_class',
        value: {
          rf: 'sklearn.ensemble.RandomForestClassifier',
          xgboost: 'xgboost.XGBClassifier',
          logreg: 'sklearn.linear_model.LogisticRegression',
        }[kind],
      },
    ]);
    await api.logParamsAndTags(
      info.run_id,
      [{ key: 'model', value: kind }, { key: 'random_state', value: String(42 + index) }, ...params],
      [],
    );
    const metrics: Metric[] = [
      point('acc', acc, 0, endTime - 2000),
      point('auc', auc, 0, endTime - 2000),
      point('f1', f1, 0, endTime - 2000),
      point('log_loss', 0.62 - (0.45 * (auc - 0.6)) / 0.35 + random.normal(0, 0.01), 0, endTime - 2000),
      point('train_time_s', trainSeconds, 0, endTime - 2000),
    ];
    if (kind === 'xgboost') {
      const rounds = Number(params.find((param) => param.key === 'n_estimators')?.value ?? 300);
      const floor = 0.62 - (0.45 * (auc - 0.6)) / 0.35;
      for (let round = 0; round < rounds; round += 1) {
        const time = startTime + 3000 + Math.round((round / rounds) * trainSeconds * 1000);
        const train = floor * 0.8 + (0.69 - floor * 0.8) * Math.exp(-round / 40);
        const valid = floor + (0.69 - floor) * Math.exp(-round / 40) + 0.00012 * Math.max(0, round - 150) + random.normal(0, 0.002);
        metrics.push(point('train-logloss', train, round, time), point('valid-logloss', valid, round, time));
      }
    }
    await api.logMetrics(info.run_id, metrics);
    await api.logInputs(info.run_id, CHURN_INPUTS);
    const artifactUri = info.artifact_uri ?? '';
    await uploadFiles(api, artifactUri, [
      {
        path: 'params.yaml',
        content: toYaml(Object.fromEntries(params.map((param) => [param.key, param.value ?? '']))),
        contentType: 'application/x-yaml',
      },
      { path: 'metrics_summary.json', content: JSON.stringify({ acc, auc, f1 }, null, 2) + '\n', contentType: 'application/json' },
    ]);
    if (kind === 'xgboost') {
      const model = buildModelFiles(
        {
          flavor: 'sklearn',
          requirements: ['xgboost==2.1.1', 'scikit-learn==1.5.2', 'pandas==2.2.3'],
          signatureInputs: FEATURES.map((feature) => ({ ...feature, required: true })),
          signatureOutputs: [{ type: 'long', required: true }],
          weights: Array.from({ length: FEATURES.length }, () => Number(random.uniform(0, 0.4).toFixed(5))),
          className: 'xgboost.XGBClassifier',
        },
        info.run_id,
        endTime - 1000,
        random,
      );
      await uploadFiles(api, artifactUri, [
        ...model.files,
        { path: 'predictions.csv', content: predictionsCsv(random, ['churned', 'retained'], acc, 300), contentType: 'text/csv' },
      ]);
      await api.logModel(info.run_id, model.modelJson);
      xgboostRuns.push({ runId: info.run_id, runName: name, artifactUri, model: kind, auc, startTime });
    }
    await api.finishRun(info.run_id, 'FINISHED', endTime);
  }
  return xgboostRuns;
}
