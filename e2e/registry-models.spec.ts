import { expect, expectNoSeriousA11yIssues, test, uniqueName } from './support/fixtures';
import { modelUrl, seedModel, screenshotRegistry } from './support/registry-seed';

test.describe('models list', () => {
  test('creates a model from the dialog and finds it by name and by tag filter', async ({ page }) => {
    const name = uniqueName('rb-create');
    await page.goto('/models');
    await page.getByRole('button', { name: 'New model' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'New registered model' });
    await dialog.getByLabel('Name').fill(name);
    // Raw HTML and javascript: links must not survive rendering.
    await dialog.getByLabel(/Description/).fill('Scores **churn** weekly.\n\n<img src=x onerror="window.__xss = 1"> [bad](javascript:alert(1))');
    await dialog.getByRole('button', { name: 'Add tag' }).click();
    await dialog.getByLabel('Tag 1 key').fill('team');
    await dialog.getByLabel('Tag 1 value').fill('growth');
    await dialog.getByRole('button', { name: 'Create model' }).click();

    await expect(page).toHaveURL(modelUrl(name));
    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
    await expect(page.getByTestId('toast-success')).toContainText(`Model “${name}” created`);
    const description = page.getByRole('region', { name: 'Description' });
    await expect(description.locator('strong')).toHaveText('churn');
    await expect(description.locator('img')).toHaveCount(0);
    await expect(description.getByRole('link', { name: 'bad' })).not.toHaveAttribute('href', /javascript/);
    expect(await page.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();
    await expect(page.getByRole('table', { name: 'Model tags' }).getByRole('cell', { name: 'growth' })).toBeVisible();

    // Search by name (plain text → name ILIKE) and by a tags. filter.
    await page.getByRole('link', { name: 'Models', exact: true }).first().click();
    const search = page.getByLabel('Search models by name or filter');
    await search.fill(name.slice(3).toUpperCase());
    await expect(page).toHaveURL(/q=/);
    await expect(page.getByRole('link', { name, exact: true })).toBeVisible();
    await search.fill(`tags.team = 'growth' AND name = '${name}'`);
    await expect(page).toHaveURL(/q=tags\.team/);
    await expect(page.getByRole('table', { name: 'Registered models' }).getByRole('row')).toHaveCount(2);
    await search.fill("tags.team = growth");
    await expect(page.getByRole('alert').filter({ hasText: /./ }).first()).toBeVisible();
    await expect(search).toHaveAttribute('aria-invalid', 'true');
    // The invalid filter is not sent: the last results stay.
    await expect(page).toHaveURL(/q=tags\.team\+%3D\+%27growth%27/);
    await expect(page.getByRole('link', { name, exact: true })).toBeVisible();
  });

  test('lists versions per stage and aliases, sorts and pages with tokens', async ({ page, api }) => {
    const prefix = uniqueName('rb-page');
    const seeded = await seedModel(api, `${prefix}-a`, [
      { metrics: { accuracy: 0.8 }, params: { lr: '0.1' } },
      { metrics: { accuracy: 0.9 }, params: { lr: '0.2' } },
    ]);
    await api.call('POST', 'model-versions/transition-stage', { name: seeded.name, version: '1', stage: 'Production' });
    await api.call('POST', 'registered-models/alias', { name: seeded.name, alias: 'champion', version: '1' });
    for (const suffix of ['b', 'c']) await api.call('POST', 'registered-models/create', { name: `${prefix}-${suffix}`, tags: [{ key: 'team', value: suffix }] });

    // Versions per stage come for the whole page in one request, not one search per model.
    const requests: string[] = [];
    page.on('request', (request) => requests.push(new URL(request.url()).pathname));
    await page.goto(`/models?q=${encodeURIComponent(prefix)}&size=25`);
    const table = page.getByRole('table', { name: 'Registered models' });
    const row = table.locator(`tr[data-model="${seeded.name}"]`);
    await expect(row.getByRole('link', { name: 'Version 2' })).toBeVisible();
    await expect(row.getByLabel(`Versions of ${seeded.name} by stage`)).toContainText('Production1');
    await expect(row.getByLabel(`Versions of ${seeded.name} by stage`)).toContainText('No stage1');
    await expect(row.locator('[data-alias="champion"]')).toContainText('v1');
    expect(requests.filter((path) => path.endsWith('/model-versions/stage-counts'))).toHaveLength(1);
    expect(requests.filter((path) => path.endsWith('/model-versions/search'))).toEqual([]);

    // Sort by name descending: c, b, a.
    await page.getByLabel('Sort by').selectOption('name-desc');
    await expect(table.locator('tbody tr').first()).toHaveAttribute('data-model', `${prefix}-c`);
    await expect(table.locator('tbody tr')).toHaveCount(3);
    await screenshotRegistry(page, 'registry-models');
    await expectNoSeriousA11yIssues(page);
  });

  test('pages through more models than fit a page', async ({ page, api }) => {
    const prefix = uniqueName('rb-many');
    for (let index = 0; index < 27; index += 1) await api.call('POST', 'registered-models/create', { name: `${prefix}-${String(index).padStart(2, '0')}` });
    await page.goto(`/models?q=${encodeURIComponent(prefix)}`);
    const table = page.getByRole('table', { name: 'Registered models' });
    await expect(table.locator('tbody tr')).toHaveCount(25);
    await expect(page.getByText('Page 1')).toBeVisible();
    await page.getByRole('button', { name: 'Next →' }).click();
    await expect(page.getByText('Page 2')).toBeVisible();
    await expect(table.locator('tbody tr')).toHaveCount(2);
    await expect(table.locator('tbody tr').first()).toHaveAttribute('data-model', `${prefix}-25`);
    await expect(page).toHaveURL(/page=/);
    // Reload keeps the page; Previous goes back to the first.
    await page.reload();
    await expect(table.locator('tbody tr')).toHaveCount(2);
    await page.getByRole('button', { name: '← Previous' }).click();
    await expect(page.getByText('Page 1')).toBeVisible();
    await expect(table.locator('tbody tr')).toHaveCount(25);
  });

  test('against a server without stage counts (plain MLflow) searches each model’s versions', async ({ page, api, consoleGuard }) => {
    consoleGuard.allow(/status of 404/);
    const seeded = await seedModel(api, 'rb-plain', [
      { metrics: { accuracy: 0.8 }, params: { lr: '0.1' } },
      { metrics: { accuracy: 0.9 }, params: { lr: '0.2' } },
    ]);
    await api.call('POST', 'model-versions/transition-stage', { name: seeded.name, version: '2', stage: 'Staging' });
    await page.route('**/ajax-api/2.0/runboard/model-versions/stage-counts**', (route) =>
      route.fulfill({ status: 404, contentType: 'text/html', body: '<!doctype html><title>404 Not Found</title><h1>Not Found</h1>' }),
    );
    await page.goto(`/models?q=${encodeURIComponent(seeded.name)}`);
    const stages = page.getByLabel(`Versions of ${seeded.name} by stage`);
    await expect(stages).toContainText('Staging1');
    await expect(stages).toContainText('No stage1');
  });
});
