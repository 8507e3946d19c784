// Runs table journeys: columns and cells, filtering (valid, invalid, plain text), server-side
// sorting, quick filters, nested runs, column choice, URL restore, autocomplete, "only columns
// that differ" and min / max metric values. Each test seeds its own experiment.
import type { Page, Request } from '@playwright/test';
import { expect, expectNoSeriousA11yIssues, screenshotBothThemes, test, uniqueName, type MlflowApi } from './support/fixtures';

test.use({ viewport: { width: 1800, height: 1000 } });

interface SearchBody {
  filter?: string;
  order_by?: string[];
  run_view_type?: string;
  page_token?: string;
  max_results?: number;
}

/** Bodies of every runs/search request the page sends. */
function trackSearches(page: Page): SearchBody[] {
  const bodies: SearchBody[] = [];
  page.on('request', (request: Request) => {
    if (request.method() === 'POST' && request.url().endsWith('/runs/search')) bodies.push(request.postDataJSON() as SearchBody);
  });
  return bodies;
}

function runRows(page: Page) {
  return page.getByTestId('run-row');
}

function row(page: Page, name: string) {
  return runRows(page).filter({ has: page.getByRole('link', { name, exact: true }) });
}

function cell(page: Page, runName: string, columnId: string) {
  return row(page, runName).locator(`[data-column-id="${columnId}"]`);
}

function header(page: Page, columnId: string) {
  return page.locator(`[role="columnheader"][data-column-id="${columnId}"]`);
}

/** Columns are virtualized too: bring the last ones into view. */
async function scrollTableRight(page: Page): Promise<void> {
  await page.locator('.dt-scroll').evaluate((element) => element.scrollTo({ left: element.scrollWidth }));
}

async function sortBy(page: Page, columnId: string): Promise<void> {
  await header(page, columnId).locator('.dt-sort').click();
}

async function runNames(page: Page): Promise<string[]> {
  return runRows(page).locator('.rb-run-link').allTextContents();
}

async function expectRunNames(page: Page, names: string[]): Promise<void> {
  await expect.poll(() => runNames(page)).toEqual(names);
}

function filterBox(page: Page) {
  return page.getByRole('combobox', { name: 'Filter runs' });
}

async function applyFilter(page: Page, text: string): Promise<void> {
  await filterBox(page).fill(text);
  await filterBox(page).press('Enter');
}

interface SeedRun {
  name: string;
  ageMs?: number;
  status?: 'RUNNING' | 'FINISHED' | 'FAILED' | 'KILLED';
  tags?: Record<string, string>;
  params?: Record<string, string>;
  metrics?: Record<string, number | number[]>;
}

/** Creates the runs (oldest first, so the default order is the reverse of `runs`). */
async function seedRuns(api: MlflowApi, experimentId: string, runs: SeedRun[]): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  const now = Date.now();
  await Promise.all(
    runs.map(async (spec, index) => {
      const startTime = now - (spec.ageMs ?? (runs.length - index) * 60_000);
      const id = await api.createRun(experimentId, { name: spec.name, startTime, tags: spec.tags ?? {} });
      ids[spec.name] = id;
      const metrics = Object.entries(spec.metrics ?? {}).flatMap(([key, value]) =>
        (Array.isArray(value) ? value : [value]).map((point, step) => ({ key, value: point, step, timestamp: startTime + step })),
      );
      if (metrics.length || spec.params) await api.logBatch(id, { metrics, params: spec.params ?? {} });
      if (spec.status !== 'RUNNING') await api.finishRun(id, spec.status ?? 'FINISHED', startTime + 90_000);
    }),
  );
  return ids;
}

