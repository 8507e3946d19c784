// Server-side paging of a large experiment: pages of runs load as the user scrolls, the DOM
// holds only the rows on screen, sorting is done by the server across pages, and "select all
// matching" + CSV export cover every run, not just the loaded ones.
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { MlflowApi, expect, expectNoSeriousA11yIssues, test, uniqueName } from './support/fixtures';

const RUN_COUNT = 1200;
let experimentId = '';

/** Names are a permutation of the creation order, so name order differs from time order. */
function runName(index: number): string {
  return `run-${String((index * 7) % RUN_COUNT).padStart(4, '0')}`;
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ playwright }, testInfo) => {
  testInfo.setTimeout(240_000);
  const request = await playwright.request.newContext({ baseURL: testInfo.project.use.baseURL });
  const api = new MlflowApi(request);
  experimentId = await api.createExperiment(uniqueName('runs-paging'));
  const start = Date.now() - RUN_COUNT * 1000;
  let next = 0;
  const worker = async () => {
    while (next < RUN_COUNT) {
      const index = next++;
      // runs/create carries tags; one request per run keeps seeding quick.
      const runId = await api.createRun(experimentId, {
        name: runName(index),
        startTime: start + index * 1000,
        tags: { index: String(index) },
      });
      // Finished: a RUNNING run on screen makes the table poll every 2 s, and those refetches
      // would mix with the page requests these tests count.
      await api.finishRun(runId, 'FINISHED', start + index * 1000 + 500);
    }
  };
  await Promise.all(Array.from({ length: 24 }, worker));
  await request.dispose();
});

function status(page: Page) {
  return page.getByTestId('runs-status');
}

async function scrollToBottom(page: Page): Promise<void> {
  await page.locator('.dt-scroll').evaluate((element) => element.scrollTo({ top: element.scrollHeight }));
}

async function renderedRows(page: Page): Promise<number> {
  return page.getByTestId('run-row').count();
}

test('loads pages with page tokens as the user scrolls, keeping the DOM small', async ({ page }) => {
  test.setTimeout(120_000);
  const searches: { page_token?: string; max_results?: number }[] = [];
  page.on('request', (request) => {
    if (request.method() === 'POST' && request.url().endsWith('/runs/search'))
      searches.push(request.postDataJSON() as { page_token?: string; max_results?: number });
  });
  await page.goto(`/experiments/${experimentId}`);
  await expect(status(page)).toHaveText('100 runs loaded, more on scroll');
  await expect(page.getByTestId('run-row').first().getByRole('link')).toHaveText(runName(RUN_COUNT - 1));
  expect(await renderedRows(page)).toBeLessThan(80);
  expect(searches).toHaveLength(1);
  expect(searches[0]?.page_token).toBeUndefined();
  expect(searches[0]?.max_results).toBe(100);

  // Scroll to the end until every page is in.
  for (const loaded of [600, 1100, 1200]) {
    await scrollToBottom(page);
    await expect(status(page)).toContainText(`${loaded.toLocaleString('en-US')} runs`);
    expect(await renderedRows(page)).toBeLessThan(80);
  }
  // The last page (100 of 500) carries no token: the table knows it has everything and asks no more.
  await scrollToBottom(page);
  await expect(status(page)).toHaveText('1,200 runs');
  expect(searches).toHaveLength(4);
  await expect(page.getByTestId('run-row').last().getByRole('link')).toHaveText(runName(0));
  expect(await renderedRows(page)).toBeLessThan(80);
  // Tokens are opaque: each request after the first sends the previous answer's token.
  expect(
    searches.slice(1).every((body) => typeof body.page_token === 'string' && body.page_token.length > 0 && body.max_results === 500),
  ).toBe(true);
  expect(new Set(searches.map((body) => body.page_token ?? '')).size).toBe(searches.length);
});

test('sorts on the server across pages', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(`/experiments/${experimentId}?sort=name&dir=asc`);
  await expect(page.getByTestId('run-row').first().getByRole('link')).toHaveText('run-0000');
  await expect(page.getByTestId('run-row').nth(1).getByRole('link')).toHaveText('run-0001');
  for (const loaded of [600, 1100, 1200]) {
    await scrollToBottom(page);
    await expect(status(page)).toContainText(`${loaded.toLocaleString('en-US')} runs`);
  }
  await scrollToBottom(page);
  await expect(page.getByTestId('run-row').last().getByRole('link')).toHaveText('run-1199');

  // A new sort starts again from the top and the first page.
  await page.locator('[role="columnheader"][data-column-id="name"] .dt-sort').click();
  await expect(page).not.toHaveURL(/sort=/);
  await expect(status(page)).toHaveText('100 runs loaded, more on scroll');
  await expect(page.getByTestId('run-row').first().getByRole('link')).toHaveText(runName(RUN_COUNT - 1));
});

test('selects every matching run and exports all of them as CSV', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(`/experiments/${experimentId}?q=${encodeURIComponent("tags.index LIKE '1%'")}`);
  // 1, 10-19, 100-199, 1000-1199: 1 + 10 + 100 + 200 = 311 runs, more than one page.
  await expect(status(page)).toHaveText('100 runs loaded, more on scroll');
  await page.getByRole('checkbox', { name: 'Select run' }).first().click();
  await page.getByRole('button', { name: 'Select all matching runs' }).click();
  await expect(page.getByTestId('selection-count')).toHaveText('All matching runs selected');

  const downloadPromise = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const download = await downloadPromise;
  const lines = readFileSync(await download.path(), 'utf8')
    .trim()
    .split('\r\n');
  expect(lines).toHaveLength(312);
  const names = new Set(lines.slice(1).map((line) => line.split(',')[1]));
  expect(names.size).toBe(311);
  await expect(page.getByTestId('toast-success')).toContainText('Exported 311 runs');
});

test('a partly loaded table is accessible: unknown row count, row indexes, "Load more" outside the rows', async ({ page }) => {
  await page.goto(`/experiments/${experimentId}`);
  await expect(status(page)).toHaveText('100 runs loaded, more on scroll');
  await expect(page.getByRole('button', { name: 'Load more runs' })).toBeAttached();
  const grid = page.getByRole('treegrid', { name: 'Runs' });
  await expect(grid).toHaveAttribute('aria-rowcount', '-1');
  await expect(grid.getByRole('button', { name: 'Load more runs' })).toHaveCount(0);
  await expect(page.getByTestId('run-row').first()).toHaveAttribute('aria-rowindex', '3');
  await expectNoSeriousA11yIssues(page);
});
