// The chart view: sections, search, axes, scales, outliers, smoothing, grouping, zoom, layout,
// export, bar and scatter charts, tooltip and highlight, hidden runs, live refresh, and the
// get-history-bulk-interval fallback — on data seeded through the REST API.
import { readFileSync } from 'node:fs';
import { expect, expectNoSeriousA11yIssues, screenshotBothThemes, test, uniqueName, type MlflowApi } from './support/fixtures';
import { chartState, dragOnChart, logHistory, parallel, waitForCharts, type SeededRun } from './charts-support';

const STEPS = 3000;
const KEYS = ['train/loss', 'val/loss', 'val/acc', 'epoch'];

async function seedSweep(api: MlflowApi, options: { running?: boolean } = {}): Promise<{ experimentId: string; runs: SeededRun[] }> {
  const experimentId = await api.createExperiment(uniqueName('charts'));
  const runs: SeededRun[] = [];
  const configs = [
    { lr: '0.1', opt: 'adam' },
    { lr: '0.1', opt: 'sgd' },
    { lr: '0.01', opt: 'adam' },
    { lr: '0.01', opt: 'sgd' },
    { lr: '0.001', opt: 'adam' },
  ];
  const start = Date.now() - 3_600_000;
  for (const [index, params] of configs.entries()) {
    const name = `sweep-${index}`;
    const runId = await api.createRun(experimentId, { name, startTime: start, tags: { team: index % 2 ? 'red' : 'blue' } });
    await api.logBatch(runId, { params });
    const rate = 1 + index * 0.4;
    await logHistory(
      api,
      runId,
      KEYS,
      STEPS,
      (key, step) => {
        const loss = 2 * Math.exp((-step * rate) / 1000) + 0.1 + (index === 4 && step === 1500 && key === 'train/loss' ? 50 : 0);
        if (key === 'epoch') return Math.floor(step / 300);
        if (key === 'val/acc') return 1 - loss / 3;
        return key === 'val/loss' ? loss * 1.1 : loss;
      },
      { start },
    );
    if (!(options.running && index === 0)) await api.finishRun(runId);
    runs.push({ runId, name });
  }
  return { experimentId, runs };
}