test('shows every run with its attributes, datasets, models and data columns', async ({ page, api }) => {
  const experimentId = await api.createExperiment(uniqueName('runs-columns'));
  const now = Date.now();
  const alpha = await api.createRun(experimentId, {
    name: 'alpha',
    startTime: now - 2 * 3_600_000,
    tags: {
      'mlflow.user': 'ada',
      'mlflow.source.name': '/src/project/train.py',
      'mlflow.source.git.commit': '0123456789abcdef',
      team: 'vision',
    },
  });
  await api.logBatch(alpha, { metrics: [{ key: 'acc', value: 0.91 }], params: { lr: '0.01' } });
  await api.finishRun(alpha, 'FINISHED', now - 2 * 3_600_000 + 90_000);
  await api.call('POST', 'runs/log-inputs', {
    run_id: alpha,
    datasets: [
      {
        tags: [{ key: 'mlflow.data.context', value: 'training' }],
        dataset: { name: 'iris', digest: 'd1g3st00', source_type: 'local', source: '{"uri": "/data/iris.csv"}' },
      },
    ],
  });
  await api.call('POST', 'runs/log-model', {
    run_id: alpha,
    model_json: JSON.stringify({
      artifact_path: 'model',
      flavors: { sklearn: {}, python_function: {} },
      utc_time_created: '2024-01-01 00:00:00.000000',
      run_id: alpha,
    }),
  });
  const modelName = uniqueName('registered');
  await api.call('POST', 'registered-models/create', { name: modelName });
  await api.call('POST', 'model-versions/create', { name: modelName, source: `runs:/${alpha}/model`, run_id: alpha });
  const beta = await api.createRun(experimentId, { name: 'beta', startTime: now - 60_000 });
  await api.call('POST', 'runs/log-batch', {
    run_id: beta,
    metrics: [{ key: 'acc', value: 'NaN', timestamp: now, step: 0 }],
    params: [{ key: 'lr', value: '0.1' }],
  });

  await page.goto(`/experiments/${experimentId}`);
  await expectRunNames(page, ['beta', 'alpha']);

  await expect(row(page, 'alpha').getByRole('link', { name: 'alpha' })).toHaveAttribute(
    'href',
    `/experiments/${experimentId}/runs/${alpha}`,
  );
  await expect(cell(page, 'alpha', 'status')).toHaveText(/Finished/);
  await expect(cell(page, 'beta', 'status')).toHaveText(/Running/);
  await expect(cell(page, 'alpha', 'created')).toHaveText('2 hours ago');
  await expect(cell(page, 'alpha', 'created').locator('time')).toHaveAttribute(
    'title',
    new RegExp(String(new Date(now - 2 * 3_600_000).getFullYear())),
  );
  await expect(cell(page, 'alpha', 'duration')).toHaveText('1.5min');
  await expect(cell(page, 'alpha', 'user')).toHaveText('ada');
  await expect(cell(page, 'alpha', 'source')).toHaveText('train.py');
  await expect(cell(page, 'alpha', 'source').locator('[title]')).toHaveAttribute('title', '/src/project/train.py');
  await expect(cell(page, 'alpha', 'commit')).toHaveText('0123456');
  await expect(cell(page, 'alpha', 'datasets')).toContainText('iris');
  await expect(cell(page, 'alpha', 'datasets')).toContainText('d1g3st00');
  await expect(cell(page, 'alpha', 'datasets')).toContainText('training');
  await expect(cell(page, 'alpha', 'models')).toContainText('model');
  await expect(cell(page, 'alpha', 'models')).toContainText('sklearn');
  await expect(cell(page, 'alpha', 'registered')).toContainText(modelName);
  await expect(cell(page, 'alpha', 'registered')).toContainText('v1');
  await expect(cell(page, 'alpha', 'metrics.acc')).toHaveText('0.91');
  await expect(cell(page, 'beta', 'metrics.acc')).toHaveText('NaN');
  await expect(cell(page, 'alpha', 'params.lr')).toHaveText('0.01');
  // Tags are optional columns, not shown by default; system tags never become columns.
  await expect(header(page, 'tags.team')).toHaveCount(0);
  await expect(page.locator('[data-column-id^="tags.mlflow"]')).toHaveCount(0);

  await screenshotBothThemes(page, 'runs-table');
  await expectNoSeriousA11yIssues(page);
});

