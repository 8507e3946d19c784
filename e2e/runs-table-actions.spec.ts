// Runs table actions: selection (click, shift-click, all matching), compare, delete / restore /
// tag with toasts and rollback on a server error, CSV export, run colours, pinning, hiding and
// auto-refresh of running runs.
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, expectNoSeriousA11yIssues, screenshotBothThemes, test, uniqueName, type MlflowApi } from './support/fixtures';

test.use({ viewport: { width: 1600, height: 900 } });

function runRows(page: Page) {
  return page.getByTestId('run-row');
}

function row(page: Page, name: string) {
  return runRows(page).filter({ has: page.getByRole('link', { name, exact: true }) });
}

async function runNames(page: Page): Promise<string[]> {
  return runRows(page).locator('.rb-run-link').allTextContents();
}

async function expectRunNames(page: Page, names: string[]): Promise<void> {
  await expect.poll(() => runNames(page)).toEqual(names);
}

function selectionBar(page: Page) {
  return page.getByRole('region', { name: 'Selected runs' });
}

function checkbox(page: Page, name: string) {
  return page.getByRole('checkbox', { name: `Select run ${name}`, exact: true });
}

/** Runs r1..rN, r1 the oldest (so the table lists rN first). */
async function seedNamed(
  api: MlflowApi,
  experimentId: string,
  count: number,
  extra: (index: number) => { metrics?: Record<string, number>; params?: Record<string, string> } = () => ({}),
) {
  const ids: Record<string, string> = {};
  const now = Date.now();
  const indexes = Array.from({ length: count }, (_, index) => index + 1);
  for (let start = 0; start < indexes.length; start += 16) {
    await Promise.all(
      indexes.slice(start, start + 16).map(async (index) => {
        const startTime = now - (count - index + 1) * 60_000;
        const id = await api.createRun(experimentId, { name: `r${index}`, startTime });
        ids[`r${index}`] = id;
        const { metrics = {}, params = {} } = extra(index);
        if (Object.keys(metrics).length || Object.keys(params).length) {
          await api.logBatch(id, {
            metrics: Object.entries(metrics).map(([key, value]) => ({ key, value, timestamp: startTime })),
            params,
          });
        }
        await api.finishRun(id, 'FINISHED', startTime + 1000);
      }),
    );
  }
  return ids;
}

/** True when the row is entirely on screen: below the sticky header, above the table's bottom edge and inside the window. */
async function rowFullyShown(page: Page, name: string): Promise<boolean> {
  return row(page, name).evaluate((element) => {
    const rect = element.getBoundingClientRect();
    const scroller = element.closest('.dt-scroll')?.getBoundingClientRect();
    const head = element.closest('.dt-scroll')?.querySelector('.dt-head')?.getBoundingClientRect();
    if (!scroller || !head) return false;
    // Inside the scroller, below its sticky header, and on screen; the table fills the window to its
    // bottom edge, so the page may end a few subpixels lower depending on its final scroll.
    return rect.top >= head.bottom - 1 && rect.bottom <= scroller.bottom + 1 && rect.top >= 0 && rect.bottom <= window.innerHeight + 4;
  });
}

async function getRun(api: MlflowApi, runId: string) {
  const result = await api.call<{
    run: { info: { lifecycle_stage: string; status: string }; data: { tags?: { key: string; value: string }[] } };
  }>('GET', 'runs/get', { run_id: runId });
  return result.run;
}

