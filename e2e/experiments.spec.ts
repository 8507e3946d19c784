import { expect, expectNoSeriousA11yIssues, screenshotBothThemes, test, uniqueName, type MlflowApi } from './support/fixtures';
import { expectToast, failEndpoint } from './support/run-seed';

interface ExperimentJson {
  experiment_id: string;
  name: string;
  lifecycle_stage?: string;
  tags?: { key: string; value?: string }[];
}

async function getExperiment(api: MlflowApi, id: string): Promise<ExperimentJson> {
  const result = await api.call<{ experiment: ExperimentJson }>('GET', 'experiments/get', { experiment_id: id });
  return result.experiment;
}

function row(page: import('@playwright/test').Page, name: string) {
  return page.getByTestId('experiment-row').filter({ has: page.getByRole('link', { name, exact: true }) });
}

test.describe('experiments', () => {
  test('creates an experiment with artifact location and tags', async ({ page, api }) => {
    const name = uniqueName('exp-create');
    await page.goto('/experiments');
    await page.getByRole('button', { name: 'New experiment' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'New experiment' });
    await dialog.getByLabel('Name').fill(name);
    await dialog.getByLabel(/Artifact location/).fill(`/tmp/runboard-e2e/${name}`);
    await dialog.getByRole('button', { name: 'Add tag' }).click();
    await dialog.getByLabel('Tag 1 key').fill('team');
    await dialog.getByLabel('Tag 1 value').fill('vision');
    await dialog.getByRole('button', { name: 'Create' }).click();

    await expectToast(page, 'success', `Experiment “${name}” created`);
    await expect(page).toHaveURL(/\/experiments\/\d+$/);
    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
    const id = page.url().split('/').pop() ?? '';
    const created = await getExperiment(api, id);
    expect(created.tags).toContainEqual({ key: 'team', value: 'vision' });
    await expect(page.getByText(`/tmp/runboard-e2e/${name}`)).toBeVisible();
  });

  test('a failed create says why and keeps the dialog open', async ({ page, api, consoleGuard }) => {
    consoleGuard.allow(/status of 400/);
    const name = uniqueName('exp-dup');
    await api.createExperiment(name);
    await page.goto('/experiments');
    await page.getByRole('button', { name: 'New experiment' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'New experiment' });
    await dialog.getByLabel('Name').fill(name);
    await dialog.getByRole('button', { name: 'Create' }).click();
    await expectToast(page, 'error', 'Could not create the experiment');
    await expect(dialog).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
  });

  test('searches server-side by name, sorts, and restores both from the URL', async ({ page, api }) => {
    const prefix = uniqueName('exp-search');
    for (const suffix of ['charlie', 'alpha', 'bravo']) await api.createExperiment(`${prefix}-${suffix}`);
    await page.goto('/experiments');
    const search = page.getByRole('searchbox', { name: 'Search experiments by name' });
    const responsePromise = page.waitForResponse(
      (response) => response.url().includes('experiments/search') && (response.request().postData() ?? '').includes(prefix.toUpperCase()),
    );
    await search.fill(prefix.toUpperCase());
    const response = await responsePromise;
    expect(response.request().postDataJSON()).toMatchObject({ filter: `name ILIKE '%${prefix.toUpperCase()}%'` });
    await expect(page).toHaveURL(new RegExp(`q=${prefix.toUpperCase()}`));
    await expect(page.getByTestId('experiment-row')).toHaveCount(3);

    await page.getByLabel('Sort by').selectOption('name');
    await expect(page).toHaveURL(/sort=name/);
    const names = page.getByTestId('experiment-row').getByRole('link');
    await expect(names).toHaveText([`${prefix}-alpha`, `${prefix}-bravo`, `${prefix}-charlie`]);

    await page.reload();
    await expect(search).toHaveValue(prefix.toUpperCase());
    await expect(page.getByLabel('Sort by')).toHaveValue('name');
    await expect(names).toHaveText([`${prefix}-alpha`, `${prefix}-bravo`, `${prefix}-charlie`]);

    // Arrow keys move between experiments.
    await names.first().focus();
    await page.keyboard.press('ArrowDown');
    await expect(names.nth(1)).toBeFocused();
    await page.keyboard.press('End');
    await expect(names.nth(2)).toBeFocused();
    await page.keyboard.press('ArrowUp');
    await expect(names.nth(1)).toBeFocused();

    await search.fill(`${prefix}-zzz`);
    await expect(page.getByText('No experiments match')).toBeVisible();
  });

  test('renames an experiment, and a failed rename changes nothing', async ({ page, api, consoleGuard }) => {
    consoleGuard.allow(/status of 500/);
    const name = uniqueName('exp-rename');
    const id = await api.createExperiment(name);
    await page.goto(`/experiments?q=${name}`);

    await failEndpoint(page, 'experiments/update', 'Database is locked');
    await page.getByRole('button', { name: `Rename ${name}` }).click();
    let dialog = page.getByRole('dialog', { name: 'Rename experiment' });
    await dialog.getByLabel('New name').fill(`${name}-broken`);
    await dialog.getByRole('button', { name: 'Rename' }).click();
    await expectToast(page, 'error', 'Could not rename the experiment: Database is locked');
    await expect(dialog).toBeVisible();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(row(page, name)).toBeVisible();
    expect((await getExperiment(api, id)).name).toBe(name);

    await page.unroute('**/ajax-api/2.0/mlflow/experiments/update');
    await page.getByRole('button', { name: `Rename ${name}` }).click();
    dialog = page.getByRole('dialog', { name: 'Rename experiment' });
    await dialog.getByLabel('New name').fill(`${name}-renamed`);
    await dialog.getByRole('button', { name: 'Rename' }).click();
    await expectToast(page, 'success', `Experiment renamed to “${name}-renamed”`);
    await expect(dialog).toBeHidden();
    await expect(row(page, `${name}-renamed`)).toBeVisible();
    expect((await getExperiment(api, id)).name).toBe(`${name}-renamed`);
  });

  test('deletes with confirmation and restores from the deleted view', async ({ page, api }) => {
    const name = uniqueName('exp-delete');
    const id = await api.createExperiment(name);
    await page.goto(`/experiments?q=${name}`);
    await page.getByRole('button', { name: `Delete ${name}` }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete experiment?' });
    await expect(confirm).toContainText(name);
    // Esc cancels.
    await page.keyboard.press('Escape');
    await expect(confirm).toBeHidden();
    expect((await getExperiment(api, id)).lifecycle_stage).toBe('active');

    await page.getByRole('button', { name: `Delete ${name}` }).click();
    await page.getByRole('dialog', { name: 'Delete experiment?' }).getByRole('button', { name: 'Delete' }).click();
    await expectToast(page, 'success', `Experiment “${name}” deleted`);
    await expect(row(page, name)).toHaveCount(0);
    expect((await getExperiment(api, id)).lifecycle_stage).toBe('deleted');

    await page.getByRole('button', { name: 'Deleted', exact: true }).click();
    await expect(page).toHaveURL(/view=deleted/);
    await expect(row(page, name)).toBeVisible();
    await page.getByRole('button', { name: `Restore ${name}` }).click();
    await page.getByRole('dialog', { name: 'Restore experiment?' }).getByRole('button', { name: 'Restore' }).click();
    await expectToast(page, 'success', `Experiment “${name}” restored`);
    await expect(row(page, name)).toHaveCount(0);
    expect((await getExperiment(api, id)).lifecycle_stage).toBe('active');
  });

  test('a failed delete keeps the experiment', async ({ page, api, consoleGuard }) => {
    consoleGuard.allow(/status of 500/);
    const name = uniqueName('exp-delete-fail');
    const id = await api.createExperiment(name);
    await failEndpoint(page, 'experiments/delete', 'Storage offline');
    await page.goto(`/experiments?q=${name}`);
    await page.getByRole('button', { name: `Delete ${name}` }).click();
    await page.getByRole('dialog', { name: 'Delete experiment?' }).getByRole('button', { name: 'Delete' }).click();
    await expectToast(page, 'error', 'Could not delete the experiment: Storage offline');
    await page.keyboard.press('Escape');
    await expect(row(page, name)).toBeVisible();
    expect((await getExperiment(api, id)).lifecycle_stage).toBe('active');
  });

  test('a failed restore keeps the experiment deleted', async ({ page, api, consoleGuard }) => {
    consoleGuard.allow(/status of 500/);
    const name = uniqueName('exp-restore-fail');
    const id = await api.createExperiment(name);
    await api.call('POST', 'experiments/delete', { experiment_id: id });
    await failEndpoint(page, 'experiments/restore', 'Storage offline');
    await page.goto(`/experiments?view=deleted&q=${name}`);
    await page.getByRole('button', { name: `Restore ${name}` }).click();
    await page.getByRole('dialog', { name: 'Restore experiment?' }).getByRole('button', { name: 'Restore' }).click();
    await expectToast(page, 'error', 'Could not restore the experiment: Storage offline');
    await page.keyboard.press('Escape');
    await expect(row(page, name)).toBeVisible();
    expect((await getExperiment(api, id)).lifecycle_stage).toBe('deleted');
  });

  test('failed description and tag writes change nothing', async ({ page, api, consoleGuard }) => {
    consoleGuard.allow(/status of 500/);
    const name = uniqueName('exp-describe-fail');
    const id = await api.createExperiment(name, { stage: 'dev' });
    await page.goto(`/experiments/${id}`);
    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
    await failEndpoint(page, 'experiments/set-experiment-tag', 'Storage offline');
    await failEndpoint(page, 'experiments/delete-experiment-tag', 'Storage offline');

    const description = page.getByRole('region', { name: 'Experiment description' });
    await description.getByRole('button', { name: 'Edit description' }).click();
    await description.getByLabel('Description').fill('Not saved');
    await description.getByRole('button', { name: 'Save' }).click();
    await expectToast(page, 'error', 'Storage offline');
    await expect(description.getByLabel('Description')).toHaveValue('Not saved');

    await page.getByRole('button', { name: /1 tag/ }).click();
    const tags = page.getByRole('region', { name: 'Experiment tags' });
    await tags.getByRole('button', { name: 'Edit tag stage' }).click();
    await tags.getByLabel('Value of tag stage').fill('prod');
    await tags.getByRole('button', { name: 'Save' }).click();
    await expectToast(page, 'error', 'Could not save');
    await tags.getByRole('button', { name: 'Cancel' }).click();
    await expect(tags.getByRole('cell', { name: 'dev', exact: true })).toBeVisible();
    await tags.getByRole('button', { name: 'Delete tag stage' }).click();
    await expectToast(page, 'error', 'Could not delete the tag');
    await expect(tags.getByRole('cell', { name: 'stage', exact: true })).toBeVisible();

    const stored = (await getExperiment(api, id)).tags ?? [];
    expect(stored).toContainEqual({ key: 'stage', value: 'dev' });
    expect(stored.find((tag) => tag.key === 'mlflow.note.content')).toBeUndefined();
  });

  test('edits the markdown description safely and the tags', async ({ page, api }) => {
    const name = uniqueName('exp-describe');
    const id = await api.createExperiment(name, { stage: 'dev' });
    let dialogs = 0;
    page.on('dialog', (dialog) => {
      dialogs += 1;
      void dialog.dismiss();
    });
    await page.goto(`/experiments/${id}`);
    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();

    const description = page.getByRole('region', { name: 'Experiment description' });
    await description.getByRole('button', { name: 'Edit description' }).click();
    const markdown =
      '## Goal\n\nBeat **0.9** accuracy.\n\n<img src=x onerror="alert(1)"><script>alert(2)</script>\n\n[bad](javascript:alert(3))';
    await description.getByLabel('Description').fill(markdown);
    await description.getByRole('button', { name: 'Preview' }).click();
    await expect(description.getByRole('heading', { name: 'Goal' })).toBeVisible();
    await description.getByRole('button', { name: 'Save' }).click();
    await expectToast(page, 'success', 'Description saved');
    await expect(description.getByRole('heading', { name: 'Goal' })).toBeVisible();
    await expect(description.locator('strong')).toHaveText('0.9');
    await expect(description.locator('img, script')).toHaveCount(0);
    await expect(description.getByRole('link', { name: 'bad' })).not.toHaveAttribute('href', /javascript/);
    expect(dialogs).toBe(0);
    expect((await getExperiment(api, id)).tags).toContainEqual({ key: 'mlflow.note.content', value: markdown });

    await page.reload();
    await expect(description.getByRole('heading', { name: 'Goal' })).toBeVisible();

    await page.getByRole('button', { name: /1 tag/ }).click();
    const tags = page.getByRole('region', { name: 'Experiment tags' });
    await expect(tags.getByRole('cell', { name: 'stage', exact: true })).toBeVisible();
    await expect(tags.getByText('mlflow.note.content')).toHaveCount(0);
    await tags.getByRole('button', { name: 'Add tag' }).click();
    await tags.getByLabel('Key').fill('owner');
    await tags.getByLabel('Value').fill('bob');
    await tags.getByRole('button', { name: 'Add', exact: true }).click();
    await expectToast(page, 'success', 'Tag “owner” saved');
    await expect(tags.getByRole('cell', { name: 'bob', exact: true })).toBeVisible();

    await tags.getByRole('button', { name: 'Edit tag stage' }).click();
    await tags.getByLabel('Value of tag stage').fill('prod');
    await tags.getByRole('button', { name: 'Save' }).click();
    await expect(tags.getByRole('cell', { name: 'prod', exact: true })).toBeVisible();

    await tags.getByRole('button', { name: 'Delete tag owner' }).click();
    await expect(tags.getByRole('cell', { name: 'bob', exact: true })).toHaveCount(0);
    const finalTags = (await getExperiment(api, id)).tags ?? [];
    expect(finalTags).toContainEqual({ key: 'stage', value: 'prod' });
    expect(finalTags.find((tag) => tag.key === 'owner')).toBeUndefined();
  });

  test('selects several experiments to see their runs together', async ({ page, api }) => {
    const prefix = uniqueName('exp-multi');
    const first = await api.createExperiment(`${prefix}-a`);
    const second = await api.createExperiment(`${prefix}-b`);
    await page.goto(`/experiments?q=${prefix}&sort=name`);
    await expect(page.getByRole('button', { name: 'View runs' })).toBeDisabled();
    await page.getByRole('checkbox', { name: `Select ${prefix}-a` }).check();
    await page.getByRole('checkbox', { name: `Select ${prefix}-b` }).check();
    await expect(page.getByText('2 selected')).toBeVisible();
    await page.getByRole('button', { name: 'Compare runs of 2 experiments' }).click();
    await expect(page).toHaveURL(new RegExp(`/experiments/${first},${second}$`));
    await expect(page.getByRole('heading', { level: 1, name: 'Runs of 2 experiments' })).toBeVisible();
    await expect(page.getByRole('link', { name: `${prefix}-a` })).toBeVisible();
    await page.reload();
    await expect(page.getByRole('link', { name: `${prefix}-b` })).toBeVisible();
  });

  test('deletes an experiment from its page', async ({ page, api }) => {
    const name = uniqueName('exp-page-delete');
    const id = await api.createExperiment(name);
    await page.goto(`/experiments/${id}`);
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByRole('dialog', { name: 'Delete experiment?' }).getByRole('button', { name: 'Delete' }).click();
    await expect(page).toHaveURL(/\/experiments$/);
    await expectToast(page, 'success', 'deleted');
    expect((await getExperiment(api, id)).lifecycle_stage).toBe('deleted');
  });

  test('shows how to log a first run when only the empty Default experiment exists', async ({ page }) => {
    await page.route('**/ajax-api/2.0/mlflow/experiments/search', (route) =>
      route.fulfill({
        contentType: 'application/json',
        body: JSON.stringify({
          experiments: [
            { experiment_id: '0', name: 'Default', lifecycle_stage: 'active', creation_time: Date.now(), last_update_time: Date.now() },
          ],
        }),
      }),
    );
    await page.route('**/ajax-api/2.0/mlflow/runs/search', (route) => route.fulfill({ contentType: 'application/json', body: '{}' }));
    await page.goto('/experiments');
    const guide = page.getByRole('region', { name: 'Log your first run' });
    await expect(guide).toBeVisible();
    await expect(guide).toContainText('mlflow.set_tracking_uri("http://localhost:5000")');
    await expect(guide).toContainText('npm start');
    await expect(guide).toContainText('node mock-server/start.mjs --demo');
    await expectNoSeriousA11yIssues(page);
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshotBothThemes(page, 'experiments-first-run');
  });

  test('the list is accessible and looks right in both themes', async ({ page, api }) => {
    const prefix = uniqueName('exp-look');
    await api.createExperiment(`${prefix}-one`, { team: 'nlp', 'mlflow.note.content': 'Sentiment models' });
    await api.createExperiment(`${prefix}-two`);
    await page.goto(`/experiments?q=${prefix}`);
    await expect(page.getByTestId('experiment-row')).toHaveCount(2);
    await expectNoSeriousA11yIssues(page);
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshotBothThemes(page, 'experiments-list');
    // The screenshots end in the dark theme: check it too.
    await expectNoSeriousA11yIssues(page);
    await page.getByRole('button', { name: 'New experiment' }).first().click();
    await expect(page.getByRole('dialog', { name: 'New experiment' })).toBeVisible();
    await expectNoSeriousA11yIssues(page);
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshotBothThemes(page, 'experiments-create-dialog');
  });
});