test('filters with MLflow expressions, refuses invalid ones inline and reads plain text as a run name', async ({ page, api }) => {
  const experimentId = await api.createExperiment(uniqueName('runs-filter'));
  await seedRuns(api, experimentId, [
    { name: 'resnet-50', metrics: { acc: 0.95 }, params: { opt: 'adam' } },
    { name: 'resnet-18', metrics: { acc: 0.8 }, params: { opt: 'sgd' } },
    { name: 'vit-base', metrics: { acc: 0.9 }, params: { opt: 'adam' } },
  ]);
  const searches = trackSearches(page);
  await page.goto(`/experiments/${experimentId}`);
  await expectRunNames(page, ['vit-base', 'resnet-18', 'resnet-50']);

  await applyFilter(page, "metrics.acc > 0.85 AND params.opt = 'adam'");
  await expectRunNames(page, ['vit-base', 'resnet-50']);
  expect(new URL(page.url()).searchParams.get('q')).toBe("metrics.acc > 0.85 AND params.opt = 'adam'");
  expect(searches.at(-1)?.filter).toBe("metrics.acc > 0.85 AND params.opt = 'adam'");

  // Invalid: the error is shown at its position and nothing is sent.
  const sentBefore = searches.length;
  await filterBox(page).fill("metrics.acc > 0.85 params.opt = 'adam'");
  await expect(page.getByTestId('filter-error')).toContainText('Syntax error at position 20');
  await expect(page.getByTestId('filter-error')).toContainText('expected AND between conditions');
  await expect(page.getByTestId('filter-error-mark')).toHaveText('params');
  await expect(filterBox(page)).toHaveAttribute('aria-invalid', 'true');
  await screenshotBothThemes(page, 'runs-table-filter-error');
  await expectNoSeriousA11yIssues(page);
  await filterBox(page).press('Enter');
  await expect(page.getByTestId('filter-error')).toBeVisible();
  await expectRunNames(page, ['vit-base', 'resnet-50']);

  // Missing value: the caret marks the end.
  await filterBox(page).fill('metrics.acc >');
  await expect(page.getByTestId('filter-error')).toContainText('position 14');

  // Plain text: run name contains, case-insensitive.
  await applyFilter(page, 'RESNET');
  await expectRunNames(page, ['resnet-18', 'resnet-50']);
  await expect(page.getByTestId('filter-error')).toHaveCount(0);
  const sentAfter = searches.slice(sentBefore);
  expect(sentAfter.map((body) => body.filter)).toEqual(["attributes.run_name ILIKE '%RESNET%'"]);

  // A filter the parser accepts but the server refuses is reported too (unknown dataset key is
  // caught client-side; a refused value reaches the server).
  await applyFilter(page, '');
  await expectRunNames(page, ['vit-base', 'resnet-18', 'resnet-50']);
});

test('filters with OR and parentheses, offers AND / OR after a condition and explains the syntax', async ({ page, api }) => {
  const experimentId = await api.createExperiment(uniqueName('runs-filter-or'));
  await seedRuns(api, experimentId, [
    { name: 'resnet-50', metrics: { acc: 0.95 }, params: { opt: 'adam' } },
    { name: 'resnet-18', metrics: { acc: 0.8 }, params: { opt: 'sgd' }, status: 'FAILED' },
    { name: 'vit-base', metrics: { acc: 0.9 }, params: { opt: 'adam' } },
    { name: 'vit-small', metrics: { acc: 0.7 }, params: { opt: 'adamw' } },
  ]);
  const searches = trackSearches(page);
  await page.goto(`/experiments/${experimentId}`);
  await expectRunNames(page, ['vit-small', 'vit-base', 'resnet-18', 'resnet-50']);

  // Autocomplete: after a complete condition, the joining keywords.
  await filterBox(page).fill("params.opt = 'sgd' ");
  const suggestions = page.getByRole('listbox', { name: 'Filter suggestions' });
  await expect(suggestions.getByRole('option')).toHaveText([/^AND\s*keyword$/, /^OR\s*keyword$/]);
  await suggestions.getByRole('option', { name: /^OR/ }).click();
  await expect(filterBox(page)).toHaveValue("params.opt = 'sgd' OR ");
  await filterBox(page).press('End');
  await filterBox(page).pressSequentially('metrics.acc > 0.92');
  await expect(filterBox(page)).toHaveValue("params.opt = 'sgd' OR metrics.acc > 0.92");
  await filterBox(page).press('Enter');
  await expectRunNames(page, ['resnet-18', 'resnet-50']);
  expect(new URL(page.url()).searchParams.get('q')).toBe("params.opt = 'sgd' OR metrics.acc > 0.92");

  // Parentheses: AND binds tighter than OR unless grouped.
  await applyFilter(page, "metrics.acc < 0.92 AND (params.opt = 'adam' OR params.opt = 'adamw')");
  await expectRunNames(page, ['vit-small', 'vit-base']);
  expect(searches.at(-1)?.filter).toBe("metrics.acc < 0.92 AND (params.opt = 'adam' OR params.opt = 'adamw')");

  // A quick filter ANDs the whole typed expression, not just its last condition.
  await applyFilter(page, "params.opt = 'sgd' OR params.opt = 'adamw'");
  await expectRunNames(page, ['vit-small', 'resnet-18']);
  await page.goto(`${page.url()}&status=FAILED`);
  await expectRunNames(page, ['resnet-18']);
  expect(searches.at(-1)?.filter).toBe("(params.opt = 'sgd' OR params.opt = 'adamw') AND attributes.status = 'FAILED'");

  // Unclosed parenthesis: underlined from the '(' on, nothing sent.
  const sent = searches.length;
  await filterBox(page).fill("metrics.acc < 0.92 AND (params.opt = 'adam'");
  await expect(page.getByTestId('filter-error')).toContainText("Syntax error at position 24: Unclosed '(' in filter string");
  await expect(page.getByTestId('filter-error-mark')).toHaveText("(params.opt = 'adam'");
  await filterBox(page).press('Enter');
  expect(searches.length).toBe(sent);

  await page.getByRole('button', { name: 'Syntax' }).click();
  const help = page.getByRole('region', { name: 'Filter syntax' });
  await expect(help).toContainText('AND binds tighter than OR');
  await screenshotBothThemes(page, 'runs-table-filter-or');
  await expectNoSeriousA11yIssues(page);
});

