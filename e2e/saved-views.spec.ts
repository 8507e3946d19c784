// Saved views of the runs table, stored as MLflow 3.15 shared view state (experiment tag
// mlflow.sharedViewState.<id>): save, open by link in a fresh browser, pick, rename, delete.
import { expect, screenshotBothThemes, test, uniqueName, type MlflowApi } from './support/fixtures';

test.use({ viewport: { width: 1600, height: 1000 } });

async function seed(api: MlflowApi): Promise<string> {
  const experimentId = await api.createExperiment(uniqueName('saved-views'));
  const now = Date.now();
  for (const [index, [name, acc, opt]] of ([
    ['alpha', 0.91, 'adam'],
    ['beta', 0.72, 'sgd'],
    ['gamma', 0.88, 'adam'],
  ] as const).entries()) {
    const runId = await api.createRun(experimentId, { name, startTime: now - (3 - index) * 60_000 });
    await api.logBatch(runId, { metrics: [{ key: 'acc', value: acc, step: 0, timestamp: now }], params: { opt } });
    await api.finishRun(runId, 'FINISHED', now);
  }
  return experimentId;
}

interface ExperimentTags {
  experiment: { tags?: { key: string; value: string }[] };
}

async function viewTags(api: MlflowApi, experimentId: string) {
  const { experiment } = await api.call<ExperimentTags>('GET', 'experiments/get', { experiment_id: experimentId });
  return (experiment.tags ?? []).filter((tag) => tag.key.startsWith('mlflow.sharedViewState.'));
}

function runNames(page: import('@playwright/test').Page) {
  return page.getByTestId('run-row').locator('.rb-run-link');
}

test('a saved view round-trips through the experiment tag and a fresh browser', async ({ page, api, browser }) => {
  const experimentId = await seed(api);
  // A view: filter, sort by acc ascending, a chosen column set, Max aggregation.
  await page.goto(`/experiments/${experimentId}?q=${encodeURIComponent("params.opt = 'adam'")}&sort=metrics.acc&dir=asc&cols=metrics.acc,params.opt&agg=max`);
  await expect(runNames(page)).toHaveText(['gamma', 'alpha']);
  const views = page.getByRole('group', { name: 'Saved views' });
  await views.getByRole('button', { name: 'Save view…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Save view' });
  await dialog.getByLabel('View name').fill('Adam by accuracy');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
  await expect(views.getByLabel('View', { exact: true })).toHaveValue(/.+/);
  const viewId = new URL(page.url()).searchParams.get('viewStateShareKey') ?? '';
  expect(viewId).not.toBe('');

  // On the server: MLflow's tag key and envelope, with MLflow's field names.
  const [tag] = await viewTags(api, experimentId);
  expect(tag?.key).toBe(`mlflow.sharedViewState.${viewId}`);
  const envelope = JSON.parse(tag?.value ?? '{}') as { name: string; createdAt: number; updatedAt: number; state: string };
  expect(envelope.name).toBe('Adam by accuracy');
  expect(envelope.createdAt).toBeGreaterThan(0);
  expect(JSON.parse(envelope.state)).toMatchObject({
    searchFilter: "params.opt = 'adam'",
    orderByKey: 'metrics.`acc`',
    orderByAsc: true,
    lifecycleFilter: 'Active',
    selectedColumns: ['metrics.`acc`', 'params.`opt`'],
  });
  await screenshotBothThemes(page, 'saved-views-runs-page');

  // A fresh browser (no local storage) opens the shared link: the same view.
  const fresh = await browser.newContext({ baseURL: new URL(page.url()).origin, viewport: { width: 1600, height: 1000 } });
  const other = await fresh.newPage();
  await other.goto(`/experiments/${experimentId}?viewStateShareKey=${viewId}`);
  await expect(runNames(other)).toHaveText(['gamma', 'alpha']);
  await expect(other.getByRole('combobox', { name: 'Filter runs' })).toHaveValue("params.opt = 'adam'");
  const restored = new URL(other.url()).searchParams;
  expect(restored.get('sort')).toBe('metrics.acc');
  expect(restored.get('agg')).toBe('max');
  expect(restored.get('cols')).toBe('metrics.acc,params.opt');

  // Picking: back to the unsaved default, then the view from the picker.
  const otherViews = other.getByRole('group', { name: 'Saved views' });
  await otherViews.getByLabel('View', { exact: true }).selectOption({ label: 'Unsaved view' });
  await other.goto(`/experiments/${experimentId}`);
  await expect(runNames(other)).toHaveText(['gamma', 'beta', 'alpha']);
  await otherViews.getByLabel('View', { exact: true }).selectOption({ label: 'Adam by accuracy' });
  await expect(runNames(other)).toHaveText(['gamma', 'alpha']);

  // Rename.
  await otherViews.getByRole('button', { name: 'Rename…' }).click();
  const rename = other.getByRole('dialog', { name: 'Rename view' });
  await rename.getByLabel('View name').fill('Adam, worst first');
  await rename.getByRole('button', { name: 'Save' }).click();
  await expect(otherViews.getByLabel('View', { exact: true }).locator('option:checked')).toHaveText('Adam, worst first');
  await expect.poll(async () => (JSON.parse((await viewTags(api, experimentId))[0]?.value ?? '{}') as { name?: string }).name).toBe('Adam, worst first');

  // Delete.
  await otherViews.getByRole('button', { name: 'Delete…' }).click();
  await other.getByRole('dialog', { name: /Delete the view/ }).getByRole('button', { name: 'Delete' }).click();
  await expect(otherViews.getByLabel('View', { exact: true }).locator('option')).toHaveText(['Unsaved view']);
  await expect.poll(async () => (await viewTags(api, experimentId)).length).toBe(0);
  await fresh.close();
});

test('opens a view written by MLflow 3.15 from its mapped fields', async ({ page, api }) => {
  const experimentId = await seed(api);
  const state = {
    searchFilter: 'metrics.acc > 0.8',
    orderByKey: 'metrics.`acc`',
    orderByAsc: false,
    startTime: 'ALL',
    lifecycleFilter: 'Active',
    modelVersionFilter: 'All Runs',
    datasetsFilter: [],
    selectedColumns: ['metrics.`acc`'],
    compareRunCharts: [],
    groupBy: null,
  };
  await api.call('POST', 'experiments/set-experiment-tag', {
    experiment_id: experimentId,
    key: 'mlflow.sharedViewState.frommlflow',
    value: JSON.stringify({ name: 'From MLflow', createdAt: Date.now(), updatedAt: Date.now(), state: JSON.stringify(state) }),
  });
  await page.goto(`/experiments/${experimentId}?viewStateShareKey=frommlflow`);
  await expect(runNames(page)).toHaveText(['alpha', 'gamma']);
  await expect(page.getByRole('group', { name: 'Saved views' }).getByLabel('View', { exact: true }).locator('option:checked')).toHaveText('From MLflow');
});
