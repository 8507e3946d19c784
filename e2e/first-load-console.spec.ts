// The first load of every top-level page in a fresh browser is silent: no console warning or
// error (React Router's "Matched leaf route at location / does not have an element" was one) and
// no failed request, including the optional files a page may look for (the MLmodel of a model
// version registered from a folder without one).
import { expect, test, uniqueName } from './support/fixtures';

test('first load of each top-level page: no console warning or error, no failed request', async ({ browser, api }) => {
  const experimentId = await api.createExperiment(uniqueName('first-load'));
  const runId = await api.createRun(experimentId, { name: 'first-load-run', startTime: Date.now() - 60_000 });
  await api.logBatch(runId, { metrics: [{ key: 'loss', value: 0.5, step: 0 }], params: { lr: '0.1' } });
  await api.finishRun(runId);
  const modelName = uniqueName('first-load-model');
  await api.call('POST', 'registered-models/create', { name: modelName });
  // Registered from a folder that holds no MLmodel file.
  await api.call('POST', 'model-versions/create', { name: modelName, source: `runs:/${runId}/model`, run_id: runId });

  const model = encodeURIComponent(modelName);
  const pages: [string, string][] = [
    ['home (redirects to the experiments)', '/'],
    ['experiments', '/experiments'],
    ['runs table', `/experiments/${experimentId}`],
    ['chart view', `/experiments/${experimentId}/charts`],
    ['logged models', `/experiments/${experimentId}/models`],
    ['run page', `/experiments/${experimentId}/runs/${runId}`],
    ['run metric page', `/experiments/${experimentId}/runs/${runId}/metrics/loss`],
    ['metric across runs', `/metrics?runs=${runId}&key=loss`],
    ['compare', `/compare?runs=${runId}`],
    ['models', '/models'],
    ['model', `/models/${model}`],
    ['model version without MLmodel', `/models/${model}/versions/1`],
    ['webhooks', '/settings/webhooks'],
    ['not found', '/no-such-page'],
  ];
  const baseURL = test.info().project.use.baseURL ?? '';
  const problems: string[] = [];
  for (const [name, path] of pages) {
    const context = await browser.newContext({ baseURL });
    const page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'warning' || message.type() === 'error') problems.push(`${name} (${path}): console ${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`${name} (${path}): page error: ${error.message}`));
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`${name} (${path}): ${response.status()} from ${response.request().method()} ${response.url()}`);
    });
    await page.goto(path);
    await expect(page.locator('main#main')).toBeVisible();
    await expect(page.getByRole('progressbar')).toHaveCount(0);
    // Wait for the page to settle: skeletons gone, no request in flight.
    await page.waitForLoadState('networkidle');
    await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
    await context.close();
  }
  expect(problems).toEqual([]);
});