test('sorts on the server by a metric and by a parameter', async ({ page, api }) => {
  const experimentId = await api.createExperiment(uniqueName('runs-sort'));
  await seedRuns(api, experimentId, [
    { name: 'a', metrics: { acc: 0.7 }, params: { batch: '32' } },
    { name: 'b', metrics: { acc: 0.9 }, params: { batch: '16' } },
    { name: 'c', metrics: { acc: 0.8 }, params: { batch: '64' } },
    { name: 'd', params: { batch: '48' } },
  ]);
  const searches = trackSearches(page);
  await page.goto(`/experiments/${experimentId}`);
  await expectRunNames(page, ['d', 'c', 'b', 'a']);

  await sortBy(page, 'metrics.acc');
  await expectRunNames(page, ['b', 'c', 'a', 'd']);
  await expect(header(page, 'metrics.acc')).toHaveAttribute('aria-sort', 'descending');
  expect(searches.at(-1)?.order_by).toEqual(['metrics.`acc` DESC']);
  expect(new URL(page.url()).searchParams.get('sort')).toBe('metrics.acc');

  await sortBy(page, 'metrics.acc');
  await expectRunNames(page, ['a', 'c', 'b', 'd']);
  await expect(header(page, 'metrics.acc')).toHaveAttribute('aria-sort', 'ascending');
  expect(searches.at(-1)?.order_by).toEqual(['metrics.`acc` ASC']);

  await sortBy(page, 'params.batch');
  await expectRunNames(page, ['c', 'd', 'a', 'b']);
  expect(searches.at(-1)?.order_by).toEqual(['params.`batch` DESC']);
  await expect(header(page, 'metrics.acc')).toHaveAttribute('aria-sort', 'none');

  // Back restores the previous sort.
  await page.goBack();
  await expectRunNames(page, ['a', 'c', 'b', 'd']);
});

test('quick filters: status, created within and deleted runs', async ({ page, api }) => {
  const experimentId = await api.createExperiment(uniqueName('runs-quick'));
  const ids = await seedRuns(api, experimentId, [
    { name: 'old-finished', ageMs: 3 * 86_400_000 },
    { name: 'failed', status: 'FAILED', ageMs: 3_600_000 * 2 },
    { name: 'running', status: 'RUNNING', ageMs: 10 * 60_000 },
    { name: 'killed', status: 'KILLED', ageMs: 5 * 60_000 },
    { name: 'gone', ageMs: 60_000 },
  ]);
  await api.call('POST', 'runs/delete', { run_id: ids.gone });
  const searches = trackSearches(page);
  await page.goto(`/experiments/${experimentId}`);
  await expectRunNames(page, ['killed', 'running', 'failed', 'old-finished']);

  const status = page.getByRole('group', { name: 'Status' });
  await status.getByRole('button', { name: 'Failed' }).click();
  await expectRunNames(page, ['failed']);
  await status.getByRole('button', { name: 'Running' }).click();
  await expectRunNames(page, ['running', 'failed']);
  expect(new URL(page.url()).searchParams.get('status')).toBe('RUNNING,FAILED');
  await status.getByRole('button', { name: 'Running' }).click();
  await status.getByRole('button', { name: 'Failed' }).click();
  await expectRunNames(page, ['killed', 'running', 'failed', 'old-finished']);

  await page.getByLabel('Created', { exact: true }).selectOption('24h');
  await expectRunNames(page, ['killed', 'running', 'failed']);
  expect(searches.at(-1)?.filter).toMatch(/^attributes\.start_time >= \d+$/);
  await page.getByLabel('Created', { exact: true }).selectOption('1h');
  await expectRunNames(page, ['killed', 'running']);
  // Custom range: between 3 hours and 1 hour ago.
  await page.getByLabel('Created', { exact: true }).selectOption('custom');
  const local = (ms: number) => {
    const date = new Date(ms);
    const pad = (value: number) => String(value).padStart(2, '0');
    return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
  };
  await page.getByLabel('Created from').fill(local(Date.now() - 3 * 3_600_000));
  await page.getByLabel('Created until').fill(local(Date.now() - 3_600_000));
  await expectRunNames(page, ['failed']);
  expect(new URL(page.url()).searchParams.get('within')).toBe('custom');
  await page.reload();
  await expectRunNames(page, ['failed']);
  await page.getByLabel('Created', { exact: true }).selectOption('');

  const lifecycle = page.getByRole('group', { name: 'Lifecycle' });
  await lifecycle.getByRole('button', { name: 'Deleted' }).click();
  await expectRunNames(page, ['gone']);
  expect(searches.at(-1)?.run_view_type).toBe('DELETED_ONLY');
  await lifecycle.getByRole('button', { name: 'All' }).click();
  await expectRunNames(page, ['gone', 'killed', 'running', 'failed', 'old-finished']);
  await expect(row(page, 'gone')).toHaveClass(/is-deleted/);
});

