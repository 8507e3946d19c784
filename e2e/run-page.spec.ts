import { expect, expectNoSeriousA11yIssues, screenshotBothThemes, test, uniqueName, type MlflowApi } from './support/fixtures';
import { expectToast, failEndpoint, runUrl, seedRun } from './support/run-seed';

interface RunJson {
  info: { run_name?: string; lifecycle_stage?: string };
  data?: { tags?: { key: string; value?: string }[] };
}

async function getRun(api: MlflowApi, runId: string): Promise<RunJson> {
  return (await api.call<{ run: RunJson }>('GET', 'runs/get', { run_id: runId })).run;
}

async function tagsOf(api: MlflowApi, runId: string): Promise<Record<string, string>> {
  const run = await getRun(api, runId);
  return Object.fromEntries((run.data?.tags ?? []).map((tag) => [tag.key, tag.value ?? '']));
}

test.describe('run page', () => {
  test('shows the run: details, source, parent and children, datasets, models, params, metrics, tags', async ({ page, api }) => {
    const experimentName = uniqueName('run-full');
    const experimentId = await api.createExperiment(experimentName);
    const start = Date.now() - 2 * 60 * 60_000;
    const parentName = uniqueName('parent');
    const parentId = await api.createRun(experimentId, { name: parentName, startTime: start - 1000 });
    const runName = uniqueName('main');
    const runId = await api.createRun(experimentId, {
      name: runName,
      startTime: start,
      tags: {
        'mlflow.user': 'alice',
        'mlflow.source.name': 'train.py',
        'mlflow.source.type': 'LOCAL',
        'mlflow.source.git.commit': '3f2a9c1b7e0d4a5b6c7d8e9f0a1b2c3d4e5f6a7b',
        'mlflow.source.git.repoURL': 'git@github.com:acme/bert.git',
        'mlflow.project.entryPoint': 'main',
        'mlflow.parentRunId': parentId,
        team: 'nlp',
      },
    });
    const childName = uniqueName('child');
    await api.createRun(experimentId, { name: childName, startTime: start + 1000, tags: { 'mlflow.parentRunId': runId } });
    await api.logBatch(runId, {
      params: { learning_rate: '0.01', batch_size: '32', optimizer: 'adamw' },
      metrics: [
        ...Array.from({ length: 30 }, (_, step) => ({ key: 'loss', value: 1 / (step + 1), step, timestamp: start + step * 1000 })),
        { key: 'val/f1', value: 0.875, step: 3, timestamp: start + 5000 },
      ],
    });
    await api.call('POST', 'runs/log-inputs', {
      run_id: runId,
      datasets: [
        {
          tags: [{ key: 'mlflow.data.context', value: 'training' }],
          dataset: { name: 'sst2', digest: 'd1g3st', source_type: 'hf', source: '{"uri": "hf://glue/sst2"}' },
        },
      ],
    });
    await api.call('POST', 'runs/set-tag', {
      run_id: runId,
      key: 'mlflow.log-model.history',
      value: JSON.stringify([
        {
          run_id: runId,
          artifact_path: 'model',
          utc_time_created: '2024-01-01 00:00:00.000000',
          flavors: { sklearn: {}, python_function: {} },
        },
      ]),
    });
    const modelName = uniqueName('reg-model');
    await api.call('POST', 'registered-models/create', { name: modelName });
    await api.call('POST', 'model-versions/create', { name: modelName, source: `runs:/${runId}/model`, run_id: runId });
    await api.finishRun(runId, 'FINISHED', start + 3_725_000);

    await page.goto(runUrl({ experimentId, runId }));
    await expect(page.getByRole('heading', { level: 1, name: runName })).toBeVisible();
    await expect(page.getByTestId('run-status').first()).toHaveText('Finished');

    const details = page.getByRole('region', { name: 'Details' });
    await expect(details).toContainText(runId);
    await expect(details).toContainText('alice');
    await expect(details).toContainText('train.py');
    await expect(details).toContainText('LOCAL');
    await expect(page.getByTestId('run-duration')).toHaveText('1h 02m');
    await expect(details.getByRole('link', { name: '3f2a9c1b7e' })).toHaveAttribute(
      'href',
      'https://github.com/acme/bert/commit/3f2a9c1b7e0d4a5b6c7d8e9f0a1b2c3d4e5f6a7b',
    );
    await expect(details).toContainText('main');
    await expect(page.getByTestId('parent-run-link')).toHaveText(parentName);

    const children = page.getByRole('list', { name: 'Child runs' });
    await expect(children.getByRole('link', { name: childName })).toBeVisible();

    const datasets = page.getByRole('table', { name: 'Datasets' });
    await expect(datasets).toContainText('sst2');
    await expect(datasets).toContainText('training');
    await expect(datasets).toContainText('hf://glue/sst2');

    const models = page.getByRole('region', { name: 'Models' });
    await expect(models.getByRole('button', { name: 'model' })).toBeVisible();
    await expect(models).toContainText('sklearn');
    await expect(models.getByRole('link', { name: `${modelName} v1` })).toHaveAttribute('href', `/models/${modelName}/versions/1`);

    const params = page.getByRole('region', { name: 'Parameters' });
    await expect(params.getByRole('row')).toHaveCount(4);
    await params.getByRole('searchbox').fill('rate');
    await expect(params.getByRole('row')).toHaveCount(2);
    await expect(params).toContainText('0.01');
    await expect(params).toContainText('1 of 3');

    const metrics = page.getByRole('region', { name: 'Metrics' });
    await expect(metrics.getByRole('link', { name: 'loss' })).toBeVisible();
    await expect(metrics.getByRole('link', { name: 'val/f1' })).toBeVisible();
    await expect(page.getByTestId('sparkline-loss')).toHaveAttribute('data-points', '30');
    await expect(page.getByTestId('sparkline-loss').locator('svg path')).toHaveAttribute('d', /^M /);
    await metrics.getByRole('searchbox').fill('f1');
    await expect(metrics.getByRole('link', { name: 'loss' })).toHaveCount(0);

    // System tags are not in the editable list but can be looked at.
    const tags = page.getByRole('region', { name: 'Tags' });
    await expect(tags.getByRole('table', { name: 'Tags' })).toContainText('team');
    await expect(tags.getByRole('table', { name: 'Tags' })).not.toContainText('mlflow.user');
    await tags.getByRole('button', { name: /System tags/ }).click();
    await expect(tags.getByRole('table', { name: 'System tags' })).toContainText('mlflow.source.name');

    // "/" goes to the page's main search box (parameters).
    await page.locator('body').click();
    await page.keyboard.press('/');
    await expect(params.getByRole('searchbox')).toBeFocused();

    await expectNoSeriousA11yIssues(page);
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshotBothThemes(page, 'run-page');
    // The screenshots end in the dark theme: check it too.
    await expectNoSeriousA11yIssues(page);

    // Logged model → its artifact folder.
    await models.getByRole('button', { name: 'model' }).click();
    await expect(page).toHaveURL(/tab=artifacts&artifact=model/);
  });

  test('renames the run; a failed rename says why and keeps the name', async ({ page, api, consoleGuard }) => {
    consoleGuard.allow(/status of 500/);
    const run = await seedRun(api, 'run-rename');
    await page.goto(runUrl(run));
    await expect(page.getByRole('heading', { level: 1, name: run.runName })).toBeVisible();

    await failEndpoint(page, 'runs/update', 'Run store is read-only');
    await page.getByRole('button', { name: 'Rename' }).click();
    await page.getByLabel('Run name').fill(`${run.runName}-x`);
    await page.getByRole('button', { name: 'Save' }).click();
    await expectToast(page, 'error', 'Could not rename the run: Run store is read-only');
    await expect(page.getByLabel('Run name')).toHaveValue(`${run.runName}-x`);
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByRole('heading', { level: 1, name: run.runName })).toBeVisible();
    expect((await getRun(api, run.runId)).info.run_name).toBe(run.runName);

    await page.unroute('**/ajax-api/2.0/mlflow/runs/update');
    await page.getByRole('button', { name: 'Rename' }).click();
    await page.getByLabel('Run name').fill(`${run.runName}-renamed`);
    await page.keyboard.press('Enter');
    await expectToast(page, 'success', `Run renamed to “${run.runName}-renamed”`);
    await expect(page.getByRole('heading', { level: 1, name: `${run.runName}-renamed` })).toBeVisible();
    await expect(page.getByRole('navigation', { name: 'Breadcrumb' })).toContainText(`${run.runName}-renamed`);
    expect((await getRun(api, run.runId)).info.run_name).toBe(`${run.runName}-renamed`);
  });

  test('edits tags; a failed tag write leaves the tags unchanged', async ({ page, api, consoleGuard }) => {
    consoleGuard.allow(/status of 500/);
    const run = await seedRun(api, 'run-tags');
    await page.goto(runUrl(run));
    const tags = page.getByRole('region', { name: 'Tags' });

    await tags.getByRole('button', { name: 'Add tag' }).click();
    await tags.getByLabel('Key').fill('stage');
    await tags.getByLabel('Value').fill('candidate');
    await tags.getByRole('button', { name: 'Add', exact: true }).click();
    await expectToast(page, 'success', 'Tag “stage” saved');
    await expect(tags.getByRole('cell', { name: 'candidate', exact: true })).toBeVisible();

    await tags.getByRole('button', { name: 'Edit tag stage' }).click();
    await tags.getByLabel('Value of tag stage').fill('release');
    await tags.getByLabel('Value of tag stage').press('Enter');
    await expect(tags.getByRole('cell', { name: 'release', exact: true })).toBeVisible();

    await failEndpoint(page, 'runs/delete-tag', 'Tag store unavailable');
    await tags.getByRole('button', { name: 'Delete tag owner' }).click();
    await expectToast(page, 'error', 'Could not delete the tag: Tag store unavailable');
    await expect(tags.getByRole('cell', { name: 'owner', exact: true })).toBeVisible();
    await page.unroute('**/ajax-api/2.0/mlflow/runs/delete-tag');

    await tags.getByRole('button', { name: 'Delete tag owner' }).click();
    await expectToast(page, 'success', 'Tag “owner” deleted');
    await expect(tags.getByRole('cell', { name: 'owner', exact: true })).toHaveCount(0);

    const stored = await tagsOf(api, run.runId);
    expect(stored.stage).toBe('release');
    expect(stored.owner).toBeUndefined();
    expect(stored['mlflow.user']).toBe('alice');
  });

  test('edits the markdown description without running HTML', async ({ page, api }) => {
    const run = await seedRun(api, 'run-note');
    let dialogs = 0;
    page.on('dialog', (dialog) => {
      dialogs += 1;
      void dialog.dismiss();
    });
    await page.goto(runUrl(run));
    const description = page.getByRole('region', { name: 'Description' });
    await description.getByRole('button', { name: 'Edit run description' }).click();
    const note = 'Tried **warmup**.\n\n<img src=x onerror="alert(1)">\n\n- a\n- b';
    await description.getByLabel('Run description').fill(note);
    await description.getByRole('button', { name: 'Save' }).click();
    await expectToast(page, 'success', 'Description saved');
    await expect(description.locator('strong')).toHaveText('warmup');
    await expect(description.locator('li')).toHaveCount(2);
    await expect(description.locator('img')).toHaveCount(0);
    expect(dialogs).toBe(0);
    expect((await tagsOf(api, run.runId))['mlflow.note.content']).toBe(note);
  });

  test('deletes and restores the run with confirmation', async ({ page, api }) => {
    const run = await seedRun(api, 'run-delete');
    await page.goto(runUrl(run));
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete run?' });
    await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await confirm.getByRole('button', { name: 'Delete' }).click();
    await expectToast(page, 'success', 'Run deleted');
    await expect(page.getByText('Deleted', { exact: true })).toBeVisible();
    expect((await getRun(api, run.runId)).info.lifecycle_stage).toBe('deleted');
    await expect(page.getByRole('button', { name: 'Add tag' })).toHaveCount(0);

    await page.reload();
    await page.getByRole('button', { name: 'Restore' }).click();
    await expectToast(page, 'success', 'Run restored');
    await expect(page.getByRole('button', { name: 'Delete', exact: true })).toBeVisible();
    expect((await getRun(api, run.runId)).info.lifecycle_stage).toBe('active');
  });

  test('a failed delete keeps the run active', async ({ page, api, consoleGuard }) => {
    consoleGuard.allow(/status of 500/);
    const run = await seedRun(api, 'run-delete-fail');
    await failEndpoint(page, 'runs/delete', 'Backend unavailable');
    await page.goto(runUrl(run));
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByRole('dialog', { name: 'Delete run?' }).getByRole('button', { name: 'Delete' }).click();
    await expectToast(page, 'error', 'Could not delete the run: Backend unavailable');
    await expect(page.getByText('Deleted', { exact: true })).toHaveCount(0);
    expect((await getRun(api, run.runId)).info.lifecycle_stage).toBe('active');
  });

  test('a failed restore keeps the run deleted', async ({ page, api, consoleGuard }) => {
    consoleGuard.allow(/status of 500/);
    const run = await seedRun(api, 'run-restore-fail');
    await api.call('POST', 'runs/delete', { run_id: run.runId });
    await failEndpoint(page, 'runs/restore', 'Backend unavailable');
    await page.goto(runUrl(run));
    await expect(page.getByText('Deleted', { exact: true })).toBeVisible();
    await page.getByRole('button', { name: 'Restore' }).click();
    await expectToast(page, 'error', 'Could not restore the run: Backend unavailable');
    await expect(page.getByText('Deleted', { exact: true })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Restore' })).toBeEnabled();
    expect((await getRun(api, run.runId)).info.lifecycle_stage).toBe('deleted');
  });

  test('a failed description save keeps the draft and the stored note', async ({ page, api, consoleGuard }) => {
    consoleGuard.allow(/status of 500/);
    const run = await seedRun(api, 'run-note-fail');
    await page.goto(runUrl(run));
    await failEndpoint(page, 'runs/set-tag', 'Backend unavailable');
    const description = page.getByRole('region', { name: 'Description' });
    await description.getByRole('button', { name: 'Edit run description' }).click();
    await description.getByLabel('Run description').fill('A note that will not be saved');
    await description.getByRole('button', { name: 'Save' }).click();
    await expectToast(page, 'error', 'Backend unavailable');
    await expect(description.getByLabel('Run description')).toHaveValue('A note that will not be saved');
    expect((await tagsOf(api, run.runId))['mlflow.note.content']).toBeUndefined();
  });

  test('hundreds of params and metrics: only the rows on screen are rendered, search finds any', async ({ page, api }) => {
    const experimentId = await api.createExperiment(uniqueName('run-big'));
    const runId = await api.createRun(experimentId, { name: 'big' });
    for (let offset = 0; offset < 300; offset += 100) {
      await api.logBatch(runId, {
        params: Object.fromEntries(
          Array.from({ length: 100 }, (_, index) => [`p_${String(offset + index).padStart(3, '0')}`, `v${offset + index}`]),
        ),
      });
    }
    await api.logBatch(runId, {
      metrics: Array.from({ length: 400 }, (_, index) => ({ key: `m_${String(index).padStart(3, '0')}`, value: index, step: 0 })),
    });
    await api.finishRun(runId);
    await page.goto(runUrl({ experimentId, runId }));

    const params = page.getByRole('region', { name: 'Parameters' });
    await expect(params.getByRole('table', { name: 'Parameters' })).toHaveAttribute('aria-rowcount', '301');
    await expect(params.getByRole('row', { name: /p_000/ })).toBeVisible();
    const rendered = await params.getByRole('row').count();
    expect(rendered).toBeGreaterThan(5);
    expect(rendered).toBeLessThan(60);
    // Scrolling to the end brings the last rows in, with their position for assistive tech.
    await params.locator('.kv-table-scroll').evaluate((element) => element.scrollTo({ top: element.scrollHeight }));
    await expect(params.getByRole('row', { name: /p_299/ })).toBeVisible();
    await expect(params.getByRole('row', { name: /p_299/ })).toHaveAttribute('aria-rowindex', '301');
    await expect(params.getByRole('row', { name: /p_000/ })).toHaveCount(0);
    await params.getByRole('searchbox').fill('p_150');
    await expect(params.getByRole('row')).toHaveCount(2);
    await expect(params).toContainText('v150');

    const metrics = page.getByRole('region', { name: 'Metrics' });
    expect(await metrics.getByRole('row').count()).toBeLessThan(60);
    // Sparklines are fetched only for the rows on screen.
    await expect(page.getByTestId('sparkline-m_000')).toHaveAttribute('data-points', '1');
    await expect(page.getByTestId('sparkline-m_399')).toHaveCount(0);
    await metrics.getByRole('searchbox').fill('m_399');
    await expect(page.getByTestId('sparkline-m_399')).toHaveAttribute('data-points', '1');
    await expectNoSeriousA11yIssues(page);
  });

  test('an unknown run shows a not-found message', async ({ page, consoleGuard }) => {
    consoleGuard.allow(/status of 404/);
    await page.goto('/experiments/0/runs/0123456789abcdef0123456789abcdef');
    await expect(page.getByText('This run does not exist')).toBeVisible();
  });

  test('metric chart: the shared chart with its settings in the URL, exact summary and all values', async ({ page, api }) => {
    const run = await seedRun(api, 'run-chart');
    await api.logBatch(run.runId, {
      metrics: [
        { key: 'val/acc', value: 0.5, step: 1 },
        { key: 'val/acc', value: 0.7, step: 2 },
      ],
    });
    await page.goto(runUrl(run));
    await page.getByRole('region', { name: 'Metrics' }).getByRole('link', { name: 'loss' }).click();
    await expect(page).toHaveURL(new RegExp(`${runUrl(run)}/metrics/loss$`));
    await expect(page.getByRole('heading', { level: 1, name: 'loss' })).toBeVisible();
    const summary = page.getByTestId('metric-summary');
    await expect(summary.getByTestId('summary-points')).toHaveText('50');
    await expect(summary.getByTestId('summary-max')).toHaveText('2');
    await expect(summary.getByTestId('summary-last')).toContainText('at step 49');
    await expect(page.getByTestId('line-chart')).toHaveAttribute('data-drawn-max', '2');
    await expect(page.getByRole('region', { name: 'All values' }).getByRole('row')).toHaveCount(51);

    await page.getByTestId('x-axis').selectOption('wall');
    await expect(page).toHaveURL(/cx=wall/);
    await page.getByRole('button', { name: 'Log' }).click();
    await expect(page).toHaveURL(/cy=log/);
    await page.getByTestId('smoothing').selectOption('ema');
    await expect(page).toHaveURL(/csm=ema/);
    await expect(page.getByTestId('line-chart')).toHaveAttribute('data-main-series', '1');

    await page.reload();
    await expect(page.getByTestId('x-axis')).toHaveValue('wall');
    await expect(page.getByRole('button', { name: 'Log' })).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByTestId('smoothing')).toHaveValue('ema');
    await expectNoSeriousA11yIssues(page);
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshotBothThemes(page, 'metric-chart');
    // The screenshots end in the dark theme: check it too.
    await expectNoSeriousA11yIssues(page);

    // A key with a slash keeps working as one URL segment.
    await page.goto(runUrl(run));
    await page.getByRole('region', { name: 'Metrics' }).getByRole('link', { name: 'val/acc' }).click();
    await expect(page).toHaveURL(/metrics\/val%2Facc$/);
    await expect(page.getByTestId('metric-summary').getByTestId('summary-points')).toHaveText('2');
  });

  test('metric chart: a key the run never logged says so', async ({ page, api }) => {
    const run = await seedRun(api, 'run-nokey');
    await page.goto(`${runUrl(run)}/metrics/nothing`);
    await expect(page.getByTestId('metric-not-logged')).toHaveText('This run has no metric “nothing”.');
  });
});