test('selects with click, shift-click and "all matching", then compares', async ({ page, api }) => {
  const experimentId = await api.createExperiment(uniqueName('runs-select'));
  const ids = await seedNamed(api, experimentId, 6);
  await page.goto(`/experiments/${experimentId}`);
  await expectRunNames(page, ['r6', 'r5', 'r4', 'r3', 'r2', 'r1']);

  await checkbox(page, 'r6').click();
  await expect(checkbox(page, 'r6')).toBeChecked();
  await checkbox(page, 'r3').click({ modifiers: ['Shift'] });
  await expect(page.getByTestId('selection-count')).toHaveText('4 runs selected');
  for (const name of ['r6', 'r5', 'r4', 'r3']) await expect(checkbox(page, name)).toBeChecked();
  await expect(checkbox(page, 'r2')).not.toBeChecked();
  await expect(row(page, 'r5')).toHaveAttribute('aria-selected', 'true');
  await screenshotBothThemes(page, 'runs-table-selection');
  await expectNoSeriousA11yIssues(page);
  // Shift-click on a selected run clears the range from the last click.
  await checkbox(page, 'r5').click({ modifiers: ['Shift'] });
  await expect(page.getByTestId('selection-count')).toHaveText('1 run selected');
  await expect(checkbox(page, 'r6')).toBeChecked();
  await checkbox(page, 'r4').click();
  await expect(page.getByTestId('selection-count')).toHaveText('2 runs selected');
  expect(new URL(page.url()).searchParams.get('sel')).toBe(`${ids.r6},${ids.r4}`);

  await selectionBar(page).getByRole('button', { name: 'Compare' }).click();
  await expect(page).toHaveURL(new RegExp(`/compare\\?runs=${ids.r6},${ids.r4}$`));
  await page.goBack();
  await expect(page.getByTestId('selection-count')).toHaveText('2 runs selected');

  await page.getByRole('button', { name: 'Select all matching runs' }).click();
  await expect(page.getByTestId('selection-count')).toHaveText('All matching runs selected');
  for (const name of ['r6', 'r5', 'r4', 'r3', 'r2', 'r1']) await expect(checkbox(page, name)).toBeChecked();
  expect(new URL(page.url()).searchParams.get('sel')).toBe('all');
  await selectionBar(page).getByRole('button', { name: 'Compare' }).click();
  await expect(page).toHaveURL(/\/compare\?runs=/);
  expect(new URL(page.url()).searchParams.get('runs')?.split(',')).toHaveLength(6);
  await page.goBack();

  await page.getByRole('checkbox', { name: 'Select all loaded runs' }).click();
  await expect(page.getByTestId('selection-count')).toHaveCount(0);
  await page.getByRole('checkbox', { name: 'Select all loaded runs' }).click();
  await expect(page.getByTestId('selection-count')).toHaveText('6 runs selected');
  await page.getByRole('button', { name: 'Clear selection' }).click();
  await expect(page.getByTestId('selection-count')).toHaveCount(0);
});

