// `runboard --demo`: fills an empty store with deterministic, realistic demo data through the REST
// API (in-process `app.inject`, so the same validation and services as any client): a 240-run
// hyperparameter sweep with nested hyperopt trials, a 100,000-step pretraining run, tabular
// baselines, datasets, artifacts (plots, JSON, YAML, CSV, logs, MLmodel directories) and three
// registered models with stages and aliases, and a support assistant's LLM traces.
import type { FastifyInstance } from 'fastify';
import { DemoApi } from './demo-api.js';
import { loadImageClassifierSweep } from './image-classifier-sweep.js';
import { loadLlmTraces } from './llm-traces.js';
import { loadLongPretraining } from './long-pretraining.js';
import { loadModelRegistry } from './model-registry.js';
import { loadTabularBaselines } from './tabular-baselines.js';

import { setDemoClock } from './run-files.js';

export { DEMO_EPOCH, DEMO_SPAN } from './run-files.js';
export { HYPEROPT_TRIALS, SWEEP_EXPERIMENT, SWEEP_RUN_COUNT } from './image-classifier-sweep.js';
export { PRETRAINING_EXPERIMENT, PRETRAINING_RUN, PRETRAINING_STEPS } from './long-pretraining.js';
export { TABULAR_EXPERIMENT, TABULAR_RUN_COUNT } from './tabular-baselines.js';
export { REGISTERED_MODELS } from './model-registry.js';
export { DEMO_TRACE_COUNT, TRACES_EXPERIMENT, TRACES_RUN } from './llm-traces.js';

const DEFAULT_EXPERIMENT_ID = '0';

/**
 * Loads the demo data unless the store already holds an experiment besides Default (active or
 * deleted). Returns whether it loaded anything. Times are relative to `now` (default: the clock),
 * so the demo reads as recent work with runs still going; a fixed `now` gives identical data.
 */
export async function loadDemoData(app: FastifyInstance, options: { now?: number } = {}): Promise<boolean> {
  const api = new DemoApi(app);
  const experiments = await api.searchExperiments();
  if (experiments.some((experiment) => experiment.experiment_id !== DEFAULT_EXPERIMENT_ID)) return false;
  setDemoClock(options.now ?? Date.now());

  const tabular = await loadTabularBaselines(api);
  const finetunes = await loadLongPretraining(api);
  const sweep = await loadImageClassifierSweep(api);
  await loadModelRegistry(api, { resnetRuns: sweep, xgboostRuns: tabular, sentimentRuns: finetunes });
  await loadLlmTraces(app, api);
  return true;
}
