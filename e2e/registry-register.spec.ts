// Item 6 of the registry: register a logged model folder from a run's artifacts as a new version
// of a new model, then of the existing one, and find both on the model page at once.
import { expect, test, uniqueName } from './support/fixtures';
import { modelUrl, seedModelRun, versionRow } from './support/registry-seed';

const V1 = { metrics: { accuracy: 0.81 }, params: { lr: '0.1' } };
const V2 = { metrics: { accuracy: 0.88 }, params: { lr: '0.05' } };

test('registers two runs’ model folders, into a new and then the existing model', async ({ page, api }) => {
  const experimentId = await api.createExperiment(uniqueName('rb-register-exp'));
  const firstRun = await seedModelRun(api, experimentId, V1, 'register-run-1');
  const secondRun = await seedModelRun(api, experimentId, V2, 'register-run-2');
  const name = uniqueName('rb-register');
  const preview = page.getByRole('region', { name: 'Artifact preview' });

  // First run: a new model.
  await page.goto(`/experiments/${experimentId}/runs/${firstRun}?tab=artifacts&artifact=model`);
  await preview.getByRole('button', { name: 'Register model' }).first().click();
  let dialog = page.getByRole('dialog', { name: 'Register model' });
  await expect(dialog).toContainText(`runs:/${firstRun}/model`);
  await dialog.getByRole('button', { name: 'New model' }).click();
  await dialog.getByLabel('Model name').fill(name);
  await dialog.getByRole('button', { name: 'Register' }).click();
  await page.getByRole('dialog', { name: 'Model registered' }).getByRole('link', { name: 'Open version 1' }).click();
  await expect(page).toHaveURL(`${modelUrl(name)}/versions/1`);
  await expect(page.getByRole('link', { name: 'register-run-1' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Run metrics' })).toContainText('0.81');
  // Open the model page once, so it is in the app's cache when the next version arrives.
  await page.getByRole('link', { name, exact: true }).first().click();
  await expect(versionRow(page, '1')).toBeVisible();

  // Second run: the model now exists.
  await page.goto(`/experiments/${experimentId}/runs/${secondRun}?tab=artifacts&artifact=model`);
  await preview.getByRole('button', { name: 'Register model' }).first().click();
  dialog = page.getByRole('dialog', { name: 'Register model' });
  await dialog.getByLabel('Find a model').fill(name);
  await dialog.getByLabel('Registered model').selectOption(name);
  await dialog.getByRole('button', { name: 'Register' }).click();
  await page.getByRole('dialog', { name: 'Model registered' }).getByRole('link', { name: 'Open version 2' }).click();
  await expect(page).toHaveURL(`${modelUrl(name)}/versions/2`);
  await expect(page.getByRole('table', { name: 'Run metrics' })).toContainText('0.88');

  // The model page shows both versions with their source runs and metrics.
  await page.getByRole('link', { name, exact: true }).first().click();
  await expect(versionRow(page, '2')).toContainText('register-run-2');
  await expect(versionRow(page, '2')).toContainText('0.88');
  await expect(versionRow(page, '1')).toContainText('register-run-1');
  const history = page.getByRole('list', { name: 'Registry history' });
  await expect(history.getByTestId('timeline-entry').first()).toContainText('Version 2 registered');
});
