// One chart pipeline: a 50,000-step series with a single spike (100 among values of ~1) must show
// the spike and its true Max on the run page, its metric page, the chart view and compare; the
// chart's CSV export holds the spike, and its SVG export a title, axis labels and a legend. Also:
// 27 runs on screen get 27 distinct colours, double-click resets zoom, an x-axis metric without
// data says so, and a point logged to a running run shows within 2 s.
import { readFileSync } from 'node:fs';
import type { Download, Page } from '@playwright/test';
import { chartState, dragOnChart, logHistory, waitForCharts } from './charts-support';
import { expect, expectNoSeriousA11yIssues, screenshotBothThemes, test, uniqueName, type MlflowApi } from './support/fixtures';

const STEPS = 50_000;
const SPIKE_STEP = 31_337;
const value = (_key: string, step: number) => (step === SPIKE_STEP ? 100 : 1 + 0.01 * Math.sin(step / 50));

interface Seeded {
  experimentId: string;
  experimentName: string;
  spikyId: string;
  spikyName: string;
  calmId: string;
}

async function seedSpike(api: MlflowApi): Promise<Seeded> {
  const experimentName = uniqueName('spike');
  const experimentId = await api.createExperiment(experimentName);
  const spikyName = uniqueName('spiky');
  const spikyId = await api.createRun(experimentId, { name: spikyName, startTime: Date.now() - 3_600_000 });
  await logHistory(api, spikyId, ['loss'], STEPS, value, { msPerStep: 10 });
  await api.finishRun(spikyId);
  const calmId = await api.createRun(experimentId, { name: uniqueName('calm'), startTime: Date.now() - 3_600_000 });
  await logHistory(api, calmId, ['loss'], 1000, () => 0.5);
  await api.finishRun(calmId);
  return { experimentId, experimentName, spikyId, spikyName, calmId };
}

const summaryRow = (page: Page, scope: string, runId: string) =>
  page.locator(`[data-testid=chart-card][data-chart-id="${scope}"] [data-testid=metric-summary] [data-run-id="${runId}"]`);

async function download(page: Page, chartId: string, format: 'CSV' | 'SVG' | 'PNG'): Promise<Download> {
  const card = page.locator(`[data-testid=chart-card][data-chart-id="${chartId}"]`);
  await card.getByText('Export', { exact: true }).click();
  const waiting = page.waitForEvent('download');
  await card.getByRole('menuitem', { name: format }).click();
  return waiting;
}

