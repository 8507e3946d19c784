// MLflow 3 logged models in the UI: an experiment's Models tab (search, metrics, params, status,
// source run), the logged model page (metrics, params, tags, files with previews, runs, versions),
// registering a version from it, the version page's link back, and prompts kept out of the
// registered models list. Seeded through the REST API as an MLflow 3 client would.
import { expect, expectNoSeriousA11yIssues, screenshotBothThemes, test, uniqueName, type MlflowApi } from './support/fixtures';

test.use({ viewport: { width: 1440, height: 1000 } });

interface SeededModel {
  modelId: string;
  name: string;
}

async function createLoggedModel(
  api: MlflowApi,
  experimentId: string,
  name: string,
  sourceRunId: string,
  params: Record<string, string>,
  metrics: Record<string, number>,
): Promise<SeededModel> {
  const created = await api.call<{ model: { info: { model_id: string } } }>('POST', 'logged-models', {
    experiment_id: experimentId,
    name,
    source_run_id: sourceRunId,
    model_type: 'classifier',
    params: Object.entries(params).map(([key, value]) => ({ key, value })),
    tags: [{ key: 'team', value: 'vision' }],
  });
  const modelId = created.model.info.model_id;
  // MLflow 3 logs model metrics through the run, naming the model.
  for (const [key, value] of Object.entries(metrics)) {
    await api.call('POST', 'runs/log-metric', { run_id: sourceRunId, key, value, timestamp: Date.now(), step: 0, model_id: modelId, dataset_name: 'eval' });
  }
  await api.call('POST', 'runs/outputs', { run_id: sourceRunId, models: [{ model_id: modelId, step: 0 }] });
  await api.call('PATCH', `logged-models/${modelId}`, { status: 'LOGGED_MODEL_READY' });
  return { modelId, name };
}