test('nested runs expand under their parent, sorted and filtered', async ({ page, api }) => {
  const experimentId = await api.createExperiment(uniqueName('runs-nested'));
  const ids = await seedRuns(api, experimentId, [
    { name: 'sweep', metrics: { acc: 0.5 } },
    { name: 'solo', metrics: { acc: 0.6 } },
  ]);
  await seedRuns(api, experimentId, [
    { name: 'trial-1', ageMs: 30_000, metrics: { acc: 0.7 }, tags: { 'mlflow.parentRunId': ids.sweep ?? '' } },
    { name: 'trial-2', ageMs: 20_000, metrics: { acc: 0.9 }, tags: { 'mlflow.parentRunId': ids.sweep ?? '' } },
    { name: 'trial-3', ageMs: 10_000, metrics: { acc: 0.3 }, tags: { 'mlflow.parentRunId': ids.sweep ?? '' } },
  ]);
  const searches = trackSearches(page);
  await page.goto(`/experiments/${experimentId}`);
  await expectRunNames(page, ['solo', 'sweep']);
  const toggle = page.getByRole('button', { name: 'Show child runs of sweep' });
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await toggle.click();
  await expectRunNames(page, ['solo', 'sweep', 'trial-3', 'trial-2', 'trial-1']);
  await expect(row(page, 'trial-2')).toHaveClass(/is-child/);
  await screenshotBothThemes(page, 'runs-table-nested');
  expect(searches.some((body) => body.filter === `tags.\`mlflow.parentRunId\` = '${ids.sweep}'`)).toBe(true);

  // Sorted by a metric: parents in server order, children sorted the same way under theirs.
  await sortBy(page, 'metrics.acc');
  await expectRunNames(page, ['solo', 'sweep', 'trial-2', 'trial-1', 'trial-3']);

  // Filtered: only matching children are fetched and nested.
  await applyFilter(page, 'metrics.acc >= 0.5');
  await expectRunNames(page, ['solo', 'sweep', 'trial-2', 'trial-1']);
  expect(searches.at(-1)?.filter).toContain('metrics.acc >= 0.5 AND tags.`mlflow.parentRunId`');

  // A filter that matches only children shows them at the top level.
  await applyFilter(page, 'metrics.acc > 0.65');
  await expectRunNames(page, ['trial-2', 'trial-1']);

  await applyFilter(page, '');
  await expect(row(page, 'trial-2')).toHaveAttribute('aria-level', '2');
  await expect(row(page, 'sweep')).toHaveAttribute('aria-level', '1');
  await expect(row(page, 'sweep')).toHaveAttribute('aria-expanded', 'true');
  await page.getByRole('button', { name: 'Hide child runs of sweep' }).click();
  await expectRunNames(page, ['solo', 'sweep']);
  await expect(row(page, 'sweep')).toHaveAttribute('aria-expanded', 'false');
  await expect(row(page, 'solo')).not.toHaveAttribute('aria-expanded');

  // Keyboard: → shows the children of the focused run, ← hides them.
  await row(page, 'solo').focus();
  await page.keyboard.press('ArrowDown');
  await expect(row(page, 'sweep')).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expectRunNames(page, ['solo', 'sweep', 'trial-2', 'trial-1', 'trial-3']);
  await expect(row(page, 'sweep')).toHaveAttribute('aria-expanded', 'true');
  await page.keyboard.press('ArrowDown');
  await expect(row(page, 'trial-2')).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowLeft');
  await expectRunNames(page, ['solo', 'sweep']);
  await expect(row(page, 'sweep')).toBeFocused();
});

