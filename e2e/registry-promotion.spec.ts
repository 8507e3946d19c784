import { expect, expectNoSeriousA11yIssues, test } from './support/fixtures';
import { modelUrl, registerVersion, rowStage, seedModel, seedModelRun, versionRow, screenshotRegistry } from './support/registry-seed';

const V1 = { metrics: { accuracy: 0.81, val_loss: 0.52 }, params: { lr: '0.1', depth: '4' } };
const V2 = { metrics: { accuracy: 0.87, val_loss: 0.41 }, params: { lr: '0.05', depth: '6' } };

test.describe('promotion', () => {
  test('registers versions from runs, promotes with archiving, moves champion by menu and drag, deletes a version', async ({ page, api }) => {
    const seeded = await seedModel(api, 'rb-promote', [V1]);
    await page.goto(modelUrl(seeded.name));
    await expect(versionRow(page, '1')).toBeVisible();
    await expect(versionRow(page, '1')).toContainText('0.81');

    // A version registered from a run while the page is open shows up without a reload.
    const secondRun = await seedModelRun(api, seeded.experimentId, V2, 'second-run');
    expect(await registerVersion(api, seeded.name, secondRun)).toBe('2');
    await expect(async () => {
      await page.evaluate(() => window.dispatchEvent(new Event('visibilitychange')));
      await expect(versionRow(page, '2')).toBeVisible({ timeout: 1000 });
    }).toPass();
    await expect(versionRow(page, '2')).toContainText('0.87');

    // Version 1 to Production (nothing to archive yet).
    await versionRow(page, '1').getByRole('button', { name: 'Actions for version 1' }).click();
    await page.getByRole('menuitem', { name: 'Move to Production…' }).click();
    let dialog = page.getByRole('dialog', { name: 'Move version 1 to Production?' });
    await expect(dialog.getByRole('row', { name: /Version 1/ })).toContainText(/No stage.*Production/);
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await expect(rowStage(page, '1')).toHaveText('Production');

    // Version 2 to Production, archiving version 1 (the checkbox is on by default).
    await versionRow(page, '2').getByRole('button', { name: 'Actions for version 2' }).click();
    await page.getByRole('menuitem', { name: 'Move to Production…' }).click();
    dialog = page.getByRole('dialog', { name: 'Move version 2 to Production?' });
    await expect(dialog.getByLabel(/Archive the versions now in Production/)).toBeChecked();
    await expect(dialog.getByRole('row', { name: /Version 1/ })).toContainText(/Production.*Archived/);
    await screenshotRegistry(page, 'registry-promotion-dialog');
    await expectNoSeriousA11yIssues(page);
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await expect(rowStage(page, '2')).toHaveText('Production');
    await expect(rowStage(page, '1')).toHaveText('Archived');
    await expect(page.getByTestId('toast-success').last()).toContainText('Version 2 is now in Production');
    const server = await api.call<{ model_versions: { version: string; current_stage: string }[] }>('GET', 'model-versions/search', { filter: `name = '${seeded.name}'` });
    expect(Object.fromEntries(server.model_versions.map((version) => [version.version, version.current_stage]))).toEqual({ '1': 'Archived', '2': 'Production' });

    // Set @champion on version 1 from the menu.
    await versionRow(page, '1').getByRole('button', { name: 'Actions for version 1' }).click();
    await page.getByRole('menuitem', { name: 'Set an alias…' }).click();
    dialog = page.getByRole('dialog', { name: 'Set an alias on version 1' });
    await dialog.getByLabel('Alias').fill('champion');
    await expect(dialog.getByRole('row', { name: /@champion/ })).toContainText(/not set.*version 1/);
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await expect(versionRow(page, '1').locator('[data-alias="champion"]')).toBeVisible();

    // Move it to version 2 with the row menu.
    await versionRow(page, '2').getByRole('button', { name: 'Actions for version 2' }).click();
    await page.getByRole('menuitem', { name: 'Move @champion here (now on v1)…' }).click();
    dialog = page.getByRole('dialog', { name: 'Move @champion to version 2?' });
    await expect(dialog.getByRole('row', { name: /@champion/ })).toContainText(/version 1.*version 2/);
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await expect(versionRow(page, '2').locator('[data-alias="champion"]')).toBeVisible();
    await expect(versionRow(page, '1').locator('[data-alias="champion"]')).toHaveCount(0);

    // And back to version 1 by dragging the chip onto its row.
    await versionRow(page, '2').locator('[data-alias="champion"]').dragTo(versionRow(page, '1'));
    dialog = page.getByRole('dialog', { name: 'Move @champion to version 1?' });
    await expect(dialog.getByRole('row', { name: /@champion/ })).toContainText(/version 2.*version 1/);
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await expect(versionRow(page, '1').locator('[data-alias="champion"]')).toBeVisible();
    await expect(page.getByRole('region', { name: 'Aliases' })).toContainText('Version 1');
    const model = await api.call<{ registered_model: { aliases?: { alias: string; version: string }[] } }>('GET', 'registered-models/get', { name: seeded.name });
    expect(model.registered_model.aliases).toEqual([{ alias: 'champion', version: '1' }]);

    // Filters by stage and alias live in the URL.
    await page.getByRole('group', { name: 'Stage' }).getByRole('button', { name: /Archived/ }).click();
    await expect(page).toHaveURL(/stage=Archived/);
    await expect(page.getByRole('table', { name: 'Versions' }).locator('tbody tr')).toHaveCount(1);
    await page.getByLabel('Alias', { exact: true }).selectOption('champion');
    await expect(page).toHaveURL(/alias=champion/);
    await expect(versionRow(page, '1')).toBeVisible();
    await page.getByRole('group', { name: 'Stage' }).getByRole('button', { name: /All/ }).click();
    await page.getByLabel('Alias', { exact: true }).selectOption('');

    await screenshotRegistry(page, 'registry-model');
    await expectNoSeriousA11yIssues(page);

    // Delete version 1: the confirmation names the alias that goes with it.
    await versionRow(page, '1').getByRole('button', { name: 'Actions for version 1' }).click();
    await page.getByRole('menuitem', { name: 'Delete version…' }).click();
    dialog = page.getByRole('dialog', { name: 'Delete version 1?' });
    await expect(dialog).toContainText('@champion');
    await dialog.getByRole('button', { name: 'Delete version' }).click();
    await expect(versionRow(page, '1')).toHaveCount(0);
    await expect(page.getByRole('region', { name: 'Aliases' })).toContainText('No aliases yet');
  });

  test('a refused transition rolls back and says why', async ({ page, api, consoleGuard }) => {
    consoleGuard.allow(/status of 400/);
    const seeded = await seedModel(api, 'rb-refused', [V1]);
    await api.call('POST', 'model-versions/transition-stage', { name: seeded.name, version: '1', stage: 'Staging' });
    await page.goto(modelUrl(seeded.name));
    await expect(rowStage(page, '1')).toHaveText('Staging');

    // Hold the request until the optimistic state has been seen, then refuse it.
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route('**/model-versions/transition-stage', async (route) => {
      await held;
      await route.fulfill({
        status: 400,
        contentType: 'application/json',
        body: JSON.stringify({ error_code: 'INVALID_PARAMETER_VALUE', message: 'Transitions to Production are frozen until Monday.' }),
      });
    });
    await versionRow(page, '1').getByRole('button', { name: 'Actions for version 1' }).click();
    await page.getByRole('menuitem', { name: 'Move to Production…' }).click();
    await page.getByRole('dialog', { name: 'Move version 1 to Production?' }).getByRole('button', { name: 'Confirm' }).click();
    await expect(rowStage(page, '1')).toHaveText('Production');
    release();
    await expect(page.getByTestId('toast-error')).toContainText('Transitions to Production are frozen until Monday.');
    await expect(page.getByTestId('toast-error')).toContainText('undone');
    await expect(rowStage(page, '1')).toHaveText('Staging');
    await expect(page.getByRole('region', { name: 'Stages' })).toContainText('latest: v1');
  });

  test('the version page promotes too, and shows the change at once on the model page', async ({ page, api }) => {
    const seeded = await seedModel(api, 'rb-vpage', [V1, { ...V2, inputs: { a: 'double', b: 'long', c: 'string' } }]);
    await page.goto(`${modelUrl(seeded.name)}/versions/2`);
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Version 2');
    // Source run with its params and metrics.
    await expect(page.getByRole('table', { name: 'Run metrics' })).toContainText('0.87');
    await expect(page.getByRole('table', { name: 'Run parameters' })).toContainText('0.05');
    await expect(page.getByRole('link', { name: 'rb-vpage-run-2' })).toHaveAttribute('href', `/experiments/${seeded.experimentId}/runs/${seeded.runIds[1] ?? ''}`);
    // MLmodel summary and signature.
    const mlmodel = page.getByRole('region', { name: 'Model (MLmodel)' });
    await expect(mlmodel).toContainText('python_function, sklearn');
    await expect(mlmodel).toContainText('2.17.2');
    await expect(mlmodel.getByRole('table', { name: 'Inputs' }).getByRole('row')).toHaveCount(4);
    await expect(mlmodel.getByRole('table', { name: 'Inputs' })).toContainText('string');

    // Description and tags.
    await page.getByRole('button', { name: 'Edit version description' }).click();
    await page.getByLabel('Version description').fill('Candidate with **deeper** trees.');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('region', { name: 'Description' }).locator('strong')).toHaveText('deeper');
    await page.getByRole('button', { name: 'Add tag' }).click();
    await page.getByLabel('Key', { exact: true }).fill('validated');
    await page.getByLabel('Value', { exact: true }).fill('yes');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await expect(page.getByRole('table', { name: 'Version tags' })).toContainText('validated');

    await page.getByRole('button', { name: 'Promote version 2' }).click();
    await page.getByRole('menuitem', { name: 'Move to Staging…' }).click();
    await page.getByRole('dialog', { name: 'Move version 2 to Staging?' }).getByRole('button', { name: 'Confirm' }).click();
    await expect(page.locator('.version-page-badges [data-stage]')).toHaveText('Staging');
    await screenshotRegistry(page, 'registry-version');
    await expectNoSeriousA11yIssues(page);

    await page.getByRole('link', { name: seeded.name, exact: true }).first().click();
    await expect(rowStage(page, '2')).toHaveText('Staging');
    await expect(versionRow(page, '2')).toContainText('validated');
  });

  test('a change in one tab appears at once in every other tab showing the model', async ({ page, api }) => {
    const seeded = await seedModel(api, 'rb-tabs', [V1, V2]);
    // Three views of one model side by side: the list, the model page and version 1's page.
    const list = await page.context().newPage();
    const versionPage = await page.context().newPage();
    await list.goto(`/models?q=${encodeURIComponent(seeded.name)}`);
    const listStages = list.getByLabel(`Versions of ${seeded.name} by stage`);
    await expect(listStages).toContainText('No stage2');
    await versionPage.goto(`${modelUrl(seeded.name)}/versions/1`);
    await expect(versionPage.locator('.version-page-badges [data-stage]')).toHaveText('No stage');
    await page.goto(modelUrl(seeded.name));

    await versionRow(page, '1').getByRole('button', { name: 'Actions for version 1' }).click();
    await page.getByRole('menuitem', { name: 'Move to Production…' }).click();
    await page.getByRole('dialog', { name: 'Move version 1 to Production?' }).getByRole('button', { name: 'Confirm' }).click();
    await expect(rowStage(page, '1')).toHaveText('Production');
    // No reload and no focus change in the other tabs.
    await expect(versionPage.locator('.version-page-badges [data-stage]')).toHaveText('Production');
    await expect(listStages).toContainText('Production1');
    await expect(listStages).toContainText('No stage1');

    // Deleting the model sends the other tabs to "not found".
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete model?' });
    await dialog.getByLabel('Type the model name to confirm').fill(seeded.name);
    await dialog.getByRole('button', { name: 'Delete model' }).click();
    await expect(page).toHaveURL(/\/models$/);
    await expect(list.locator(`tr[data-model="${seeded.name}"]`)).toHaveCount(0);
    await list.close();
    await versionPage.close();
  });
});