test.describe('a spike among 50,000 steps', () => {
  test.describe.configure({ timeout: 180_000 });

  test('shows with its true Max on the run page, the metric page, the chart view and compare; exports carry it', async ({ page, api }) => {
    const seeded = await seedSpike(api);
    await page.setViewportSize({ width: 1440, height: 1000 });

    // The runs table's Max column: exact over the whole history, not a sample.
    await page.goto(`/experiments/${seeded.experimentId}`);
    await page.getByRole('group', { name: 'Metric value' }).getByRole('button', { name: 'Max' }).click();
    const spikyRow = page.getByRole('row').filter({ has: page.getByRole('link', { name: seeded.spikyName, exact: true }) });
    await expect(spikyRow.locator('[data-column-id="metrics.loss"]')).toHaveText('100');

    // The run page: its charts (same canvas and buckets), the sparkline, and the experiment's name.
    await page.goto(`/experiments/${seeded.experimentId}/runs/${seeded.spikyId}`);
    await expect(page.getByTestId('run-experiment-link')).toHaveText(seeded.experimentName);
    await expect(page.getByTestId('sparkline-loss')).toHaveAttribute('data-max', '100');
    await expect(page.getByTestId('sparkline-loss')).toHaveAttribute('data-points', String(STEPS));
    const runSummary = summaryRow(page, 'run|loss', seeded.spikyId);
    await expect(runSummary.getByTestId('summary-max')).toHaveText('100');
    await expect(runSummary.getByTestId('summary-points')).toHaveText('50,000');
    await waitForCharts(page);
    const runChart = await chartState(page, 'run|loss');
    expect(runChart.drawnMax).toBe(100);
    expect(runChart.drawnMaxX).toBe(SPIKE_STEP);
    await page.getByTestId('run-charts').scrollIntoViewIfNeeded();
    await screenshotBothThemes(page, 'spike-run-page');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.evaluate(() => (document.documentElement.dataset.theme = 'light'));

    // Its metric page: no evenly spaced sample any more.
    await page.locator('[data-chart-id="run|loss"]').getByRole('link', { name: 'loss' }).click();
    await expect(page).toHaveURL(new RegExp(`/runs/${seeded.spikyId}/metrics/loss`));
    const metricSummary = summaryRow(page, 'run|loss', seeded.spikyId);
    await expect(metricSummary.getByTestId('summary-max')).toHaveText('100');
    await expect(metricSummary.getByTestId('summary-min')).toHaveText(/^0\.99/);
    await waitForCharts(page);
    const metricChart = await chartState(page, 'run|loss');
    expect(metricChart.drawnMax).toBe(100);
    expect(metricChart.drawnMaxX).toBe(SPIKE_STEP);
    await expectNoSeriousA11yIssues(page);
    await screenshotBothThemes(page, 'spike-metric-page');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.evaluate(() => (document.documentElement.dataset.theme = 'light'));

    // Double-click resets a zoom.
    await dragOnChart(page, 'run|loss', 0.1, 0.3);
    await expect(page).toHaveURL(/czoom=/);
    await waitForCharts(page);
    expect((await chartState(page, 'run|loss')).drawnMax).toBeLessThan(2);
    await page.locator('[data-chart-id="run|loss"] [data-testid=line-chart] canvas').nth(1).dblclick();
    await expect(page).not.toHaveURL(/czoom=/);
    await waitForCharts(page);
    expect((await chartState(page, 'run|loss')).drawnMax).toBe(100);

    // The chart view.
    await page.goto(`/experiments/${seeded.experimentId}/charts`);
    await waitForCharts(page);
    const viewChart = await chartState(page, 'l|loss');
    expect(viewChart.drawnMax).toBe(100);
    expect(viewChart.drawnMaxX).toBe(SPIKE_STEP);

    // Its CSV holds every point (the spike included) under `run_id,run_name,step,loss`.
    const csvFile = await (await download(page, 'l|loss', 'CSV')).path();
    const lines = readFileSync(csvFile, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('run_id,run_name,step,loss');
    expect(lines).toHaveLength(1 + STEPS + 1000);
    expect(lines).toContain(`${seeded.spikyId},${seeded.spikyName},${SPIKE_STEP},100`);

    // The SVG carries a title, axis labels and a legend of run names with their colours.
    const svg = readFileSync(await (await download(page, 'l|loss', 'SVG')).path(), 'utf8');
    expect(svg).toMatch(/data-role="title">loss</);
    expect(svg).toMatch(/data-role="x-label">Step</);
    expect(svg).toMatch(/data-role="y-label">loss</);
    const legend = /<g data-role="legend">(.*?)<\/g>/.exec(svg)?.[1] ?? '';
    expect(legend).toContain(`>${seeded.spikyName}<`);
    const legendColors = [...legend.matchAll(/<rect[^>]*fill="(#[0-9a-f]{6})"/g)].map((match) => match[1]);
    expect(new Set(legendColors).size).toBe(2);
    // The PNG is the same picture, rasterized.
    const png = readFileSync(await (await download(page, 'l|loss', 'PNG')).path());
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.readUInt32BE(16)).toBeGreaterThanOrEqual(1600);

    // Compare: the history chart and its summary.
    await page.goto(`/compare?runs=${seeded.spikyId},${seeded.calmId}`);
    await page.getByTestId('history-metric').selectOption('loss');
    // The chart loads once it comes near the screen.
    await page.getByTestId('compare-overlay').scrollIntoViewIfNeeded();
    const compareRow = page.locator(`[data-testid=compare-overlay] [data-run-id="${seeded.spikyId}"]`);
    await expect(compareRow.getByTestId('summary-max')).toHaveText('100');
    await expect(page.locator(`[data-testid=compare-overlay] [data-run-id="${seeded.calmId}"]`).getByTestId('summary-max')).toHaveText(
      '0.5',
    );
    await expect(page.getByTestId('compare-overlay').getByTestId('chart-card')).toHaveAttribute('data-loading', 'false');
    const compareMax = await page.getByTestId('compare-overlay').getByTestId('line-chart').getAttribute('data-drawn-max');
    expect(Number(compareMax)).toBe(100);
    await screenshotBothThemes(page, 'spike-compare');
  });
});