test('column chooser, pinning, reordering and resizing are remembered in the URL and per experiment', async ({ page, api }) => {
  const experimentId = await api.createExperiment(uniqueName('runs-cols'));
  await seedRuns(api, experimentId, [
    { name: 'one', metrics: { acc: 0.5, loss: 1 }, params: { lr: '0.1', opt: 'adam', batch: '8' }, tags: { team: 'vision' } },
    { name: 'two', metrics: { acc: 0.6, loss: 2 }, params: { lr: '0.2', opt: 'sgd', batch: '16' }, tags: { team: 'nlp' } },
  ]);
  await page.goto(`/experiments/${experimentId}`);
  await expectRunNames(page, ['two', 'one']);

  // Column chooser: search, hide a param, show a tag.
  await page.getByRole('button', { name: /^Columns/ }).click();
  const chooser = page.getByRole('dialog', { name: 'Choose columns' });
  await chooser.getByRole('searchbox', { name: 'Search columns' }).fill('lr');
  await expect(chooser.getByRole('checkbox')).toHaveCount(1);
  // The URL is the state: a click updates it and the checkbox follows.
  await chooser.getByRole('checkbox', { name: 'lr' }).click();
  await expect(chooser.getByRole('checkbox', { name: 'lr' })).not.toBeChecked();
  await expect(header(page, 'params.lr')).toHaveCount(0);
  await chooser.getByRole('searchbox', { name: 'Search columns' }).fill('team');
  await chooser.getByRole('checkbox', { name: 'team' }).click();
  await expect(chooser.getByRole('checkbox', { name: 'team' })).toBeChecked();
  await scrollTableRight(page);
  await expect(header(page, 'tags.team')).toBeVisible();
  await expect(cell(page, 'one', 'tags.team')).toHaveText('vision');
  // Groups in the chooser collapse.
  await chooser.getByRole('searchbox', { name: 'Search columns' }).fill('');
  await chooser.getByRole('button', { name: /Parameters/ }).click();
  await expect(chooser.getByRole('checkbox', { name: 'opt' })).toHaveCount(0);
  await screenshotBothThemes(page, 'runs-table-column-chooser');
  await expectNoSeriousA11yIssues(page);
  await page.keyboard.press('Escape');
  await expect(chooser).toHaveCount(0);
  expect(new URL(page.url()).searchParams.get('cols')).toContain('tags.team');

  // Pin a metric column through its header menu.
  await header(page, 'metrics.loss').hover();
  await page.getByRole('button', { name: 'Column options: loss' }).click();
  await page.getByRole('menuitem', { name: 'Pin column to the left' }).click();
  await expect(page.locator('.dt-head .dt-pinned [data-column-id="metrics.loss"]')).toBeVisible();
  expect(new URL(page.url()).searchParams.get('pin')).toBe('metrics.loss');

  // Reorder params by dragging a header onto another.
  const paramOrder = () =>
    page
      .locator('.dt-head [role="columnheader"][data-column-id^="params."]')
      .evaluateAll((elements) => elements.map((element) => element.getAttribute('data-column-id')));
  await expect.poll(paramOrder).toEqual(['params.batch', 'params.opt']);
  await header(page, 'params.batch').dragTo(header(page, 'params.opt'));
  await expect.poll(paramOrder).toEqual(['params.opt', 'params.batch']);

  // Move a metric with the keyboard-friendly menu.
  await header(page, 'metrics.acc').hover();
  await page.getByRole('button', { name: 'Column options: acc' }).click();
  await expect(page.getByRole('menuitem', { name: 'Move left' })).toBeDisabled();
  await page.keyboard.press('Escape');

  // Resize the user column (dragging scrolled the table sideways: scroll back first).
  await page.locator('.dt-scroll').evaluate((element) => element.scrollTo({ left: 0 }));
  const userHeader = header(page, 'user');
  const before = (await userHeader.boundingBox())?.width ?? 0;
  const handle = userHeader.locator('.dt-resizer');
  const box = await handle.boundingBox();
  if (!box) throw new Error('no resize handle');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + 80, box.y + box.height / 2, { steps: 4 });
  await page.mouse.up();
  await expect.poll(async () => (await userHeader.boundingBox())?.width ?? 0).toBeGreaterThan(before + 60);
  const resized = (await userHeader.boundingBox())?.width ?? 0;
  await expect
    .poll(() => page.evaluate((key) => window.localStorage.getItem(key) ?? '', `runboard:runs-columns:${experimentId}`))
    .toContain('"user":');

  // Reload: the URL restores the choice, localStorage the width.
  await page.reload();
  await expectRunNames(page, ['two', 'one']);
  await expect(header(page, 'params.lr')).toHaveCount(0);
  await scrollTableRight(page);
  await expect(header(page, 'tags.team')).toBeVisible();
  await expect(page.locator('.dt-head .dt-pinned [data-column-id="metrics.loss"]')).toBeVisible();
  await expect.poll(paramOrder).toEqual(['params.opt', 'params.batch']);
  await page.locator('.dt-scroll').evaluate((element) => element.scrollTo({ left: 0 }));
  await expect.poll(async () => Math.round((await header(page, 'user').boundingBox())?.width ?? 0)).toBe(Math.round(resized));

  // A bare link to the experiment uses the choice saved for it.
  await page.goto(`/experiments/${experimentId}`);
  await expectRunNames(page, ['two', 'one']);
  await scrollTableRight(page);
  await expect(header(page, 'tags.team')).toBeVisible();
  await expect(header(page, 'params.lr')).toHaveCount(0);

  // Collapse a group from the table header.
  await page
    .getByRole('button', { name: /Metrics/ })
    .first()
    .click();
  await expect(header(page, 'metrics.acc')).toHaveCount(0);
  expect(new URL(page.url()).searchParams.get('collapsed')).toBe('metrics');
  await page
    .getByRole('button', { name: /Metrics/ })
    .first()
    .click();
  await expect(header(page, 'metrics.acc')).toBeVisible();
});

