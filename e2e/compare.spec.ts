// The compare page: side-by-side values with differences only and best values, parallel
// coordinates (brushing on several axes, log axes, reordering, selection linked to the runs
// table), scatter / contour / box plots, parameter importance and overlaid histories.
import { expect, expectNoSeriousA11yIssues, screenshotBothThemes, test, uniqueName, type MlflowApi } from './support/fixtures';
import { logHistory, parallel } from './charts-support';

interface Seeded {
  experimentId: string;
  runIds: string[];
}

async function seedSweep(api: MlflowApi, count = 12): Promise<Seeded> {
  const experimentId = await api.createExperiment(uniqueName('compare'));
  const runIds: string[] = new Array<string>(count);
  await parallel(
    Array.from({ length: count }, (_, index) => index),
    async (index) => {
      const runId = await api.createRun(experimentId, { name: `trial-${String(index).padStart(2, '0')}`, tags: { owner: 'ml' } });
      runIds[index] = runId;
      const lr = [0.0001, 0.001, 0.01, 0.1][index % 4] ?? 0.1;
      const layers = 2 + (index % 3);
      const valLoss = Math.abs(Math.log10(lr) + 2) * 0.2 + layers * 0.01;
      await api.logBatch(runId, {
        params: { lr: String(lr), layers: String(layers), optimizer: index % 2 ? 'adam' : 'sgd', seed: '7' },
        metrics: [
          { key: 'val_loss', value: valLoss, step: 0 },
          { key: 'accuracy', value: 1 - valLoss, step: 0 },
        ],
      });
      await logHistory(api, runId, ['train_loss'], 200, (_key, step) => valLoss + 1 / (1 + step), { concurrency: 1 });
      await api.finishRun(runId);
    },
    4,
  );
  return { experimentId, runIds };
}

const pcLines = (page: import('@playwright/test').Page) =>
  page.getByTestId('parallel-coordinates').evaluate((element) => ({
    lines: Number((element as HTMLElement).dataset.lines),
    selected: Number((element as HTMLElement).dataset.selected),
  }));

async function brushAxis(
  page: import('@playwright/test').Page,
  axisIndex: number,
  axisCount: number,
  from: number,
  to: number,
): Promise<void> {
  const canvas = page.getByTestId('parallel-coordinates').locator('canvas');
  const box = await canvas.boundingBox();
  if (!box) throw new Error('no parallel coordinates');
  const x = box.x + 40 + ((box.width - 80) * axisIndex) / (axisCount - 1);
  const y = (t: number) => box.y + 16 + (1 - t) * (box.height - 44);
  await page.mouse.move(x, y(from));
  await page.mouse.down();
  await page.mouse.move(x, y(to), { steps: 5 });
  await page.mouse.up();
}

