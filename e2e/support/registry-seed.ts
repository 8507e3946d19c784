// Seeds the model registry through the REST API the way a training script would: a run logs
// metrics and params, uploads its model's MLmodel, and a version is registered from `runs:/`.
import type { Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { screenshotBothThemes, uniqueName, type MlflowApi } from './fixtures';

export interface SeedVersion {
  metrics: Record<string, number>;
  params: Record<string, string>;
  /** Signature input columns: name → MLflow type. */
  inputs?: Record<string, string>;
}

export interface SeededModel {
  name: string;
  experimentId: string;
  runIds: string[];
}

function mlModel(runId: string, inputs: Record<string, string>): string {
  const columns = Object.entries(inputs).map(([name, type]) => `{"type": "${type}", "name": "${name}", "required": true}`);
  return [
    'artifact_path: model',
    'flavors:',
    '  python_function:',
    '    loader_module: mlflow.sklearn',
    '    model_path: model.pkl',
    '    python_version: 3.11.9',
    '  sklearn:',
    '    code: null',
    '    pickled_model: model.pkl',
    '    sklearn_version: 1.5.2',
    'mlflow_version: 2.17.2',
    'model_size_bytes: 2048',
    `run_id: ${runId}`,
    'signature:',
    `  inputs: '[${columns.join(', ')}]'`,
    `  outputs: '[{"type": "long", "required": true}]'`,
    '  params: null',
    "utc_time_created: '2025-01-02 03:04:05.000000'",
    '',
  ].join('\n');
}

/** A run with metrics/params and a `model/MLmodel` artifact; returns its id. */
export async function seedModelRun(api: MlflowApi, experimentId: string, version: SeedVersion, runName: string): Promise<string> {
  const runId = await api.createRun(experimentId, { name: runName });
  await api.logBatch(runId, { metrics: Object.entries(version.metrics).map(([key, value]) => ({ key, value })), params: version.params });
  await api.uploadArtifact(experimentId, runId, 'model/MLmodel', mlModel(runId, version.inputs ?? { a: 'double', b: 'long' }), 'text/plain');
  await api.finishRun(runId);
  return runId;
}

/** Registers a version of `name` from a run's `model` folder; returns the version number. */
export async function registerVersion(api: MlflowApi, name: string, runId: string): Promise<string> {
  const result = await api.call<{ model_version: { version: string } }>('POST', 'model-versions/create', { name, source: `runs:/${runId}/model`, run_id: runId });
  return result.model_version.version;
}

/** A registered model with one version per entry, registered in order (version 1 first). */
export async function seedModel(api: MlflowApi, prefix: string, versions: SeedVersion[], options: { description?: string } = {}): Promise<SeededModel> {
  const name = uniqueName(prefix);
  const experimentId = await api.createExperiment(uniqueName(`${prefix}-exp`));
  await api.call('POST', 'registered-models/create', { name, description: options.description });
  const runIds: string[] = [];
  for (const [index, version] of versions.entries()) {
    const runId = await seedModelRun(api, experimentId, version, `${prefix}-run-${index + 1}`);
    await registerVersion(api, name, runId);
    runIds.push(runId);
  }
  return { name, experimentId, runIds };
}

export const modelUrl = (name: string): string => `/models/${encodeURIComponent(name)}`;

/** The versions table row of one version. */
export const versionRow = (page: Page, version: string) => page.getByRole('table', { name: 'Versions' }).locator(`tr[data-version="${version}"]`);

/** The stage badge of a version's row. */
export const rowStage = (page: Page, version: string) => versionRow(page, version).locator('[data-stage]');

/**
 * Both themes, taken from the top of the page (a scrolled page puts the sticky header mid-shot),
 * without the toasts of earlier steps covering the content. With a dialog open only the viewport
 * is taken: a full-page shot would leave the page below the fold undimmed by the backdrop.
 */
export async function screenshotRegistry(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  if ((await page.getByRole('dialog').count()) === 0) {
    const dismiss = page.getByRole('button', { name: 'Dismiss notification' });
    while ((await dismiss.count()) > 0) await dismiss.first().click();
    await screenshotBothThemes(page, name);
    return;
  }
  mkdirSync('e2e/screenshots', { recursive: true });
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.evaluate((theme) => {
      document.documentElement.dataset.theme = theme;
    }, scheme);
    // The page behind a modal is inert, so its toasts are hidden rather than dismissed.
    await page.screenshot({ path: `e2e/screenshots/${name}-${scheme}.png`, style: '.toast { visibility: hidden; }' });
  }
}