test.describe('chart view', () => {
  // Tall enough that every chart is near the viewport (charts fetch only when they may be seen).
  test.use({ viewport: { width: 1500, height: 1500 } });

  test('sections, search, legend and both themes', async ({ page, api }) => {
    const { experimentId } = await seedSweep(api);
    await page.goto(`/experiments/${experimentId}/charts`);
    await waitForCharts(page);
    await expect(page.locator('[data-testid=charts-section]')).toHaveCount(3);
    await expect(page.locator('[data-testid=charts-section][data-section=train] [data-testid=chart-card]')).toHaveCount(1);
    await expect(page.locator('[data-testid=charts-section][data-section=val] [data-testid=chart-card]')).toHaveCount(2);
    await expect(page.getByTestId('charts-legend').getByRole('button')).toHaveCount(5);
    const loss = await chartState(page, 'l|train/loss');
    expect(loss.series).toBe(5);
    expect(loss.drawnPoints).toBeGreaterThan(1000);
    // The spike of run 4 (value ≈ 50.1 at step 1500) is drawn.
    expect(loss.drawnMax).toBeGreaterThan(50);
    expect(loss.drawnMaxX).toBe(1500);

    await page.getByTestId('chart-search').fill('^val/');
    await expect(page.locator('[data-testid=chart-card]')).toHaveCount(2);
    await expect(page).toHaveURL(/cq=%5Eval%2F/);
    await page.getByTestId('chart-search').fill('acc');
    await expect(page.locator('[data-testid=chart-card]')).toHaveCount(1);
    await page.getByTestId('chart-search').fill('[unclosed');
    await expect(page.locator('[data-testid=chart-card]')).toHaveCount(0);
    await page.getByTestId('chart-search').fill('');
    await waitForCharts(page);
    await screenshotBothThemes(page, 'charts-view');
    await expectNoSeriousA11yIssues(page);
  });

  test('x axis modes, log scale and ignoring outliers', async ({ page, api }) => {
    const { experimentId } = await seedSweep(api);
    await page.goto(`/experiments/${experimentId}/charts?cq=train`);
    await waitForCharts(page);
    const step = await chartState(page, 'l|train/loss');
    expect(step.xDomain).toEqual([0, STEPS - 1]);
    expect(step.yDomain[1]).toBeGreaterThan(50);

    await page.getByTestId('x-axis').selectOption('relative');
    await expect.poll(async () => (await chartState(page, 'l|train/loss')).xDomain[1]).toBeCloseTo(((STEPS - 1) * 100) / 1000, 0);
    await page.getByTestId('x-axis').selectOption('wall');
    await expect.poll(async () => (await chartState(page, 'l|train/loss')).xDomain[0]).toBeGreaterThan(1e12);
    await page.getByTestId('x-axis').selectOption('metric:epoch');
    await waitForCharts(page);
    await expect.poll(async () => (await chartState(page, 'l|train/loss')).xDomain).toEqual([0, 9]);
    await page.getByTestId('x-axis').selectOption('step');

    await page.getByRole('button', { name: 'Log' }).click();
    await expect(page).toHaveURL(/cy=log/);
    await expect.poll(async () => (await chartState(page, 'l|train/loss')).yDomain[0]).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Linear' }).click();

    await page.getByLabel('Ignore outliers').click();
    await expect(page).toHaveURL(/cout=1/);
    // The 1st–99th percentile range leaves the single spike out of the y domain.
    await expect.poll(async () => (await chartState(page, 'l|train/loss')).yDomain[1]).toBeLessThan(5);
    await page.reload();
    await waitForCharts(page);
    await expect(page.getByLabel('Ignore outliers')).toBeChecked();
    expect((await chartState(page, 'l|train/loss')).yDomain[1]).toBeLessThan(5);
  });

  test('smoothing and grouping', async ({ page, api }) => {
    const { experimentId } = await seedSweep(api);
    await page.goto(`/experiments/${experimentId}/charts?cq=train`);
    await waitForCharts(page);
    const drawsBefore = (await chartState(page, 'l|train/loss')).drawCount;
    await page.getByTestId('smoothing').selectOption('ema');
    await expect(page).toHaveURL(/csm=ema/);
    // Raw lines stay (faint) behind one smoothed line per run.
    await expect.poll(async () => (await chartState(page, 'l|train/loss')).mainSeries).toBe(5);
    // A toggle redraws each chart once.
    expect((await chartState(page, 'l|train/loss')).drawCount).toBe(drawsBefore + 1);
    expect((await chartState(page, 'l|train/loss')).series).toBe(10);
    // Raw data still drawn: the spike survives smoothing in the faint line.
    expect((await chartState(page, 'l|train/loss')).drawnMax).toBeGreaterThan(50);
    await page.getByTestId('smoothing-amount').fill('0.9');
    await expect(page).toHaveURL(/csw=0.9/);
    await page.getByTestId('smoothing').selectOption('cma');
    await expect(page).toHaveURL(/csm=cma/);
    await expect.poll(async () => (await chartState(page, 'l|train/loss')).mainSeries).toBe(5);
    await page.getByTestId('smoothing').selectOption('none');
    await expect.poll(async () => (await chartState(page, 'l|train/loss')).mainSeries).toBe(0);

    await page.getByTestId('group-by').selectOption('param:lr');
    await expect(page).toHaveURL(/cg=param%3Alr/);
    // Three lr values -> three group lines with bands.
    await expect.poll(async () => (await chartState(page, 'l|train/loss')).bands).toBe(3);
    expect((await chartState(page, 'l|train/loss')).mainSeries).toBe(3);
    await page.getByTestId('group-center').selectOption('median');
    await page.getByTestId('group-band').selectOption('stderr');
    await expect(page).toHaveURL(/cagg=median/);
    await expect(page).toHaveURL(/cband=stderr/);
    await page.getByTestId('group-by').selectOption('tag:team');
    await expect.poll(async () => (await chartState(page, 'l|train/loss')).bands).toBe(2);
    await expect(page.getByTestId('charts-group-legend').locator('li')).toHaveText(['team=blue (3)', 'team=red (2)']);
    // team blue has 3 runs, red 2: mean and median differ; ±std is wider than ±std-error.
    const grouped = async () =>
      page.locator('[data-chart-id="l|train/loss"] [data-testid=line-chart]').evaluate((element) => ({
        bandWidth: Number((element as HTMLElement).dataset.bandWidth),
        mainMean: Number((element as HTMLElement).dataset.mainMean),
      }));
    const median = await grouped();
    await page.getByTestId('group-center').selectOption('mean');
    await expect.poll(async () => (await grouped()).mainMean).not.toBeCloseTo(median.mainMean, 4);
    const stderr = (await grouped()).bandWidth;
    await page.getByTestId('group-band').selectOption('std');
    await expect(page).toHaveURL(/cband=std/);
    await expect.poll(async () => (await grouped()).bandWidth).toBeGreaterThan(stderr * 1.2);
    const std = (await grouped()).bandWidth;
    await page.getByTestId('group-band').selectOption('minmax');
    await expect(page).not.toHaveURL(/cband=/);
    await expect.poll(async () => (await grouped()).bandWidth).not.toBeCloseTo(std, 4);
    expect((await grouped()).bandWidth).toBeGreaterThan(0);
    // Without the spike in the y range, the bands are visible in the screenshots.
    await page.getByLabel('Ignore outliers').click();
    await expect.poll(async () => (await chartState(page, 'l|train/loss')).yDomain[1]).toBeLessThan(5);
    await screenshotBothThemes(page, 'charts-grouped');
  });

  test('zoom refetches the window at full resolution, and resets', async ({ page, api }) => {
    const { experimentId } = await seedSweep(api);
    await page.goto(`/experiments/${experimentId}/charts?cq=train`);
    await waitForCharts(page);
    const windowRequest = page.waitForRequest(
      (request) => request.url().includes('get-history-buckets') && request.url().includes('start_step='),
    );
    await dragOnChart(page, 'l|train/loss', 0.45, 0.55);
    const url = new URL((await windowRequest).url());
    const start = Number(url.searchParams.get('start_step'));
    const end = Number(url.searchParams.get('end_step'));
    expect(start).toBeGreaterThan(1200);
    expect(end).toBeLessThan(1800);
    await expect(page).toHaveURL(/czoom=/);
    await waitForCharts(page);
    const zoomed = await chartState(page, 'l|train/loss');
    expect(zoomed.xDomain).toEqual([start, end]);
    // Every step of the window is its own bucket now: points ≈ runs × steps.
    expect(zoomed.drawnPoints).toBeGreaterThanOrEqual(5 * (end - start));
    expect(zoomed.drawnMax).toBeGreaterThan(50);
    await page.getByRole('button', { name: 'Reset zoom' }).click();
    await expect(page).not.toHaveURL(/czoom=/);
    await expect.poll(async () => (await chartState(page, 'l|train/loss')).xDomain).toEqual([0, STEPS - 1]);
  });

  test('add, reorder and remove charts; layout in the URL and per experiment', async ({ page, api }) => {
    const { experimentId } = await seedSweep(api);
    await page.goto(`/experiments/${experimentId}/charts`);
    await waitForCharts(page);
    const valIds = () =>
      page
        .locator('[data-testid=charts-section][data-section=val] [data-testid=chart-card]')
        .evaluateAll((cards) => cards.map((card) => card.getAttribute('data-chart-id')));
    expect(await valIds()).toEqual(['l|val/acc', 'l|val/loss']);
    await page.getByRole('button', { name: 'Move val/acc later' }).click();
    await expect.poll(valIds).toEqual(['l|val/loss', 'l|val/acc']);
    await expect(page).toHaveURL(/charts=/);
    await page.getByRole('button', { name: 'Remove chart epoch' }).click();
    await expect(page.locator('[data-chart-id="l|epoch"]')).toHaveCount(0);

    await page.getByRole('button', { name: '+ Add chart' }).click();
    await page.getByTestId('add-chart-kind').selectOption('bar');
    await page.getByTestId('add-chart-metric').selectOption('val/acc');
    await page.getByTestId('add-chart-agg').selectOption('max');
    await page.getByRole('button', { name: 'Add chart', exact: true }).click();
    await expect(page.locator('[data-chart-id="b|val/acc|max"] [data-testid=bar-chart]')).toHaveAttribute('data-bars', '5');
    const barValues = async (id: string) =>
      ((await page.locator(`[data-chart-id="${id}"] [data-testid=bar-chart]`).getAttribute('data-values')) ?? '').split(',').map(Number);
    // val/acc rises to 1 - loss/3 ≈ 0.93–0.97 at the end.
    expect((await barValues('b|val/acc|max')).every((value) => value > 0.9 && value < 1)).toBe(true);
    // epoch: latest 9, min 0 for every run.
    for (const [agg, expected] of [
      ['last', 9],
      ['min', 0],
    ] as const) {
      await page.getByRole('button', { name: '+ Add chart' }).click();
      await page.getByTestId('add-chart-kind').selectOption('bar');
      await page.getByTestId('add-chart-metric').selectOption('epoch');
      await page.getByTestId('add-chart-agg').selectOption(agg);
      await page.getByRole('button', { name: 'Add chart', exact: true }).click();
      await expect(page.locator(`[data-chart-id="b|epoch|${agg}"] [data-testid=bar-chart]`)).toHaveAttribute('data-bars', '5');
      expect(await barValues(`b|epoch|${agg}`)).toEqual([expected, expected, expected, expected, expected]);
    }
    await page.getByRole('button', { name: 'Remove chart epoch (min)' }).click();

    await page.getByRole('button', { name: '+ Add chart' }).click();
    await page.getByTestId('add-chart-kind').selectOption('scatter');
    await page.getByTestId('add-chart-x').selectOption('param:lr');
    await page.getByTestId('add-chart-metric').selectOption('train/loss');
    await page.getByRole('button', { name: 'Add chart', exact: true }).click();
    await expect(page.locator('[data-chart-id="s|param:lr|metric:train/loss"] [data-testid=scatter-chart]')).toHaveAttribute(
      'data-points',
      '5',
    );
    await page.getByRole('button', { name: '+ Add chart' }).click();
    await page.getByTestId('add-chart-kind').selectOption('scatter');
    await page.getByTestId('add-chart-x').selectOption('metric:val/acc');
    await page.getByTestId('add-chart-metric').selectOption('val/loss');
    await page.getByRole('button', { name: 'Add chart', exact: true }).click();
    await expect(page.locator('[data-chart-id="s|metric:val/acc|metric:val/loss"] [data-testid=scatter-chart]')).toHaveAttribute(
      'data-points',
      '5',
    );
    await waitForCharts(page);
    await screenshotBothThemes(page, 'charts-custom');

    // Same experiment without the URL parameter: the layout saved for it comes back.
    await page.goto(`/experiments/${experimentId}/charts`);
    await waitForCharts(page);
    await expect(page.locator('[data-chart-id="l|epoch"]')).toHaveCount(0);
    await expect(page.locator('[data-chart-id="b|val/acc|max"]')).toHaveCount(1);
    expect(await valIds()).toEqual(['l|val/loss', 'l|val/acc', 'b|val/acc|max', 's|metric:val/acc|metric:val/loss']);
    await page.getByRole('button', { name: 'Reset layout' }).click();
    await expect(page.locator('[data-chart-id="l|epoch"]')).toHaveCount(1);
    await expectNoSeriousA11yIssues(page);
  });

  test('exports PNG, SVG and CSV', async ({ page, api }) => {
    const { experimentId } = await seedSweep(api);
    await page.goto(`/experiments/${experimentId}/charts?cq=train`);
    await waitForCharts(page);
    const card = page.locator('[data-chart-id="l|train/loss"]');
    for (const format of ['PNG', 'SVG', 'CSV'] as const) {
      await card.getByText('Export').click();
      const download = page.waitForEvent('download');
      await card.getByRole('menuitem', { name: format }).click();
      const file = await download;
      expect(file.suggestedFilename()).toBe(`train_loss.${format.toLowerCase()}`);
      const path = await file.path();
      const content = readFileSync(path);
      if (format === 'PNG') expect(content.subarray(1, 4).toString()).toBe('PNG');
      if (format === 'SVG') {
        expect(content.toString()).toContain('<svg');
        expect(content.toString()).toContain('data-role="legend"');
      }
      if (format === 'CSV') {
        const lines = content.toString().trim().split('\n');
        // Step once, then the metric; every logged point, not the drawn sample.
        expect(lines[0]).toBe('run_id,run_name,step,train/loss');
        expect(lines.length).toBeGreaterThan(1000);
        expect(lines.some((line) => line.includes(',1500,50.'))).toBe(true);
      }
    }
  });

  test('tooltip lists every run sorted, hover highlights across charts, legend hides runs', async ({ page, api }) => {
    const { experimentId, runs } = await seedSweep(api);
    await page.goto(`/experiments/${experimentId}/charts?cq=loss`);
    await waitForCharts(page);
    const overlay = page.locator('[data-chart-id="l|train/loss"] [data-testid=line-chart] canvas').nth(1);
    const box = await overlay.boundingBox();
    if (!box) throw new Error('no chart');
    await page.mouse.move(box.x + 58 + (box.width - 70) * 0.1, box.y + box.height / 2);
    const tooltip = page.locator('[data-chart-id="l|train/loss"] [data-testid=chart-tooltip]');
    await expect(tooltip.locator('li')).toHaveCount(5);
    const values = await tooltip.locator('.value').allTextContents();
    const numbers = values.map(Number);
    expect(numbers).toEqual([...numbers].sort((a, b) => b - a));
    // Hover a legend entry: that run is highlighted in the legend (and drawn bold in every chart).
    await page.getByTestId('charts-legend').getByRole('button', { name: 'sweep-2' }).hover();
    await expect(page.getByTestId('charts-legend').getByRole('button', { name: 'sweep-2' })).toHaveClass(/is-hovered/);
    // Hide a run through the legend; the shared localStorage key of the runs table is updated.
    await page.getByTestId('charts-legend').getByRole('button', { name: 'sweep-2' }).click();
    await expect.poll(async () => (await chartState(page, 'l|train/loss')).series).toBe(4);
    const stored = await page.evaluate((key) => window.localStorage.getItem(key), `runboard:hidden-runs:${experimentId}`);
    expect(JSON.parse(stored ?? '[]')).toEqual([runs[2]?.runId]);
    await page.reload();
    await waitForCharts(page);
    expect((await chartState(page, 'l|train/loss')).series).toBe(4);
  });

  test('refetches every few seconds while a run is RUNNING; honours the filter parameter', async ({ page, api }) => {
    const { experimentId, runs } = await seedSweep(api, { running: true });
    let requests = 0;
    page.on('request', (request) => {
      if (request.url().includes('get-history-buckets') && request.url().includes('train%2Floss')) requests += 1;
    });
    await page.goto(`/experiments/${experimentId}/charts?cq=train/loss`);
    await waitForCharts(page);
    await expect(page.getByText('live')).toBeVisible();
    await expect.poll(() => requests, { timeout: 15_000 }).toBeGreaterThanOrEqual(3);
    // Points logged now to the RUNNING run show up without a reload.
    expect((await chartState(page, 'l|train/loss')).xDomain[1]).toBe(STEPS - 1);
    const running = runs[0]?.runId ?? '';
    await api.call('POST', 'runs/log-batch', {
      run_id: running,
      metrics: Array.from({ length: 500 }, (_, i) => ({ key: 'train/loss', value: 0.5, step: STEPS + i, timestamp: Date.now() })),
    });
    await expect.poll(async () => (await chartState(page, 'l|train/loss')).xDomain[1], { timeout: 15_000 }).toBe(STEPS + 499);

    await page.goto(`/experiments/${experimentId}/charts?filter=${encodeURIComponent("params.opt = 'sgd'")}&cq=train`);
    await waitForCharts(page);
    await expect(page.getByTestId('charts-legend').getByRole('button')).toHaveCount(2);
  });

  test('buckets travel as binary columns, and a JSON answer draws the same chart (spike kept in both)', async ({ page, api }) => {
    const { experimentId } = await seedSweep(api);
    const requested: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('get-history-buckets') && request.url().includes('train%2Floss')) requested.push(request.url());
    });
    const binary = page.waitForResponse(
      (response) => response.url().includes('get-history-buckets') && response.url().includes('train%2Floss'),
    );
    await page.goto(`/experiments/${experimentId}/charts?cq=train`);
    expect((await binary).headers()['content-type']).toBe('application/octet-stream');
    await waitForCharts(page);
    const fromBinary = await chartState(page, 'l|train/loss');
    expect(fromBinary.drawnMax).toBeGreaterThan(50);
    expect(fromBinary.drawnMaxX).toBe(1500);
    // The route loader's early request (bucket count predicted from the viewport) is the one the
    // chart uses: a wrong prediction would show as a second request.
    expect(requested).toHaveLength(1);

    // A server (or proxy in between) that answers JSON: the same drawing.
    await page.route('**/ajax-api/2.0/runboard/metrics/get-history-buckets**', (route) =>
      route.continue({ headers: { ...route.request().headers(), accept: 'application/json' } }),
    );
    const json = page.waitForResponse(
      (response) => response.url().includes('get-history-buckets') && response.url().includes('train%2Floss'),
    );
    await page.reload();
    expect((await json).headers()['content-type']).toMatch(/^application\/json/);
    await waitForCharts(page);
    // (How many times it was drawn on the way may differ.)
    expect({ ...(await chartState(page, 'l|train/loss')), drawCount: 0 }).toEqual({ ...fromBinary, drawCount: 0 });
  });

  test('falls back to get-history-bulk-interval when the server lacks get-history-buckets', async ({ page, api, consoleGuard }) => {
    consoleGuard.allow(/404/);
    const { experimentId } = await seedSweep(api);
    await page.route('**/ajax-api/2.0/runboard/metrics/get-history-buckets**', (route) =>
      route.fulfill({
        status: 404,
        contentType: 'application/json',
        body: JSON.stringify({ error_code: 'ENDPOINT_NOT_FOUND', message: 'No such endpoint' }),
      }),
    );
    const sampled = page.waitForRequest((request) => request.url().includes('get-history-bulk-interval'));
    await page.goto(`/experiments/${experimentId}/charts?cq=val/loss`);
    await sampled;
    await waitForCharts(page);
    await expect(page.locator('[data-chart-id="l|val/loss"]').getByText('sampled')).toBeVisible();
    const state = await chartState(page, 'l|val/loss');
    expect(state.series).toBe(5);
    expect(state.drawnPoints).toBeGreaterThan(1000);
  });

  test('the tooltip lists all of 40 runs, scrolls to the hovered one, pins on click; highlight crosses charts', async ({ page, api }) => {
    const experimentId = await api.createExperiment(uniqueName('charts-tooltip'));
    const runs: SeededRun[] = [];
    await parallel(
      Array.from({ length: 40 }, (_, index) => index),
      async (index) => {
        const name = `run-${String(index).padStart(2, '0')}`;
        const runId = await api.createRun(experimentId, { name });
        // Flat lines at 0, 1, ..., 39: run k's line is at height k.
        await logHistory(api, runId, ['loss', 'acc'], 50, () => index);
        await api.finishRun(runId);
        runs.push({ runId, name });
      },
      4,
    );
    await page.goto(`/experiments/${experimentId}/charts`);
    await waitForCharts(page);
    const chart = page.locator('[data-chart-id="l|loss"] [data-testid=line-chart]');
    const overlay = chart.locator('canvas').nth(1);
    let box = { x: 0, y: 0, width: 0, height: 0 };
    let yDomain: [number, number] = [0, 1];
    // Plot: 8 px from the top, 24 px from the bottom; run-05's line is at value 5.
    const yOf = (value: number) => box.y + 8 + (box.height - 32) * (1 - (value - yDomain[0]) / (yDomain[1] - yDomain[0]));
    const tooltip = page.locator('[data-chart-id="l|loss"] [data-testid=chart-tooltip]');
    const highlighted = tooltip.locator('li.is-highlighted');
    // The lines are 5 px apart: measure again if the page (a 40-entry legend) was still settling.
    await expect(async () => {
      box = (await overlay.boundingBox()) ?? box;
      yDomain = (await chartState(page, 'l|loss')).yDomain;
      await page.mouse.move(box.x + 58 + (box.width - 70) * 0.5, yOf(5));
      await expect(highlighted).toHaveText(/run-05/, { timeout: 1000 });
    }).toPass();
    await expect(tooltip.locator('li')).toHaveCount(40);
    await expect(tooltip).toContainText('40 lines');
    const values = (await tooltip.locator('.value').allTextContents()).map(Number);
    expect(values).toEqual(Array.from({ length: 40 }, (_, i) => 39 - i));
    // The hovered run is marked and scrolled into view in the (scrollable) list.
    const list = tooltip.locator('ol');
    const scroll = await list.evaluate((element) => ({ top: element.scrollTop, height: element.clientHeight, full: element.scrollHeight }));
    expect(scroll.full).toBeGreaterThan(scroll.height);
    expect(scroll.top).toBeGreaterThan(0);
    const [row, visible] = await Promise.all([highlighted.boundingBox(), list.boundingBox()]);
    expect(row && visible && row.y >= visible.y - 0.5 && row.y + row.height <= visible.y + visible.height + 0.5).toBe(true);
    // The same run is highlighted in the other chart and in the legend.
    const run05 = runs.find((run) => run.name === 'run-05')?.runId ?? '';
    await expect(page.locator('[data-chart-id="l|acc"] [data-testid=line-chart]')).toHaveAttribute('data-highlighted', run05);
    await expect(page.getByTestId('charts-legend').getByRole('button', { name: 'run-05' })).toHaveClass(/is-hovered/);
    await screenshotBothThemes(page, 'charts-tooltip');

    // A click pins the tooltip: it stays while the pointer moves away and its list can be scrolled.
    // Measured again first: the lines are 5 px apart and the screenshots above may have moved the page.
    await expect(async () => {
      box = (await overlay.boundingBox()) ?? box;
      yDomain = (await chartState(page, 'l|loss')).yDomain;
      await page.mouse.move(box.x + 58 + (box.width - 70) * 0.5, yOf(5));
      await expect(highlighted).toHaveText(/run-05/, { timeout: 1000 });
    }).toPass();
    await page.mouse.click(box.x + 58 + (box.width - 70) * 0.5, yOf(5));
    await expect(tooltip).toHaveAttribute('data-pinned', 'true');
    await page.mouse.move(box.x + 58 + (box.width - 70) * 0.9, yOf(30));
    await expect(highlighted).toHaveText(/run-05/);
    await list.hover();
    await page.mouse.wheel(0, -5000);
    await expect.poll(() => list.evaluate((element) => element.scrollTop)).toBe(0);
    await expect(tooltip.locator('li').first()).toBeInViewport();
    await page.keyboard.press('Escape');
    await expect(tooltip).toBeHidden();
    await expect(page.locator('[data-chart-id="l|acc"] [data-testid=line-chart]')).toHaveAttribute('data-highlighted', '');
  });

  test('Table | Charts tabs: one view state (filter, sort, selection, hidden, pinned runs, colours) both ways', async ({ page, api }) => {
    const { experimentId, runs } = await seedSweep(api);
    const [run0, run1, run2, , run4] = runs.map((run) => run.runId);
    await page.goto(`/experiments/${experimentId}`);
    // Marks made in the runs table: run 1 (sgd) pinned, run 2 hidden, run 0 recoloured.
    await page.evaluate(
      ({ experimentId, run0, run1, run2 }) => {
        window.localStorage.setItem(`runboard:pinned-runs:${experimentId}`, JSON.stringify([run1]));
        window.localStorage.setItem(`runboard:hidden-runs:${experimentId}`, JSON.stringify([run2]));
        window.localStorage.setItem('runboard:run-colors', JSON.stringify({ [run0 ?? '']: '#123456' }));
      },
      { experimentId, run0, run1, run2 },
    );
    const filter = encodeURIComponent("params.opt = 'adam'");
    await page.goto(`/experiments/${experimentId}?q=${filter}&sort=metrics.val%2Facc&dir=desc`);
    const tabs = page.getByRole('navigation', { name: 'Runs view' });
    await expect(tabs.getByRole('link', { name: 'Table' })).toHaveAttribute('aria-current', 'page');
    await tabs.getByRole('link', { name: 'Charts' }).click();
    await expect(page).toHaveURL(new RegExp(`/experiments/${experimentId}/charts\\?`));
    expect(new URL(page.url()).searchParams.get('q')).toBe("params.opt = 'adam'");
    expect(new URL(page.url()).searchParams.get('sort')).toBe('metrics.val/acc');
    await expect(tabs.getByRole('link', { name: 'Charts' })).toHaveAttribute('aria-current', 'page');
    await waitForCharts(page);
    // adam runs 0, 2, 4 plus pinned run 1 (first); run 2 hidden, as in the table.
    const legend = page.getByTestId('charts-legend').getByRole('button');
    await expect(legend).toHaveCount(4);
    await expect(legend.first()).toContainText('sweep-1');
    await expect(legend.first()).toContainText('(pinned)');
    await expect(page.getByTestId('charts-legend').getByRole('button', { name: 'sweep-2' })).toHaveAttribute('aria-pressed', 'false');
    expect((await chartState(page, 'l|train/loss')).series).toBe(3);
    await expect(page.getByTestId('charts-legend').getByRole('button', { name: 'sweep-0' }).locator('.swatch')).toHaveCSS(
      'background-color',
      'rgb(18, 52, 86)',
    );
    await expect(page.getByTestId('charts-source')).toContainText('3 runs matching the filter, plus 1 pinned');
    await page.getByTestId('x-axis').selectOption('relative');
    await screenshotBothThemes(page, 'charts-tab');

    // Back to the table: the filter and sort are there, the chart setting rides along.
    await tabs.getByRole('link', { name: 'Table' }).click();
    await expect(page).toHaveURL(new RegExp(`/experiments/${experimentId}\\?.*cx=relative`));
    await expect(page).toHaveURL(/sort=metrics.val%2Facc/);
    await expect(page.getByRole('checkbox', { name: 'Select run sweep-3' })).toHaveCount(0);
    // Select two runs in the table: the charts show those two only.
    await page.getByRole('checkbox', { name: 'Select run sweep-0' }).click();
    await page.getByRole('checkbox', { name: 'Select run sweep-4' }).click();
    await tabs.getByRole('link', { name: 'Charts' }).click();
    await expect(page).toHaveURL(/cx=relative/);
    await expect(page.getByTestId('x-axis')).toHaveValue('relative');
    await expect(page.getByTestId('charts-source')).toContainText('Charting the 2 runs selected in the table');
    await waitForCharts(page);
    await expect(legend).toHaveCount(2);
    expect((await chartState(page, 'l|train/loss')).series).toBe(2);
    // Hiding a run in the charts hides it in the table's marks too.
    await page.getByTestId('charts-legend').getByRole('button', { name: 'sweep-4' }).click();
    await expect.poll(async () => (await chartState(page, 'l|train/loss')).series).toBe(1);
    const hidden = await page.evaluate((key) => window.localStorage.getItem(key), `runboard:hidden-runs:${experimentId}`);
    expect(JSON.parse(hidden ?? '[]')).toEqual([run2, run4]);
    await page.getByRole('button', { name: 'Chart all matching runs' }).click();
    await expect(page).not.toHaveURL(/sel=/);
    await expect(legend).toHaveCount(4);
    await tabs.getByRole('link', { name: 'Table' }).click();
    await expect(page.getByTestId('selection-count')).toHaveCount(0);
  });
});
