// Live values (issue 12): a point logged to a RUNNING run shows within 2 s on every page that
// shows it: the runs table, the run page (its chart), the run's metric page and the chart view.
// Each measure starts when log-batch has answered and ends when the page shows the new point.
import type { Page } from '@playwright/test';
import { chartState, waitForCharts } from './charts-support';
import { expect, test, uniqueName, type MlflowApi } from './support/fixtures';

test.use({ viewport: { width: 1440, height: 900 } });

const LIVE_WITHIN_MS = 2_000;

async function seedRunning(api: MlflowApi): Promise<{ experimentId: string; runId: string }> {
  const experimentId = await api.createExperiment(uniqueName('live-updates'));
  const runId = await api.createRun(experimentId, { name: 'live', startTime: Date.now() - 60_000 });
  await api.logBatch(runId, { metrics: Array.from({ length: 20 }, (_, step) => ({ key: 'loss', value: 1 / (step + 1), step })) });
  return { experimentId, runId };
}

/** Logs `loss` at `step`, then returns how long the page took to show it (polled every 50 ms). */
async function timeToShow(api: MlflowApi, runId: string, step: number, value: number, shown: () => Promise<boolean>): Promise<number> {
  await api.logBatch(runId, { metrics: [{ key: 'loss', value, step }] });
  const logged = Date.now();
  await expect.poll(shown, { timeout: 10_000, intervals: [50] }).toBe(true);
  return Date.now() - logged;
}

function report(name: string, elapsedMs: number): void {
  test.info().annotations.push({ type: 'live-latency', description: `${name}: ${elapsedMs} ms` });
  console.log(`live update on ${name}: ${elapsedMs} ms`);
}

const lastX = async (page: Page, chartId: string) => (await chartState(page, chartId)).xDomain[1];

test('runs table', async ({ page, api }) => {
  const { experimentId, runId } = await seedRunning(api);
  await page.goto(`/experiments/${experimentId}`);
  const cell = page.getByTestId('run-row').first().locator('[data-column-id="metrics.loss"]');
  await expect(cell).toHaveText('0.05');
  const elapsed = await timeToShow(api, runId, 20, 0.0125, async () => (await cell.textContent()) === '0.0125');
  report('runs table', elapsed);
  expect(elapsed).toBeLessThanOrEqual(LIVE_WITHIN_MS);
});

test('run page chart', async ({ page, api }) => {
  const { experimentId, runId } = await seedRunning(api);
  await page.goto(`/experiments/${experimentId}/runs/${runId}`);
  await waitForCharts(page);
  await expect.poll(() => lastX(page, 'run|loss')).toBe(19);
  const elapsed = await timeToShow(api, runId, 40, 0.5, async () => (await lastX(page, 'run|loss')) === 40);
  report('run page', elapsed);
  expect(elapsed).toBeLessThanOrEqual(LIVE_WITHIN_MS);
});

test('run metric page', async ({ page, api }) => {
  const { experimentId, runId } = await seedRunning(api);
  await page.goto(`/experiments/${experimentId}/runs/${runId}/metrics/loss`);
  await waitForCharts(page);
  await expect.poll(() => lastX(page, 'run|loss')).toBe(19);
  const elapsed = await timeToShow(api, runId, 40, 0.5, async () => (await lastX(page, 'run|loss')) === 40);
  report('metric page', elapsed);
  expect(elapsed).toBeLessThanOrEqual(LIVE_WITHIN_MS);
});

test('chart view', async ({ page, api }) => {
  const { experimentId, runId } = await seedRunning(api);
  await page.goto(`/experiments/${experimentId}/charts?cq=loss`);
  await waitForCharts(page);
  await expect.poll(() => lastX(page, 'l|loss')).toBe(19);
  const elapsed = await timeToShow(api, runId, 40, 0.5, async () => (await lastX(page, 'l|loss')) === 40);
  report('chart view', elapsed);
  expect(elapsed).toBeLessThanOrEqual(LIVE_WITHIN_MS);
});