test('27 runs on screen get 27 distinct colours in the table and the chart view', async ({ page, api }) => {
  test.setTimeout(120_000);
  const experimentId = await api.createExperiment(uniqueName('colours'));
  const runIds: string[] = [];
  for (let index = 0; index < 27; index += 1) {
    const runId = await api.createRun(experimentId, { name: `run-${String(index).padStart(2, '0')}` });
    await api.logBatch(runId, { metrics: [0, 1, 2].map((step) => ({ key: 'acc', value: index / 30 + step / 100, step })) });
    await api.finishRun(runId);
    runIds.push(runId);
  }
  // Each swatch's colour as it was first put on screen: a later re-render must not be what
  // makes them distinct (the first rows once all got the first colour).
  await page.addInitScript(() => {
    const firstColors = new Map<string, string>();
    (window as unknown as { firstSwatchColors: Map<string, string> }).firstSwatchColors = firstColors;
    new MutationObserver((records) => {
      for (const record of records) {
        for (const node of record.addedNodes) {
          if (!(node instanceof HTMLElement)) continue;
          const swatches = node.matches('.rb-swatch') ? [node] : [...node.querySelectorAll<HTMLElement>('.rb-swatch')];
          for (const swatch of swatches) {
            const label = swatch.getAttribute('aria-label') ?? '';
            if (!firstColors.has(label)) firstColors.set(label, swatch.style.background);
          }
        }
      }
    }).observe(document, { childList: true, subtree: true });
  });
  // The runs arrive after the table has mounted and measured itself, as on a slower server, so the
  // rows appear in the same render as the data.
  await page.route('**/runs/search', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 500));
    await route.continue();
  });
  await page.setViewportSize({ width: 1440, height: 1400 });
  await page.goto(`/experiments/${experimentId}`);
  const swatches = page.locator('.rb-swatch');
  await expect(swatches).toHaveCount(27);
  const firstColors = await page.evaluate(() => [...(window as unknown as { firstSwatchColors: Map<string, string> }).firstSwatchColors.values()]);
  expect(firstColors).toHaveLength(27);
  expect(new Set(firstColors).size).toBe(27);
  const tableColors = await swatches.evaluateAll((elements) => elements.map((element) => getComputedStyle(element).backgroundColor));
  expect(new Set(tableColors).size).toBe(27);
  await page.unroute('**/runs/search');

  await page.goto(`/experiments/${experimentId}/charts`);
  const legend = page.getByTestId('charts-legend').locator('.swatch');
  await expect(legend).toHaveCount(27);
  const legendColors = await legend.evaluateAll((elements) => elements.map((element) => getComputedStyle(element).backgroundColor));
  expect(new Set(legendColors).size).toBe(27);
  // The same run has the same colour in the table and the charts.
  expect(new Set(legendColors)).toEqual(new Set(tableColors));
  await waitForCharts(page);
  await screenshotBothThemes(page, 'colours-27-charts');
});