test('reload and back / forward restore filter, sort, quick filters, selection and expansion', async ({ page, api }) => {
  const experimentId = await api.createExperiment(uniqueName('runs-url'));
  const ids = await seedRuns(api, experimentId, [
    { name: 'p', metrics: { acc: 0.1 } },
    { name: 'q', metrics: { acc: 0.2 } },
    { name: 'r', metrics: { acc: 0.3 }, status: 'FAILED' },
  ]);
  await seedRuns(api, experimentId, [
    { name: 'p-child', ageMs: 1000, metrics: { acc: 0.05 }, tags: { 'mlflow.parentRunId': ids.p ?? '' } },
  ]);
  await page.goto(`/experiments/${experimentId}`);
  await expectRunNames(page, ['r', 'q', 'p']);

  await applyFilter(page, 'metrics.acc < 0.25');
  await expectRunNames(page, ['q', 'p']);
  await sortBy(page, 'metrics.acc');
  await expectRunNames(page, ['q', 'p']);
  await page.getByRole('group', { name: 'Status' }).getByRole('button', { name: 'Finished' }).click();
  await page.getByRole('button', { name: 'Show child runs of p' }).click();
  await expectRunNames(page, ['q', 'p', 'p-child']);
  await page.getByRole('checkbox', { name: 'Select run q' }).click();
  await expect(page.getByRole('checkbox', { name: 'Select run q' })).toBeChecked();
  await page.getByRole('checkbox', { name: 'Select run p', exact: true }).click();
  await expect(page.getByTestId('selection-count')).toHaveText('2 runs selected');

  await page.reload();
  await expectRunNames(page, ['q', 'p', 'p-child']);
  await expect(filterBox(page)).toHaveValue('metrics.acc < 0.25');
  await expect(header(page, 'metrics.acc')).toHaveAttribute('aria-sort', 'descending');
  await expect(page.getByRole('group', { name: 'Status' }).getByRole('button', { name: 'Finished' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await expect(page.getByTestId('selection-count')).toHaveText('2 runs selected');
  await expect(page.getByRole('checkbox', { name: 'Select run q' })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: 'Select run r' })).toHaveCount(0);

  // Back walks through the pushed states: status filter, then sort, then filter.
  await page.goBack();
  await expect(page.getByRole('group', { name: 'Status' }).getByRole('button', { name: 'Finished' })).toHaveAttribute(
    'aria-pressed',
    'false',
  );
  await page.goBack();
  await expect(header(page, 'metrics.acc')).toHaveAttribute('aria-sort', 'none');
  await page.goBack();
  await expect(filterBox(page)).toHaveValue('');
  await expectRunNames(page, ['r', 'q', 'p']);
  await page.goForward();
  await expect(filterBox(page)).toHaveValue('metrics.acc < 0.25');
  await expectRunNames(page, ['q', 'p']);
});

test('autocompletes metric, param, tag and attribute keys', async ({ page, api }) => {
  const experimentId = await api.createExperiment(uniqueName('runs-complete'));
  await seedRuns(api, experimentId, [
    { name: 'x', metrics: { accuracy: 0.5, 'val-loss': 1 }, params: { optimizer: 'adam' }, tags: { team: 't' } },
  ]);
  await page.goto(`/experiments/${experimentId}`);
  await expectRunNames(page, ['x']);
  const box = filterBox(page);
  await box.click();
  await box.pressSequentially('metrics.va');
  const listbox = page.getByRole('listbox', { name: 'Filter suggestions' });
  await expect(listbox.getByRole('option')).toHaveText([/metrics\.`val-loss`/]);
  await box.press('ArrowDown');
  await expect(listbox.getByRole('option').first()).toHaveAttribute('aria-selected', 'true');
  await box.press('Enter');
  await expect(box).toHaveValue('metrics.`val-loss` ');
  await box.pressSequentially('< 2 AND opt');
  await expect(listbox.getByRole('option').first()).toContainText('params.optimizer');
  await listbox.getByRole('option').first().click();
  await expect(box).toHaveValue('metrics.`val-loss` < 2 AND params.optimizer ');
  await box.pressSequentially("= 'adam' AND attributes.st");
  await expect(listbox.getByRole('option')).toHaveText([/attributes\.status/, /attributes\.start_time/]);
  await box.press('Escape');
  await expect(listbox).toBeHidden();
  await box.pressSequentially("atus = 'FINISHED'");
  await box.press('Enter');
  await expectRunNames(page, ['x']);
  expect(new URL(page.url()).searchParams.get('q')).toBe(
    "metrics.`val-loss` < 2 AND params.optimizer = 'adam' AND attributes.status = 'FINISHED'",
  );
});

test('shows only columns that differ, and metric min / max from history', async ({ page, api }) => {
  const experimentId = await api.createExperiment(uniqueName('runs-diff'));
  await seedRuns(api, experimentId, [
    { name: 'one', metrics: { loss: [5, 1, 3], same: 1 }, params: { lr: '0.1', seed: '42' } },
    { name: 'two', metrics: { loss: [2, 8, 4], same: 1 }, params: { lr: '0.2', seed: '42' } },
  ]);
  const history: string[] = [];
  page.on('request', (request) => {
    // Exact extremes from the server's min/max buckets (a plain MLflow would get the sampled fallback).
    if (request.url().includes('/metrics/get-history-buckets')) history.push(request.url());
  });
  await page.goto(`/experiments/${experimentId}`);
  await expectRunNames(page, ['two', 'one']);
  await expect(header(page, 'params.seed')).toBeVisible();

  await page.getByRole('button', { name: 'Only columns that differ' }).click();
  await expect(header(page, 'params.seed')).toHaveCount(0);
  await expect(header(page, 'metrics.same')).toHaveCount(0);
  await expect(header(page, 'params.lr')).toBeVisible();
  await expect(header(page, 'metrics.loss')).toBeVisible();
  expect(new URL(page.url()).searchParams.get('diff')).toBe('1');

  await expect(cell(page, 'one', 'metrics.loss')).toHaveText('3');
  expect(history).toEqual([]);
  const values = page.getByRole('group', { name: 'Metric value' });
  await values.getByRole('button', { name: 'Min' }).click();
  await expect(cell(page, 'one', 'metrics.loss')).toHaveText('1');
  await expect(cell(page, 'two', 'metrics.loss')).toHaveText('2');
  await values.getByRole('button', { name: 'Max' }).click();
  await expect(cell(page, 'one', 'metrics.loss')).toHaveText('5');
  await expect(cell(page, 'two', 'metrics.loss')).toHaveText('8');
  expect(history.length).toBeGreaterThan(0);
  expect(history.every((url) => url.includes('metric_key=loss'))).toBe(true);
});
