// The metric page: one metric across runs with the chart controls, and a full-resolution paged
// table of every value (get-history with max_results / page_token).
import { expect, expectNoSeriousA11yIssues, screenshotBothThemes, test, uniqueName } from './support/fixtures';
import { chartState, logHistory, waitForCharts } from './charts-support';

test('metric history page: chart with controls and a paged table of all values', async ({ page, api }) => {
  const experimentId = await api.createExperiment(uniqueName('metric-page'));
  const a = await api.createRun(experimentId, { name: 'alpha' });
  const b = await api.createRun(experimentId, { name: 'beta' });
  await logHistory(api, a, ['loss', 'epoch'], 1234, (key, step) => (key === 'epoch' ? Math.floor(step / 100) : 1 / (1 + step)));
  await logHistory(api, b, ['loss', 'epoch'], 500, (key, step) => (key === 'epoch' ? Math.floor(step / 100) : 2 / (1 + step)));
  await api.finishRun(a);
  await api.finishRun(b);

  await page.goto(`/metrics?runs=${a},${b}&key=loss`);
  await waitForCharts(page);
  await expect(page.getByRole('heading', { name: /Metric loss/ })).toBeVisible();
  expect((await chartState(page, 'l|loss')).series).toBe(2);

  // Same controls as the chart view.
  await page.getByRole('button', { name: 'Log' }).click();
  await expect(page).toHaveURL(/cy=log/);
  await page.getByTestId('smoothing').selectOption('ema');
  await expect.poll(async () => (await chartState(page, 'l|loss')).mainSeries).toBe(2);
  await page.getByTestId('x-axis').selectOption('metric:epoch');
  await waitForCharts(page);
  await expect.poll(async () => (await chartState(page, 'l|loss')).xDomain[1]).toBe(12);

  // Paged table: 100 rows per page, exact values.
  const table = page.getByTestId('history-table');
  await expect(table.locator('tbody tr')).toHaveCount(100);
  await expect(page.getByTestId('history-range')).toHaveText('Rows 1–100');
  await expect(table.locator('tbody tr').first().locator('td').nth(1)).toHaveText('1');
  await page.getByRole('button', { name: 'Next page' }).click();
  await expect(page.getByTestId('history-range')).toHaveText('Rows 101–200');
  await expect(table.locator('tbody tr').first().locator('td').first()).toHaveText('100');
  await page.getByRole('button', { name: 'Previous page' }).click();
  await expect(page.getByTestId('history-range')).toHaveText('Rows 1–100');
  await page.getByLabel('Rows per page').selectOption('1000');
  await expect(table.locator('tbody tr')).toHaveCount(1000);
  await page.getByRole('button', { name: 'Next page' }).click();
  await expect(page.getByTestId('history-range')).toHaveText('Rows 1,001–1,234');
  await expect(page.getByRole('button', { name: 'Next page' })).toBeDisabled();
  await page.getByTestId('history-run').selectOption(b);
  await expect(page.getByTestId('history-range')).toHaveText('Rows 1–100');
  await expect(table.locator('tbody tr').first().locator('td').nth(1)).toHaveText('2');

  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshotBothThemes(page, 'charts-metric-history');
  await expectNoSeriousA11yIssues(page);
});