test('compare marks a best value only for metrics whose direction is known', async ({ page, api }) => {
  const experimentId = await api.createExperiment(uniqueName('best'));
  const ids: string[] = [];
  for (const [index, [loss, lr]] of [
    [0.3, 0.01],
    [0.2, 0.001],
  ].entries()) {
    const runId = await api.createRun(experimentId, { name: `best-${index}` });
    await api.logBatch(runId, {
      metrics: [
        { key: 'val_loss', value: loss ?? 0, step: 0 },
        { key: 'lr_sched', value: lr ?? 0, step: 0 },
      ],
    });
    ids.push(runId);
  }
  await page.goto(`/compare?runs=${ids.join(',')}`);
  const lossRow = page.locator('[data-testid=compare-row][data-key="metrics.val_loss"]');
  const lrRow = page.locator('[data-testid=compare-row][data-key="metrics.lr_sched"]');
  await expect(lossRow.getByRole('button', { name: /lower is better/ })).toHaveText('↓ best');
  await expect(lossRow.locator('td[data-best=true]')).toHaveCount(1);
  await expect(lrRow.getByRole('button')).toHaveText('best?');
  await expect(lrRow.locator('td[data-best=true]')).toHaveCount(0);
  // The user can say which way is better.
  await lrRow.getByRole('button').click();
  await expect(lrRow.getByRole('button')).toHaveText('↓ best');
  await expect(lrRow.locator('td[data-best=true]')).toHaveCount(1);
});

test('a chart whose x-axis metric has no data says so', async ({ page, api }) => {
  const experimentId = await api.createExperiment(uniqueName('xaxis'));
  const first = await api.createRun(experimentId, { name: 'has-aux' });
  await api.logBatch(first, { metrics: [0, 1].map((step) => ({ key: 'aux', value: step, step })) });
  const second = await api.createRun(experimentId, { name: 'has-score' });
  await api.logBatch(second, { metrics: [0, 1].map((step) => ({ key: 'score', value: step, step })) });
  await page.goto(`/experiments/${experimentId}/charts`);
  await page.getByTestId('x-axis').selectOption('metric:aux');
  const card = page.locator('[data-testid=chart-card][data-chart-id="l|score"]');
  await expect(card.getByTestId('x-metric-missing')).toContainText('No values of “aux” for these runs');
});

test('a point logged to a running run shows within 2 s on its metric page and run page', async ({ page, api }) => {
  const experimentId = await api.createExperiment(uniqueName('live'));
  const runId = await api.createRun(experimentId, { name: 'live-run' });
  await api.logBatch(runId, { metrics: [0, 1, 2].map((step) => ({ key: 'loss', value: 1 - step / 10, step })) });

  await page.goto(`/experiments/${experimentId}/runs/${runId}/metrics/loss`);
  const row = summaryRow(page, 'run|loss', runId);
  await expect(row.getByTestId('summary-last')).toContainText('at step 2');
  const loggedAt = Date.now();
  await api.logBatch(runId, { metrics: [{ key: 'loss', value: 7, step: 3 }] });
  await expect(row.getByTestId('summary-last')).toContainText('at step 3', { timeout: 2000 });
  test.info().annotations.push({ type: 'metric page: logged → shown (ms)', description: String(Date.now() - loggedAt) });
  await expect(row.getByTestId('summary-max')).toHaveText('7');

  await page.goto(`/experiments/${experimentId}/runs/${runId}`);
  await expect(row.getByTestId('summary-last')).toContainText('at step 3');
  const loggedAgainAt = Date.now();
  await api.logBatch(runId, { metrics: [{ key: 'loss', value: 9, step: 4 }] });
  await expect(row.getByTestId('summary-last')).toContainText('at step 4', { timeout: 2000 });
  test.info().annotations.push({ type: 'run page: logged → shown (ms)', description: String(Date.now() - loggedAgainAt) });
  await expect(page.getByTestId('sparkline-loss')).toHaveAttribute('data-points', '5', { timeout: 2000 });

  // Finished: polling stops.
  await api.finishRun(runId);
  await expect(page.getByTestId('run-status')).toHaveText('Finished', { timeout: 3000 });
  const requests: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes('get-history-buckets')) requests.push(request.url());
  });
  await page.waitForTimeout(2500);
  expect(requests).toEqual([]);
});
