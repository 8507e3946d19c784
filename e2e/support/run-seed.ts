// Seeding helpers shared by the app-shell, experiments, run-page and artifacts specs.
import { expect, type Page } from '@playwright/test';
import { uniqueName, type MlflowApi } from './fixtures';

export interface SeededRun {
  experimentId: string;
  experimentName: string;
  runId: string;
  runName: string;
}

/** An experiment with one finished run carrying params, a metric history and a user tag. */
export async function seedRun(api: MlflowApi, prefix: string): Promise<SeededRun> {
  const experimentName = uniqueName(prefix);
  const experimentId = await api.createExperiment(experimentName);
  const runName = uniqueName(`${prefix}-run`);
  const start = Date.now() - 60 * 60_000;
  const runId = await api.createRun(experimentId, { name: runName, startTime: start, tags: { 'mlflow.user': 'alice', owner: 'alice' } });
  await api.logBatch(runId, {
    params: { learning_rate: '0.01', batch_size: '32' },
    metrics: Array.from({ length: 50 }, (_, step) => ({ key: 'loss', value: 2 / (step + 1), step, timestamp: start + step * 1000 })),
  });
  await api.finishRun(runId, 'FINISHED', start + 125_000);
  return { experimentId, experimentName, runId, runName };
}

export function runUrl(run: Pick<SeededRun, 'experimentId' | 'runId'>): string {
  return `/experiments/${run.experimentId}/runs/${run.runId}`;
}

/** Makes the next calls to an MLflow endpoint fail with 500 and an MLflow error body. */
export async function failEndpoint(page: Page, endpoint: string, message: string): Promise<void> {
  await page.route(`**/ajax-api/2.0/mlflow/${endpoint}`, (route) =>
    route.fulfill({ status: 500, contentType: 'application/json', body: JSON.stringify({ error_code: 'INTERNAL_ERROR', message }) }),
  );
}

/** A 1×1 PNG. */
export const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

/** A toast of the given kind with this text is (or becomes) visible. */
export async function expectToast(page: Page, kind: 'success' | 'error', text: string | RegExp): Promise<void> {
  await expect(page.getByTestId(`toast-${kind}`).filter({ hasText: text }).first()).toBeVisible();
}
