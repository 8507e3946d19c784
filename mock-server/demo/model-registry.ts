// The demo's registered models, created from the runs that logged a `model/` directory: every stage
// (None, Staging, Production, Archived), `champion`/`challenger` aliases, descriptions and tags.
import type { KeyValue, ModelStage } from '../../src/lib/mlflow/wire-types.js';
import type { DemoApi } from './demo-api.js';

export const REGISTERED_MODELS = ['resnet-classifier', 'churn-xgboost', 'sentiment-bert'] as const;

interface VersionPlan {
  runId: string;
  stage: ModelStage;
  alias?: 'champion' | 'challenger';
  description: string;
  tags: KeyValue[];
}

interface ModelPlan {
  name: string;
  description: string;
  tags: KeyValue[];
  versions: VersionPlan[];
}

async function registerModel(api: DemoApi, plan: ModelPlan): Promise<void> {
  await api.createRegisteredModel(plan.name, plan.description, plan.tags);
  for (const version of plan.versions) {
    const created = await api.createModelVersion(plan.name, version.runId, version.description, version.tags);
    if (version.stage !== 'None') await api.transitionStage(plan.name, created.version, version.stage);
    if (version.alias) await api.setAlias(plan.name, version.alias, created.version);
  }
}

function accuracyTag(key: string, value: number): KeyValue {
  return { key, value: value.toFixed(4) };
}

export interface RegistryInputs {
  /** Best sweep runs, best first. */
  resnetRuns: { runId: string; runName: string; valAccuracy: number }[];
  /** XGBoost baseline runs. */
  xgboostRuns: { runId: string; runName: string; auc: number }[];
  /** SST-2 fine-tuning runs, in the order they ran. */
  sentimentRuns: { runId: string; runName: string; accuracy: number }[];
}

export async function loadModelRegistry(api: DemoApi, inputs: RegistryInputs): Promise<void> {
  // resnet-classifier: four versions from the sweep's best runs, registered worst to best.
  const resnet = inputs.resnetRuns.slice(0, 4).reverse();
  const resnetStages: Pick<VersionPlan, 'stage' | 'alias' | 'description'>[] = [
    { stage: 'Archived', description: 'First sweep winner. Superseded.' },
    { stage: 'Archived', description: 'Retired after the augmentation change.' },
    { stage: 'Production', alias: 'champion', description: 'Serving since the September release.' },
    { stage: 'Staging', alias: 'challenger', description: 'Best sweep run; in shadow evaluation against the champion.' },
  ];
  await registerModel(api, {
    name: 'resnet-classifier',
    description: 'Small ResNet for 10-class image classification (CIFAR-10 labels). Trained in `image-classifier-sweep`.',
    tags: [
      { key: 'task', value: 'image-classification' },
      { key: 'owner', value: 'vision' },
      { key: 'framework', value: 'pytorch' },
    ],
    versions: resnet.map((run, index) => ({
      runId: run.runId,
      ...(resnetStages[index] ?? { stage: 'None', description: '' }),
      tags: [
        accuracyTag('val_accuracy', run.valAccuracy),
        { key: 'source_run', value: run.runName },
        { key: 'validation_status', value: index === 3 ? 'pending' : 'approved' },
      ],
    })),
  });

  // churn-xgboost: the three best XGBoost baselines, registered worst to best.
  const churn = [...inputs.xgboostRuns].sort((a, b) => a.auc - b.auc).slice(-3);
  const churnStages: Pick<VersionPlan, 'stage' | 'alias' | 'description'>[] = [
    { stage: 'Archived', description: 'Baseline from the first churn snapshot.' },
    { stage: 'Production', alias: 'champion', description: 'Current production scorer for the weekly churn campaign.' },
    { stage: 'Staging', alias: 'challenger', description: 'Tuned learning rate and depth; waiting for the A/B test slot.' },
  ];
  await registerModel(api, {
    name: 'churn-xgboost',
    description: 'Gradient-boosted churn classifier on the `analytics.churn_features` table. Scores customers weekly.',
    tags: [
      { key: 'task', value: 'binary-classification' },
      { key: 'owner', value: 'growth' },
      { key: 'framework', value: 'xgboost' },
    ],
    versions: churn.map((run, index) => ({
      runId: run.runId,
      ...(churnStages[index] ?? { stage: 'None', description: '' }),
      tags: [accuracyTag('auc', run.auc), { key: 'source_run', value: run.runName }],
    })),
  });

  // sentiment-bert: the first fine-tune serves, a better one is the challenger (not staged yet).
  const mostAccurate = [...inputs.sentimentRuns].sort((a, b) => b.accuracy - a.accuracy)[0];
  const sentiment = [inputs.sentimentRuns[0], mostAccurate].filter((run): run is NonNullable<typeof run> => run !== undefined);
  await registerModel(api, {
    name: 'sentiment-bert',
    description: 'BERT-base fine-tuned on SST-2 for binary sentiment. Base checkpoint from `long-pretraining`.',
    tags: [
      { key: 'task', value: 'text-classification' },
      { key: 'owner', value: 'nlp' },
      { key: 'framework', value: 'transformers' },
    ],
    versions: sentiment.map((run, index) => ({
      runId: run.runId,
      stage: index === 0 ? 'Production' : 'None',
      alias: index === 0 ? 'champion' : 'challenger',
      description:
        index === 0 ? 'First fine-tune; serving the support-ticket triage.' : 'Higher accuracy on SST-2 validation; needs a latency check.',
      tags: [accuracyTag('eval_accuracy', run.accuracy), { key: 'source_run', value: run.runName }],
    })),
  });
}