test('tags, deletes and restores the selected runs with toasts', async ({ page, api }) => {
  const experimentId = await api.createExperiment(uniqueName('runs-actions'));
  const ids = await seedNamed(api, experimentId, 4);
  await page.goto(`/experiments/${experimentId}`);
  await expectRunNames(page, ['r4', 'r3', 'r2', 'r1']);

  await checkbox(page, 'r4').click();
  await checkbox(page, 'r2').click();
  await expect(page.getByTestId('selection-count')).toHaveText('2 runs selected');

  // Add tag
  await selectionBar(page).getByRole('button', { name: 'Add tag' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add a tag to 2 runs' });
  await dialog.getByRole('button', { name: 'Add tag' }).click();
  await expect(dialog.getByText('A key is required.')).toBeVisible();
  await dialog.getByLabel('Key').fill('reviewed');
  await dialog.getByLabel('Value').fill('yes');
  await expectNoSeriousA11yIssues(page);
  await dialog.getByRole('button', { name: 'Add tag' }).click();
  await expect(page.getByTestId('toast-success')).toContainText('Tagged 2 runs with reviewed=yes');
  await expect.poll(async () => (await getRun(api, ids.r4 ?? '')).data.tags?.find((tag) => tag.key === 'reviewed')?.value).toBe('yes');
  expect((await getRun(api, ids.r3 ?? '')).data.tags?.find((tag) => tag.key === 'reviewed')).toBeUndefined();
  // The new tag key is offered as a column.
  await page.getByRole('button', { name: /^Columns/ }).click();
  await expect(page.getByRole('dialog', { name: 'Choose columns' }).getByRole('checkbox', { name: 'reviewed' })).toBeVisible();
  await page.keyboard.press('Escape');

  // Delete
  await selectionBar(page).getByRole('button', { name: 'Delete', exact: true }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete 2 runs?' });
  await confirm.getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByTestId('toast-success').filter({ hasText: 'Deleted 2 runs' })).toBeVisible();
  await expectRunNames(page, ['r3', 'r1']);
  await expect(page.getByTestId('selection-count')).toHaveCount(0);
  expect((await getRun(api, ids.r4 ?? '')).info.lifecycle_stage).toBe('deleted');

  // Restore from the Deleted view
  await page.getByRole('group', { name: 'Lifecycle' }).getByRole('button', { name: 'Deleted' }).click();
  await expectRunNames(page, ['r4', 'r2']);
  await expect(selectionBar(page).getByRole('button', { name: 'Delete', exact: true })).toHaveCount(0);
  await page.getByRole('checkbox', { name: 'Select all loaded runs' }).click();
  await selectionBar(page).getByRole('button', { name: 'Restore' }).click();
  await page.getByRole('dialog', { name: 'Restore 2 runs?' }).getByRole('button', { name: 'Restore' }).click();
  await expect(page.getByTestId('toast-success').filter({ hasText: 'Restored 2 runs' })).toBeVisible();
  await expect(runRows(page)).toHaveCount(0);
  await page.getByRole('group', { name: 'Lifecycle' }).getByRole('button', { name: 'Active' }).click();
  await expectRunNames(page, ['r4', 'r3', 'r2', 'r1']);
});

test('a failing action shows the server error and leaves every run as it was', async ({ page, api, consoleGuard }) => {
  consoleGuard.allow(/status of 500/);
  const experimentId = await api.createExperiment(uniqueName('runs-fail'));
  const ids = await seedNamed(api, experimentId, 3);
  await page.goto(`/experiments/${experimentId}`);
  await expectRunNames(page, ['r3', 'r2', 'r1']);
  const failing: string[] = [];
  for (const endpoint of ['runs/delete', 'runs/set-tag']) {
    await page.route(`**/ajax-api/2.0/mlflow/${endpoint}`, async (route) => {
      failing.push(endpoint);
      await route.fulfill({
        status: 500,
        contentType: 'application/json',
        body: JSON.stringify({ error_code: 'INTERNAL_ERROR', message: 'The database is locked' }),
      });
    });
  }

  await checkbox(page, 'r3').click();
  await checkbox(page, 'r1').click();
  await selectionBar(page).getByRole('button', { name: 'Delete', exact: true }).click();
  await page.getByRole('dialog', { name: 'Delete 2 runs?' }).getByRole('button', { name: 'Delete' }).click();
  const error = page.getByTestId('toast-error');
  await expect(error).toContainText('Could not delete 2 runs: The database is locked (INTERNAL_ERROR)');
  await expectRunNames(page, ['r3', 'r2', 'r1']);
  await expect(page.getByTestId('selection-count')).toHaveText('2 runs selected');
  expect((await getRun(api, ids.r3 ?? '')).info.lifecycle_stage).toBe('active');
  expect(failing.filter((endpoint) => endpoint === 'runs/delete')).toHaveLength(2);

  await page.getByRole('button', { name: 'Dismiss notification' }).click();
  await selectionBar(page).getByRole('button', { name: 'Add tag' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add a tag to 2 runs' });
  await dialog.getByLabel('Key').fill('broken');
  await dialog.getByRole('button', { name: 'Add tag' }).click();
  await expect(error).toContainText('Could not tag 2 runs: The database is locked');
  expect((await getRun(api, ids.r1 ?? '')).data.tags?.find((tag) => tag.key === 'broken')).toBeUndefined();
  await page.getByRole('button', { name: /^Columns/ }).click();
  await expect(page.getByRole('dialog', { name: 'Choose columns' }).getByRole('checkbox', { name: 'broken' })).toHaveCount(0);
});

test('a failing restore leaves the deleted runs deleted', async ({ page, api, consoleGuard }) => {
  consoleGuard.allow(/status of 500/);
  const experimentId = await api.createExperiment(uniqueName('runs-restore-fail'));
  const ids = await seedNamed(api, experimentId, 3);
  for (const name of ['r1', 'r2']) await api.call('POST', 'runs/delete', { run_id: ids[name] });
  await page.route('**/ajax-api/2.0/mlflow/runs/restore', (route) =>
    route.fulfill({
      status: 500,
      contentType: 'application/json',
      body: JSON.stringify({ error_code: 'INTERNAL_ERROR', message: 'Disk full' }),
    }),
  );
  await page.goto(`/experiments/${experimentId}`);
  await page.getByRole('group', { name: 'Lifecycle' }).getByRole('button', { name: 'Deleted' }).click();
  await expectRunNames(page, ['r2', 'r1']);
  await checkbox(page, 'r2').click();
  await selectionBar(page).getByRole('button', { name: 'Restore', exact: true }).click();
  await page.getByRole('dialog', { name: 'Restore 1 run?' }).getByRole('button', { name: 'Restore' }).click();
  await expect(page.getByTestId('toast-error')).toContainText('Disk full');
  await expectRunNames(page, ['r2', 'r1']);
  await expect(page.getByTestId('selection-count')).toHaveText('1 run selected');
  expect((await getRun(api, ids.r2 ?? '')).info.lifecycle_stage).toBe('deleted');
});

test('exports the current view as CSV, in the current order and filter', async ({ page, api }) => {
  const experimentId = await api.createExperiment(uniqueName('runs-csv'));
  await seedNamed(api, experimentId, 5, (index) => ({ metrics: { acc: index / 10 }, params: { opt: index % 2 ? 'adam' : 'sgd' } }));
  await page.goto(`/experiments/${experimentId}?q=${encodeURIComponent("params.opt = 'adam'")}&sort=metrics.acc&dir=desc`);
  await expectRunNames(page, ['r5', 'r3', 'r1']);
  const downloadPromise = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toMatch(new RegExp(`^runs-${experimentId}-.*\\.csv$`));
  const path = await download.path();
  const lines = readFileSync(path, 'utf8').trim().split('\r\n');
  expect(lines).toHaveLength(4);
  const headerCells = lines[0]?.split(',') ?? [];
  expect(headerCells.slice(0, 2)).toEqual(['run_id', 'run_name']);
  expect(headerCells).toContain('metrics.acc');
  expect(headerCells).toContain('params.opt');
  const nameIndex = headerCells.indexOf('run_name');
  const accIndex = headerCells.indexOf('metrics.acc');
  expect(lines.slice(1).map((line) => line.split(',')[nameIndex])).toEqual(['r5', 'r3', 'r1']);
  expect(lines.slice(1).map((line) => line.split(',')[accIndex])).toEqual(['0.5', '0.3', '0.1']);
  await expect(page.getByTestId('toast-success')).toContainText('Exported 3 runs');
});

test('run colours, pinned runs and hidden runs are remembered', async ({ page, api }) => {
  const experimentId = await api.createExperiment(uniqueName('runs-marks'));
  const ids = await seedNamed(api, experimentId, 4);
  await page.goto(`/experiments/${experimentId}`);
  await expectRunNames(page, ['r4', 'r3', 'r2', 'r1']);

  await page.getByRole('button', { name: 'Colour of run r2' }).click();
  await page.getByLabel('Run colour', { exact: true }).fill('#ff0000');
  await expect(row(page, 'r2').locator('.rb-swatch')).toHaveCSS('background-color', 'rgb(255, 0, 0)');
  expect(
    await page.evaluate(() => JSON.parse(window.localStorage.getItem('runboard:run-colors') ?? '{}') as Record<string, string>),
  ).toMatchObject({ [ids.r2 ?? '']: '#ff0000' });

  await page.getByRole('button', { name: 'Pin run r1' }).click();
  await expectRunNames(page, ['r1', 'r4', 'r3', 'r2']);
  await expect(row(page, 'r1')).toHaveClass(/is-pinned/);
  await expect(page.getByRole('button', { name: 'Pin run r1' })).toHaveAttribute('aria-pressed', 'true');

  await page.getByRole('button', { name: 'Hide run r3' }).click();
  await expect(row(page, 'r3')).toHaveClass(/is-hidden/);
  await expect
    .poll(() =>
      page.evaluate((key) => JSON.parse(window.localStorage.getItem(key) ?? '[]') as string[], `runboard:hidden-runs:${experimentId}`),
    )
    .toEqual([ids.r3]);

  await page.reload();
  await expectRunNames(page, ['r1', 'r4', 'r3', 'r2']);
  await expect(row(page, 'r3')).toHaveClass(/is-hidden/);
  await expect(row(page, 'r2').locator('.rb-swatch')).toHaveCSS('background-color', 'rgb(255, 0, 0)');

  // A pinned run stays on top whatever the sort or filter.
  await page.getByRole('combobox', { name: 'Filter runs' }).fill('r4');
  await page.getByRole('combobox', { name: 'Filter runs' }).press('Enter');
  await expectRunNames(page, ['r1', 'r4']);
  await page.getByRole('button', { name: 'Pin run r1' }).click();
  await expectRunNames(page, ['r4']);
});

test('refreshes running runs in place, keeping scroll position and selection', async ({ page, api }) => {
  const experimentId = await api.createExperiment(uniqueName('runs-live'));
  const ids = await seedNamed(api, experimentId, 60);
  const live = await api.createRun(experimentId, { name: 'live', startTime: Date.now() - 30.5 * 60_000 });
  await page.goto(`/experiments/${experimentId}`);
  await expect(runRows(page).first()).toBeVisible();
  await checkbox(page, 'r59').click();
  await expect(page.getByTestId('selection-count')).toHaveText('1 run selected');

  const scroller = page.locator('.dt-scroll');
  await scroller.evaluate((element) => element.scrollTo({ top: 26 * 34 }));
  await expect(row(page, 'live').locator('[data-column-id="status"]')).toHaveText(/Running/);
  const scrollTop = await scroller.evaluate((element) => element.scrollTop);
  expect(scrollTop).toBeGreaterThan(500);

  await api.logBatch(live, { metrics: [{ key: 'acc', value: 0.75 }] });
  await api.finishRun(live, 'FINISHED');
  await expect(row(page, 'live').locator('[data-column-id="status"]')).toHaveText(/Finished/, { timeout: 20_000 });
  await expect(row(page, 'live').locator('[data-column-id="metrics.acc"]')).toHaveText('0.75');
  expect(Math.abs((await scroller.evaluate((element) => element.scrollTop)) - scrollTop)).toBeLessThan(2);
  await expect(page.getByTestId('selection-count')).toHaveText('1 run selected');
  expect(new URL(page.url()).searchParams.get('sel')).toBe(ids.r59);
});

test('arrow keys move focus through the rows; Space selects, Shift+Space selects a range, Enter opens', async ({ page, api }) => {
  const experimentId = await api.createExperiment(uniqueName('runs-keys'));
  const ids = await seedNamed(api, experimentId, 60);
  await page.goto(`/experiments/${experimentId}`);
  await expect(row(page, 'r60')).toBeVisible();
  await expect(page.getByRole('treegrid', { name: 'Runs' })).toHaveAttribute('aria-multiselectable', 'true');

  // One row is in the tab order: Tab from the last header control lands on it.
  await expect(row(page, 'r60')).toHaveAttribute('tabindex', '0');
  await expect(row(page, 'r59')).toHaveAttribute('tabindex', '-1');
  await row(page, 'r60').focus();
  await page.keyboard.press('ArrowDown');
  await expect(row(page, 'r59')).toBeFocused();
  await expect(row(page, 'r59')).toHaveAttribute('tabindex', '0');
  await expect(row(page, 'r60')).toHaveAttribute('tabindex', '-1');
  await page.keyboard.press('ArrowUp');
  await expect(row(page, 'r60')).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await expect(row(page, 'r60')).toBeFocused();

  // End goes to the last loaded row, far below the rendered window, scrolling it into view.
  await page.keyboard.press('End');
  await expect(row(page, 'r1')).toBeFocused();
  await expect.poll(() => rowFullyShown(page, 'r1')).toBe(true);
  await expect(row(page, 'r60')).toHaveCount(0);
  await page.keyboard.press('PageUp');
  const paged = await page.evaluate(() => document.activeElement?.querySelector('.rb-run-link')?.textContent);
  expect(Number(paged?.slice(1))).toBeGreaterThan(10);
  await page.keyboard.press('Home');
  await expect(row(page, 'r60')).toBeFocused();
  await expect.poll(() => rowFullyShown(page, 'r60')).toBe(true);

  // Focus survives scrolling the focused row out of the rendered window.
  await page.locator('.dt-scroll').evaluate((element) => element.scrollTo({ top: 40 * 34 }));
  await expect(row(page, 'r60')).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(row(page, 'r59')).toBeFocused();
  await expect.poll(() => rowFullyShown(page, 'r59')).toBe(true);

  await page.keyboard.press('Space');
  await expect(page.getByTestId('selection-count')).toHaveText('1 run selected');
  await expect(row(page, 'r59')).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Shift+Space');
  await expect(page.getByTestId('selection-count')).toHaveText('3 runs selected');
  expect(new URL(page.url()).searchParams.get('sel')?.split(',').sort()).toEqual([ids.r59, ids.r58, ids.r57].sort());

  // A click on a control makes its row the tabbable one; keys then move from there.
  await checkbox(page, 'r55').click();
  await expect(page.getByTestId('selection-count')).toHaveText('4 runs selected');
  await page.keyboard.press('ArrowDown');
  await expect(row(page, 'r54')).toBeFocused();

  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/experiments/${experimentId}/runs/${ids.r54}`));
});
