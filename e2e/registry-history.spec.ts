import { expect, expectNoSeriousA11yIssues, test } from './support/fixtures';
import { modelUrl, rowStage, seedModel, versionRow, screenshotRegistry } from './support/registry-seed';

const V1 = { metrics: { accuracy: 0.81, val_loss: 0.52 }, params: { lr: '0.1', depth: '4', seed: '7' }, inputs: { a: 'double', b: 'long' } };
const V2 = { metrics: { accuracy: 0.87, val_loss: 0.41 }, params: { lr: '0.05', depth: '6', seed: '7' }, inputs: { a: 'double', b: 'double', c: 'string' } };

test.describe('history and comparison', () => {
  test('the timeline shows promotions beside metrics and rolls back in one click', async ({ page, api }) => {
    const seeded = await seedModel(api, 'rb-history', [V1, V2]);
    // Yesterday's state: version 1 serves as Production and champion; then version 2 replaced it.
    await api.call('POST', 'model-versions/transition-stage', { name: seeded.name, version: '1', stage: 'Production' });
    await api.call('POST', 'registered-models/alias', { name: seeded.name, alias: 'champion', version: '1' });
    await api.call('POST', 'model-versions/transition-stage', { name: seeded.name, version: '2', stage: 'Production', archive_existing_versions: true });
    await api.call('POST', 'registered-models/alias', { name: seeded.name, alias: 'champion', version: '2' });

    await page.goto(modelUrl(seeded.name));
    const history = page.getByRole('list', { name: 'Registry history' });
    const promotion = history.getByTestId('timeline-entry').filter({ hasText: 'Version 2 moved to Production' });
    await expect(promotion).toContainText('replacing version 1 (archived)');
    // The new version's key metric beside the one it replaced, and whether it is better.
    await expect(promotion).toContainText('accuracy');
    await expect(promotion).toContainText('0.87');
    await expect(promotion).toContainText('vs v1');
    await expect(promotion).toContainText('+0.06');
    await expect(promotion).toContainText('(better)');
    const aliasMove = history.getByTestId('timeline-entry').filter({ hasText: '@champion moved from version 1 to version 2' });
    await expect(aliasMove).toBeVisible();
    await screenshotRegistry(page, 'registry-history');

    // Undo the alias move from the timeline: same confirmation as any promotion.
    await aliasMove.getByRole('button', { name: 'Move @champion back to version 1' }).click();
    let dialog = page.getByRole('dialog', { name: 'Move @champion to version 1?' });
    await expect(dialog.getByRole('row', { name: /@champion/ })).toContainText(/version 2.*version 1/);
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await expect(versionRow(page, '1').locator('[data-alias="champion"]')).toBeVisible();
    await expect(history.getByTestId('timeline-entry').first()).toContainText('@champion moved from version 2 to version 1');

    // Make version 1 Production again.
    await promotion.getByRole('button', { name: 'Make version 1 Production again' }).click();
    dialog = page.getByRole('dialog', { name: 'Move version 1 to Production?' });
    await expect(dialog.getByLabel(/Archive the versions now in Production/)).toBeChecked();
    await expect(dialog.getByRole('row', { name: /Version 2/ })).toContainText(/Production.*Archived/);
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await expect(rowStage(page, '1')).toHaveText('Production');
    await expect(rowStage(page, '2')).toHaveText('Archived');
    await expect(history.getByTestId('timeline-entry').first()).toContainText('Version 1 moved to Production (was Archived), replacing version 2 (archived)');

    // Description and tag edits show under "Everything".
    await page.getByRole('button', { name: 'Edit model description' }).click();
    await page.getByLabel('Model description').fill('Rolled back after the v2 incident.');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('group', { name: 'History entries' }).getByRole('button', { name: 'Everything' }).click();
    await expect(page).toHaveURL(/history=all/);
    await expect(history.getByTestId('timeline-entry').first()).toContainText('Model description added');
  });

  test('the timeline says who made each change, from the name set in the header', async ({ page, api }) => {
    const seeded = await seedModel(api, 'rb-user', [V1, V2]);
    await page.goto(modelUrl(seeded.name));
    await page.getByRole('button', { name: 'Set your name' }).click();
    let dialog = page.getByRole('dialog', { name: 'Your name' });
    await dialog.getByLabel('Name shown in the model history').fill('Zoë Lovelace');
    await screenshotRegistry(page, 'registry-user-name-dialog');
    await expectNoSeriousA11yIssues(page);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('button', { name: 'Your name: Zoë Lovelace. Change it' })).toBeVisible();

    await versionRow(page, '2').getByRole('button', { name: 'Actions for version 2' }).click();
    await page.getByRole('menuitem', { name: 'Move to Production…' }).click();
    await page.getByRole('dialog', { name: 'Move version 2 to Production?' }).getByRole('button', { name: 'Confirm' }).click();
    const history = page.getByRole('list', { name: 'Registry history' });
    const promotion = history.getByTestId('timeline-entry').filter({ hasText: 'Version 2 moved to Production' });
    await expect(promotion).toContainText('by Zoë Lovelace');
    await screenshotRegistry(page, 'registry-history-user');
    // The seeding script sent no name: its entries name nobody.
    await expect(history.getByTestId('timeline-entry').filter({ hasText: 'Version 1 registered' })).not.toContainText('by ');

    // The name is kept in this browser; once forgotten, changes name nobody again.
    await page.reload();
    await page.getByRole('button', { name: 'Your name: Zoë Lovelace. Change it' }).click();
    dialog = page.getByRole('dialog', { name: 'Your name' });
    await expect(dialog.getByLabel('Name shown in the model history')).toHaveValue('Zoë Lovelace');
    await dialog.getByRole('button', { name: 'Forget' }).click();
    await expect(page.getByRole('button', { name: 'Set your name' })).toBeVisible();
    await versionRow(page, '2').getByRole('button', { name: 'Actions for version 2' }).click();
    await page.getByRole('menuitem', { name: 'Archive…' }).click();
    await page.getByRole('dialog', { name: 'Archive version 2?' }).getByRole('button', { name: 'Confirm' }).click();
    const archived = history.getByTestId('timeline-entry').filter({ hasText: 'Version 2 archived' });
    await expect(archived).toBeVisible();
    await expect(archived).not.toContainText('by ');
    await expect(promotion).toContainText('by Zoë Lovelace');

    const response = await page.request.get('/ajax-api/2.0/runboard/registry-events', { params: { name: seeded.name } });
    const { events } = (await response.json()) as { events: { event_type: string; to_value?: string; user_id?: string }[] };
    const stageEvents = events.filter((event) => event.event_type === 'VERSION_STAGE_CHANGED');
    expect(stageEvents.map((event) => [event.to_value, event.user_id])).toEqual([
      ['Archived', undefined],
      ['Production', 'Zoë Lovelace'],
    ]);
  });

  test('without a history endpoint (plain MLflow) the timeline falls back and says so', async ({ page, api, consoleGuard }) => {
    consoleGuard.allow(/status of 404/);
    const seeded = await seedModel(api, 'rb-fallback', [V1, V2]);
    await api.call('POST', 'model-versions/transition-stage', { name: seeded.name, version: '2', stage: 'Production' });
    await api.call('POST', 'registered-models/alias', { name: seeded.name, alias: 'champion', version: '2' });
    await page.route('**/ajax-api/2.0/runboard/registry-events**', (route) =>
      route.fulfill({ status: 404, contentType: 'text/html', body: '<!doctype html><title>404 Not Found</title><h1>Not Found</h1>' }),
    );
    await page.goto(modelUrl(seeded.name));
    const history = page.getByRole('region', { name: 'History' });
    await expect(history.getByRole('note')).toContainText('keeps no registry history');
    await expect(history).toContainText('@champion points to version 2');
    await expect(history).toContainText('Version 1 registered');
    await expect(history).toContainText('now in Production');
    // Rolling back still works from what the API tells.
    await history.getByRole('button', { name: 'Make version 1 Production' }).click();
    await page.getByRole('dialog', { name: 'Move version 1 to Production?' }).getByRole('button', { name: 'Confirm' }).click();
    await expect(rowStage(page, '1')).toHaveText('Production');
    await expect(rowStage(page, '2')).toHaveText('Archived');
  });

  test('compares versions side by side with differences highlighted', async ({ page, api }) => {
    const seeded = await seedModel(api, 'rb-compare', [V1, V2]);
    await page.goto(modelUrl(seeded.name));
    await versionRow(page, '1').getByLabel('Select version 1 to compare').check();
    await versionRow(page, '2').getByLabel('Select version 2 to compare').check();
    await page.getByRole('button', { name: 'Compare selected (2)' }).click();
    await expect(page).toHaveURL(`${modelUrl(seeded.name)}/compare?versions=1,2`);

    const table = page.getByRole('table', { name: `Versions 1, 2 of ${seeded.name} compared` });
    const row = (label: string | RegExp) => table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: label, exact: typeof label === 'string' }) });
    // Metrics: best value marked in the metric's direction.
    await expect(row(/^accuracy/)).toHaveAttribute('data-differs', 'true');
    await expect(row(/^accuracy/).locator('td').nth(1)).toContainText('(best)');
    await expect(row(/^val_loss/).locator('td').nth(1)).toContainText('(best)');
    await expect(row(/^val_loss/)).toContainText('lower is better');
    // Params: lr and depth differ, seed does not.
    await expect(row('lr')).toHaveAttribute('data-differs', 'true');
    await expect(row('seed')).not.toHaveAttribute('data-differs', 'true');
    // Signature: b changed type, c was added.
    await expect(row('input b')).toHaveAttribute('data-differs', 'true');
    await expect(row('input b')).toContainText('long');
    await expect(row('input c').locator('td').first()).toHaveText('absent');
    await expect(row('input a')).not.toHaveAttribute('data-differs', 'true');

    await page.getByLabel('Only differences').check();
    await expect(row('seed')).toHaveCount(0);
    await expect(row('lr')).toBeVisible();
    await page.getByLabel('Only differences').uncheck();
    await screenshotRegistry(page, 'registry-compare');
    await expectNoSeriousA11yIssues(page);
  });

  test('renames and deletes a model, typing its name while a version is in Production', async ({ page, api }) => {
    const seeded = await seedModel(api, 'rb-lifecycle', [V1, V2]);
    await api.call('POST', 'model-versions/transition-stage', { name: seeded.name, version: '2', stage: 'Production' });
    await api.call('POST', 'registered-models/alias', { name: seeded.name, alias: 'champion', version: '2' });
    await page.goto(modelUrl(seeded.name));
    await expect(versionRow(page, '2')).toBeVisible();

    const renamed = `${seeded.name}-renamed`;
    await page.getByRole('button', { name: 'Rename' }).click();
    let dialog = page.getByRole('dialog', { name: 'Rename model' });
    await dialog.getByLabel('New name').fill(renamed);
    await dialog.getByRole('button', { name: 'Rename' }).click();
    await expect(page).toHaveURL(modelUrl(renamed));
    await expect(page.getByRole('heading', { level: 1, name: renamed })).toBeVisible();
    await expect(versionRow(page, '2')).toBeVisible();

    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    dialog = page.getByRole('dialog', { name: 'Delete model?' });
    await expect(dialog).toContainText('2 versions (1 in Production, 1 without stage)');
    await expect(dialog).toContainText('@champion (v2)');
    const confirm = dialog.getByRole('button', { name: 'Delete model' });
    await expect(confirm).toBeDisabled();
    await dialog.getByLabel('Type the model name to confirm').fill(seeded.name);
    await expect(confirm).toBeDisabled();
    await screenshotRegistry(page, 'registry-delete-dialog');
    await expectNoSeriousA11yIssues(page);
    await dialog.getByLabel('Type the model name to confirm').fill(renamed);
    await expect(confirm).toBeEnabled();
    await confirm.click();
    await expect(page).toHaveURL(/\/models$/);
    await expect(page.getByTestId('toast-success').filter({ hasText: `Model “${renamed}” deleted` })).toBeVisible();
    const search = await api.call<{ registered_models?: unknown[] }>('GET', 'registered-models/search', { filter: `name = '${renamed}'` });
    expect(search.registered_models ?? []).toEqual([]);
  });
});
