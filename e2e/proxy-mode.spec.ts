// The UI against a plain MLflow server: served with --proxy-to in front of a bundled server that
// answers only MLflow's own routes (no Runboard extensions: they answer 404 as on a real MLflow).
// Every page must work from the standard API alone, falling back where Runboard adds something;
// the chart buckets are built by the proxy itself from the upstream's full histories.
import { chartState, logHistory, waitForCharts } from './charts-support';
import { expect, MlflowApi, screenshotBothThemes, test } from './support/fixtures';
import { proxyPort } from './support/ports';
import { modelUrl, rowStage, seedModel, versionRow } from './support/registry-seed';
import { runUrl, seedRun } from './support/run-seed';

test.use({ baseURL: `http://127.0.0.1:${proxyPort}` });

test.describe('through --proxy-to a server without Runboard extensions', () => {
  test.beforeEach(({ consoleGuard }) => {
    // The extension routes answer 404 once, then the UI stops asking; Chromium logs the 404.
    consoleGuard.allow(/status of 404/);
  });

  test('experiments, runs table, run page and charts work from the standard API', async ({ page, api }) => {
    const seeded = await seedRun(api, 'proxy');
    await api.uploadArtifact(
      seeded.experimentId,
      seeded.runId,
      'metrics.json',
      JSON.stringify({ auc: 0.91, folds: [1, 2, 3] }),
      'application/json',
    );

    await page.goto('/experiments');
    await page.getByRole('link', { name: seeded.experimentName }).click();
    const row = page.getByRole('row').filter({ hasText: seeded.runName });
    await expect(row).toBeVisible();
    await expect(row).toContainText('alice');

    await page.goto(runUrl(seeded));
    await expect(page.getByRole('heading', { name: seeded.runName })).toBeVisible();
    await expect(page.getByText('learning_rate')).toBeVisible();
    // Artifacts are listed and read through MLflow's artifact routes, via the proxy.
    await page.getByRole('link', { name: 'Artifacts' }).click();
    await page
      .getByRole('navigation', { name: 'Artifact files' })
      .getByRole('button', { name: /metrics\.json/ })
      .click();
    await expect(page.getByRole('list', { name: 'Tree of metrics.json' })).toContainText('0.91');

    // A plain MLflow has no get-history-buckets: the proxy answers it, so no step sampling shows.
    const buckets = page.waitForResponse((response) => response.url().includes('get-history-buckets') && response.status() === 200);
    await page.goto(`/experiments/${seeded.experimentId}/charts`);
    await buckets;
    const chart = page.locator('[data-chart-id="l|loss"]');
    await expect.poll(async () => Number(await chart.locator('[data-testid=line-chart]').getAttribute('data-series'))).toBe(1);
    await expect(chart.getByText('sampled', { exact: true })).toHaveCount(0);
  });

  test('the chart view draws a spike among 20,000 steps: a quick sampled drawing first, then the exact one, then from the cache', async ({
    page,
    api,
  }) => {
    const seeded = await seedRun(api, 'proxy-spike');
    const spikeStep = 10_003;
    const runIds: string[] = [];
    for (const name of ['spiky', 'calm']) {
      const runId = await api.createRun(seeded.experimentId, { name });
      await logHistory(api, runId, ['signal'], 20_000, (_key, step) =>
        name === 'spiky' && step === spikeStep ? 100 : 1 + 0.01 * Math.sin(step / 40),
      );
      await api.finishRun(runId);
      runIds.push(runId);
    }
    const answers: { refining: boolean; allowRefining: boolean }[] = [];
    page.on('response', (response) => {
      if (!response.url().includes('get-history-buckets') || !response.url().includes('metric_key=signal')) return;
      answers.push({
        refining: response.headers()['x-runboard-refining'] === '1',
        allowRefining: response.url().includes('allow_refining=true'),
      });
    });
    await page.setViewportSize({ width: 1440, height: 1000 });
    await page.goto(`/experiments/${seeded.experimentId}/charts`);
    const chartId = 'l|signal';
    await expect.poll(async () => (await chartState(page, chartId)).drawnMax, { timeout: 30_000 }).toBe(100);
    await waitForCharts(page);
    const drawn = await chartState(page, chartId);
    expect(drawn.series).toBe(2);
    expect(drawn.drawnMaxX).toBe(spikeStep);
    // Cold cache: the first answer came from MLflow's step sample (which misses the spike), the next one exact.
    expect(answers[0]).toEqual({ refining: true, allowRefining: true });
    expect(answers.at(-1)).toEqual({ refining: false, allowRefining: false });
    await expect(page.locator(`[data-chart-id="${chartId}"]`).getByText('sampled', { exact: true })).toHaveCount(0);
    await screenshotBothThemes(page, 'proxy-chart-spike');

    // Warm cache: a fresh page gets the exact buckets in its first answer.
    answers.length = 0;
    await page.reload();
    await expect.poll(async () => (await chartState(page, chartId)).drawnMax, { timeout: 30_000 }).toBe(100);
    expect(answers[0]).toEqual({ refining: false, allowRefining: true });

    // The run's metric page: its summary is exact too.
    await page.goto(`/experiments/${seeded.experimentId}/runs/${runIds[0] ?? ''}/metrics/signal`);
    const card = page.locator('[data-chart-id="run|signal"]');
    await expect(card.getByTestId('summary-max')).toHaveText('100');
    await expect(card.getByTestId('summary-points')).toHaveText('20,000');
    await expect(card.getByTestId('summary-last')).toContainText('at step 19,999');
  });

  test('models list, model page and promotion work without the registry extensions', async ({ page, api }) => {
    const seeded = await seedModel(api, 'proxy-model', [
      { metrics: { accuracy: 0.81 }, params: { depth: '4' } },
      { metrics: { accuracy: 0.86 }, params: { depth: '6' } },
    ]);
    await api.call('POST', 'model-versions/transition-stage', { name: seeded.name, version: '1', stage: 'Production' });

    // Versions per stage: no stage-counts route here, so one MLflow search per model.
    await page.goto('/models');
    await page.getByLabel('Search models by name or filter').fill(seeded.name);
    const row = page.getByRole('table', { name: 'Registered models' }).getByRole('row').filter({ hasText: seeded.name });
    await expect(row).toContainText('Production');

    await page.goto(modelUrl(seeded.name));
    const history = page.getByRole('region', { name: 'History' });
    await expect(history.getByRole('note')).toContainText('keeps no registry history');
    await expect(history).toContainText('Version 2 registered');

    // Promote version 2 to Production, archiving version 1: the real MLflow API does it.
    await versionRow(page, '2').getByRole('button', { name: 'Actions for version 2' }).click();
    await page.getByRole('menuitem', { name: 'Move to Production…' }).click();
    await page.getByRole('dialog', { name: 'Move version 2 to Production?' }).getByRole('button', { name: 'Confirm' }).click();
    await expect(rowStage(page, '2')).toHaveText('Production');
    await expect(rowStage(page, '1')).toHaveText('Archived');
    // The change reached the server behind the proxy. The stages above show at once (optimistic), so
    // the server is asked until the write has landed (PostgreSQL under load takes a moment).
    const direct = new MlflowApi(page.request);
    const stagesOnServer = async () => {
      const versions = await direct.call<{ model_versions: { version: string; current_stage: string }[] }>('GET', 'model-versions/search', {
        filter: `name='${seeded.name}'`,
      });
      return Object.fromEntries(versions.model_versions.map((version) => [version.version, version.current_stage]));
    };
    await expect.poll(stagesOnServer).toEqual({ '1': 'Archived', '2': 'Production' });
  });

  test("the filter box says plainly that OR needs Runboard's server", async ({ page, api }) => {
    const seeded = await seedRun(api, 'proxy-or');
    const searches: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith('/runs/search'))
        searches.push(String((request.postDataJSON() as { filter?: string }).filter ?? ''));
    });
    await page.goto(`/experiments/${seeded.experimentId}`);
    await expect(page.getByRole('row').filter({ hasText: seeded.runName })).toBeVisible();
    const box = page.getByRole('combobox', { name: 'Filter runs' });
    await box.fill("params.learning_rate = '0.01' OR params.learning_rate = '0.1'");
    await expect(page.getByTestId('filter-error')).toHaveText(
      "OR and parentheses need Runboard's server: this MLflow server only joins conditions with AND.",
    );
    await expect(page.getByRole('button', { name: 'Search', exact: true })).toBeDisabled();
    await box.press('Enter');
    expect(searches.some((filter) => filter.includes(' OR '))).toBe(false);
    await page.getByRole('button', { name: 'Syntax' }).click();
    await expect(page.getByRole('region', { name: 'Filter syntax' })).toContainText('AND only');
    // AND still works as on MLflow.
    await box.fill("params.learning_rate = '0.01'");
    await expect(page.getByTestId('filter-error')).toHaveCount(0);
  });
});