test('an experiment lists its logged models; a model page shows its data and files and registers a version', async ({ page, api, consoleGuard }) => {
  const experimentName = uniqueName('logged-models');
  const experimentId = await api.createExperiment(experimentName);
  const trainRun = await api.createRun(experimentId, { name: 'train' });
  const evalRun = await api.createRun(experimentId, { name: 'evaluate' });
  const good = await createLoggedModel(api, experimentId, uniqueName('clf-good'), trainRun, { depth: '8' }, { accuracy: 0.93 });
  const weak = await createLoggedModel(api, experimentId, uniqueName('clf-weak'), trainRun, { depth: '2' }, { accuracy: 0.71 });
  // Another run loads the good model as an input (mlflow.<flavor>.load_model in MLflow 3).
  await api.call('POST', 'runs/log-inputs', { run_id: evalRun, models: [{ model_id: good.modelId }] });
  // Files under the model's artifact location.
  const put = async (path: string, body: string, contentType: string) => {
    const response = await page.request.put(`/api/2.0/mlflow-artifacts/artifacts/${experimentId}/models/${good.modelId}/artifacts/${path}`, {
      data: body,
      headers: { 'Content-Type': contentType },
    });
    expect(response.ok()).toBe(true);
  };
  await put('MLmodel', 'artifact_path: model\nflavors:\n  sklearn:\n    sklearn_version: 1.5.0\n', 'text/plain');
  await put('metrics/report.csv', 'class,precision\ncat,0.91\ndog,0.95\n', 'text/csv');

  // The Models tab: both models, with their metric and param, status and source run.
  await page.goto(`/experiments/${experimentId}`);
  await page.getByTestId('experiment-view-tabs').getByRole('link', { name: 'Models' }).click();
  const table = page.getByRole('table', { name: 'Logged models' });
  await expect(table.getByRole('row')).toHaveCount(3);
  const goodRow = table.getByRole('row').filter({ hasText: good.name });
  await expect(goodRow).toContainText('0.93');
  await expect(goodRow).toContainText('8');
  await expect(goodRow).toContainText('Ready');
  await expect(goodRow.getByRole('link', { name: trainRun.slice(0, 8) })).toBeVisible();

  // Search on the server with MLflow's logged-model filter.
  await page.getByRole('searchbox', { name: 'Filter logged models' }).fill('metrics.accuracy > 0.9');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(table.getByRole('row')).toHaveCount(2);
  await expect(table).not.toContainText(weak.name);
  expect(new URL(page.url()).searchParams.get('mq')).toBe('metrics.accuracy > 0.9');
  await screenshotBothThemes(page, 'logged-models-tab');
  await expectNoSeriousA11yIssues(page);

  // A refused filter is reported, not a crash (Chromium logs the 400).
  consoleGuard.allow(/status of 400/);
  await page.getByRole('searchbox', { name: 'Filter logged models' }).fill('metrics.accuracy >');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByText('The server refused this filter')).toBeVisible();
  await page.getByRole('searchbox', { name: 'Filter logged models' }).fill('');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(table.getByRole('row')).toHaveCount(3);

  // The model page.
  await table.getByRole('link', { name: good.name }).click();
  await expect(page.getByRole('heading', { name: good.name, level: 1 })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Model metrics' })).toContainText('accuracy');
  await expect(page.getByRole('table', { name: 'Model metrics' })).toContainText('eval');
  await expect(page.getByRole('table', { name: 'Model parameters' })).toContainText('depth');
  await expect(page.getByRole('table', { name: 'Model tags' })).toContainText('vision');
  const runs = page.getByRole('region', { name: 'Runs' });
  await expect(runs.getByRole('link', { name: trainRun })).toBeVisible();
  await expect(runs.getByRole('list', { name: 'Runs that used this model' })).toContainText('evaluate used it as an input');

  // Files: folders open on demand, previews reuse the run page's pieces.
  const files = page.getByRole('tree', { name: 'Files of the model' });
  await files.getByRole('button', { name: /MLmodel/ }).click();
  await expect(page.locator('.artifact-pre')).toContainText('sklearn_version: 1.5.0');
  await files.getByRole('button', { name: /metrics/ }).click();
  await files.getByRole('button', { name: /report\.csv/ }).click();
  await expect(page.locator('.artifact-table')).toContainText('dog');

  // Register a version from the logged model.
  const registeredName = uniqueName('registered-clf');
  await page.getByRole('button', { name: 'Register model' }).click();
  const dialog = page.getByRole('dialog', { name: 'Register logged model' });
  await dialog.getByLabel('Registered model').fill(registeredName);
  await expect(dialog).toContainText(`Creates the registered model “${registeredName}” with version 1.`);
  await dialog.getByRole('button', { name: 'Register' }).click();
  const done = page.getByRole('dialog', { name: 'Model registered' });
  await expect(done).toContainText(`models:/${good.modelId}`);
  await screenshotBothThemes(page, 'logged-model-registered');
  await done.getByRole('button', { name: 'Close', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Registered versions' }).getByRole('link', { name: `${registeredName} version 1` })).toBeVisible();
  await screenshotBothThemes(page, 'logged-model-page');
  await expectNoSeriousA11yIssues(page);

  // The version page resolves the models:/ source to the logged model.
  await page.getByRole('region', { name: 'Registered versions' }).getByRole('link', { name: `${registeredName} version 1` }).click();
  await expect(page).toHaveURL(new RegExp(`/models/${registeredName}/versions/1$`));
  const source = page.getByRole('link', { name: `models:/${good.modelId}` });
  await expect(source).toBeVisible();
  await source.click();
  await expect(page.getByRole('heading', { name: good.name, level: 1 })).toBeVisible();

  // The registered version really is the logged model's: model_id and source on the server.
  const version = await api.call<{ model_version: { source: string; run_id: string; model_id?: string } }>('GET', 'model-versions/get', { name: registeredName, version: '1' });
  expect(version.model_version.source).toBe(`models:/${good.modelId}`);
  expect(version.model_version.run_id).toBe(trainRun);
});

test('prompts stay out of the registered models list unless asked for', async ({ page, api }) => {
  const prefix = uniqueName('prompt-list');
  const modelName = `${prefix}-model`;
  const promptName = `${prefix}-prompt`;
  await api.call('POST', 'registered-models/create', { name: modelName });
  await api.call('POST', 'registered-models/create', { name: promptName, tags: [{ key: 'mlflow.prompt.is_prompt', value: 'true' }] });

  await page.goto(`/models?q=${encodeURIComponent(prefix)}`);
  const list = page.getByRole('table', { name: 'Registered models' });
  await expect(list.getByRole('link', { name: modelName })).toBeVisible();
  await expect(list.getByRole('link', { name: promptName })).toHaveCount(0);

  await page.getByRole('group', { name: 'Show' }).getByRole('button', { name: 'Prompts' }).click();
  await expect(list.getByRole('link', { name: promptName })).toBeVisible();
  await expect(list.getByRole('link', { name: modelName })).toHaveCount(0);
  expect(new URL(page.url()).searchParams.get('prompts')).toBe('1');
  await screenshotBothThemes(page, 'models-list-prompts');

  await page.getByRole('group', { name: 'Show' }).getByRole('button', { name: 'Models' }).click();
  await expect(list.getByRole('link', { name: modelName })).toBeVisible();
});