test.describe('compare page', () => {
  test.use({ viewport: { width: 1500, height: 1200 } });

  test('values side by side, differences only, best values', async ({ page, api }) => {
    const { runIds } = await seedSweep(api);
    await page.goto(`/compare?runs=${runIds.join(',')}`);
    await expect(page.getByRole('heading', { name: 'Compare 12 runs' })).toBeVisible();
    const table = page.getByTestId('compare-table');
    await expect(table.locator('thead th')).toHaveCount(13);
    await expect(table.locator('[data-key="params.seed"]')).toHaveCount(1);
    await page.getByLabel('Differences only').click();
    await expect(page).toHaveURL(/diff=1/);
    await expect(page.getByLabel('Differences only')).toBeChecked();
    await expect(table.locator('[data-key="params.seed"]')).toHaveCount(0);
    await expect(table.locator('[data-key="tags.owner"]')).toHaveCount(0);
    await expect(table.locator('[data-key="params.lr"]')).toHaveCount(1);
    // val_loss: lower is better -> the lr=0.01, 2-layer run (trial-06) wins.
    const lossRow = table.locator('[data-key="metrics.val_loss"]');
    await expect(lossRow.locator('td[data-best=true]')).toHaveCount(1);
    expect(await lossRow.locator('td').nth(6).getAttribute('data-best')).toBe('true');
    // accuracy: higher is better, same winner; switch it to lower-is-better.
    const accRow = table.locator('[data-key="metrics.accuracy"]');
    expect(await accRow.locator('td').nth(6).getAttribute('data-best')).toBe('true');
    await accRow.getByRole('button', { name: /higher is better/ }).click();
    await expect(page).toHaveURL(/better=accuracy%3Amin/);
    await expect(accRow.locator('td').nth(6)).not.toHaveAttribute('data-best', 'true');
    await screenshotBothThemes(page, 'compare-page');
    await expectNoSeriousA11yIssues(page);
  });

  test('parallel coordinates: brushing several axes, log axis, reorder, selection link', async ({ page, api }) => {
    const { experimentId, runIds } = await seedSweep(api);
    await page.goto(`/compare?runs=${runIds.join(',')}&pc=${encodeURIComponent('param:lr,param:layers,param:optimizer,metric:val_loss')}`);
    await expect(page.getByTestId('pc-axis')).toHaveCount(4);
    expect(await pcLines(page)).toEqual({ lines: 12, selected: 12 });

    // Log scale for lr: values 1e-4..1e-1 spread evenly.
    await page.getByRole('button', { name: 'Log scale for lr' }).click();
    await expect(page).toHaveURL(/pclog=param%3Alr/);
    // Brush the upper half of lr (log: 0.01 and 0.1) ...
    await brushAxis(page, 0, 4, 1, 0.55);
    await expect.poll(async () => (await pcLines(page)).selected).toBe(6);
    await expect(page).toHaveURL(/brush=param%3Alr/);
    // ... and the lower part of optimizer (adam=0, sgd=1): adam only.
    await brushAxis(page, 2, 4, 0.2, -0.05);
    await expect.poll(async () => (await pcLines(page)).selected).toBe(3);
    await expect(page.getByTestId('pc-selection')).toContainText('3 of 12 runs selected');
    const link = page.getByTestId('pc-selection-link');
    const href = (await link.getAttribute('href')) ?? '';
    expect(href.startsWith(`/experiments/${experimentId}?q=`)).toBe(true);
    expect(decodeURIComponent(href)).toContain('attributes.run_id IN (');
    // The link selects the brushed runs in the table (filtered to them).
    await link.click();
    await expect(page.getByTestId('selection-count')).toHaveText('3 runs selected');
    await expect(page.getByRole('checkbox', { name: /^Select run /, checked: true })).toHaveCount(3);
    await page.goBack();
    await expect.poll(async () => (await pcLines(page)).selected).toBe(3);
    // The overlay follows the selection.
    await expect(page.getByRole('heading', { name: 'Metric history (selected runs)' })).toBeVisible();
    // The history chart loads once it comes near the screen.
    await page.getByTestId('compare-overlay').scrollIntoViewIfNeeded();
    await expect(page.getByTestId('compare-overlay').getByTestId('line-chart')).toHaveAttribute('data-series', '3');

    // Reorder: move optimizer left; brushes stay with their axes.
    await page.getByRole('button', { name: 'Move optimizer left' }).click();
    await expect(page.getByTestId('pc-axis').nth(1)).toHaveAttribute('data-axis', 'param:optimizer');
    expect((await pcLines(page)).selected).toBe(3);
    // Clicking an axis clears its brush.
    const canvas = page.getByTestId('parallel-coordinates').locator('canvas');
    const box = await canvas.boundingBox();
    if (!box) throw new Error('no canvas');
    await page.mouse.click(box.x + 40 + (box.width - 80) / 3, box.y + box.height / 2);
    await expect.poll(async () => (await pcLines(page)).selected).toBe(6);
    await page.getByRole('button', { name: 'Remove axis layers' }).click();
    await expect(page.getByTestId('pc-axis')).toHaveCount(3);
    await page.getByTestId('pc-add-axis').selectOption('metric:accuracy');
    await expect(page.getByTestId('pc-axis')).toHaveCount(4);
    await page.getByTestId('pc-color').selectOption('param:lr');
    await expect(page).toHaveURL(/pccolor=param%3Alr/);
    await page.getByRole('button', { name: 'Clear selection' }).click();
    await expect.poll(async () => (await pcLines(page)).selected).toBe(12);
    await screenshotBothThemes(page, 'compare-parallel');
  });

  test('scatter, contour, box plot, importance and histories', async ({ page, api }) => {
    const { runIds } = await seedSweep(api);
    await page.goto(`/compare?runs=${runIds.join(',')}`);
    await expect(page.getByTestId('compare-scatter')).toHaveAttribute('data-points', '12');
    await page.getByTestId('scatter-x').selectOption('param:optimizer');
    await page.getByTestId('scatter-y').selectOption('metric:accuracy');
    await page.getByTestId('scatter-color').selectOption('metric:val_loss');
    await expect(page).toHaveURL(/sx=param%3Aoptimizer/);
    await expect(page.getByTestId('compare-scatter')).toHaveAttribute('data-points', '12');
    await expect(page.getByTestId('compare-scatter').locator('circle')).toHaveCount(12);

    await page.getByTestId('contour-x').selectOption('param:lr');
    await page.getByTestId('contour-y').selectOption('param:layers');
    await page.getByTestId('contour-z').selectOption('val_loss');
    await expect(page.getByTestId('compare-contour').locator('rect')).not.toHaveCount(0);

    await page.getByTestId('box-x').selectOption('param:optimizer');
    await page.getByTestId('box-y').selectOption('val_loss');
    await expect(page.getByTestId('compare-boxplot')).toHaveAttribute('data-groups', '2');

    // Importance: val_loss depends on lr (strongly) and layers (weakly), not on optimizer.
    await page.getByTestId('importance-metric').selectOption('val_loss');
    const items = page.getByTestId('importance-list').locator('li');
    await expect(items).toHaveCount(4);
    await expect(items.first()).toHaveAttribute('data-param', 'lr');

    await page.getByTestId('history-metric').selectOption('train_loss');
    await page.getByTestId('compare-overlay').scrollIntoViewIfNeeded();
    await expect(page.getByTestId('compare-overlay').getByTestId('line-chart')).toHaveAttribute('data-series', '12');
    await expect(page.getByTestId('compare-overlay').getByTestId('chart-card')).toHaveAttribute('data-loading', 'false');
    await screenshotBothThemes(page, 'compare-plots');
    await expectNoSeriousA11yIssues(page);
  });
});
