import type { Page } from '@playwright/test';
import { expect, expectNoSeriousA11yIssues, screenshotBothThemes, test, uniqueName, type MlflowApi } from './support/fixtures';
import { expectToast, failEndpoint, runUrl, TINY_PNG, type SeededRun } from './support/run-seed';

const MLMODEL = (runId: string) => `artifact_path: model
flavors:
  python_function:
    env:
      conda: conda.yaml
    loader_module: mlflow.sklearn
    python_version: 3.10.12
  sklearn:
    sklearn_version: 1.3.0
mlflow_version: 2.9.2
run_id: ${runId}
signature:
  inputs: '[{"type": "double", "name": "sepal_length", "required": true}, {"type": "string", "name": "species", "required": false}]'
  outputs: '[{"type": "tensor", "tensor-spec": {"dtype": "float64", "shape": [-1]}}]'
utc_time_created: '2024-01-01 00:00:00.000000'
`;

/**
 * A Plotly-like report: its script draws into the page and then tries to reach the app (its page,
 * storage and cookies), writing down what it could reach.
 */
const HTML_REPORT = `<h1>Eval report</h1><div id="plot"></div><script>
  const reached = [];
  const attempt = (name, action) => { try { action(); reached.push(name + ':reachable'); } catch { reached.push(name + ':blocked'); } };
  attempt('parent', () => { parent.document.body.dataset.pwned = 'yes'; });
  attempt('storage', () => localStorage.getItem('runboard.theme'));
  attempt('cookie', () => document.cookie);
  document.getElementById('plot').textContent = 'plot drawn; ' + reached.join(' ');
  const points = Array.from({ length: 50 }, (_, i) => i * 8 + ',' + (150 - 120 * Math.exp(-i / 12)).toFixed(1)).join(' ');
  document.body.insertAdjacentHTML('beforeend', '<svg width="420" height="170" role="img" aria-label="loss curve"><polyline fill="none" stroke="#1f77b4" stroke-width="2" points="' + points + '"/></svg>');
</script>`;

/** A run with one artifact of every kind the browser previews. */
async function seedArtifacts(api: MlflowApi, prefix: string): Promise<SeededRun> {
  const experimentName = uniqueName(prefix);
  const experimentId = await api.createExperiment(experimentName);
  const runName = uniqueName(`${prefix}-run`);
  const runId = await api.createRun(experimentId, { name: runName });
  const upload = (path: string, body: string | Buffer, type?: string) => api.uploadArtifact(experimentId, runId, path, body, type);
  await upload('model/MLmodel', MLMODEL(runId), 'text/plain');
  await upload('model/conda.yaml', 'channels:\n- conda-forge\ndependencies:\n- python=3.10\n- pip:\n  - mlflow==2.9.2\nname: env\n', 'text/yaml');
  await upload('model/model.pkl', Buffer.from([0x80, 0x04, 0x95, 0x00]));
  await upload('plots/loss.png', TINY_PNG, 'image/png');
  await upload('summary.json', JSON.stringify({ accuracy: 0.93, classes: ['cat', 'dog'], config: { optimizer: { name: 'adamw', lr: 0.001 } } }), 'application/json');
  await upload('data/sample.csv', `id,name,score\n${Array.from({ length: 1500 }, (_, i) => `${i},"name, ${i}",${(i / 1500).toFixed(3)}`).join('\n')}\n`, 'text/csv');
  await upload('notes.md', '# Findings\n\n- **warmup** helps\n\n<img src=x onerror="alert(1)">', 'text/markdown');
  await upload('report.html', HTML_REPORT, 'text/html');
  await upload('logs/small.txt', 'hello\nworld\n', 'text/plain');
  return { experimentId, experimentName, runId, runName };
}

function tree(page: Page) {
  return page.getByRole('navigation', { name: 'Artifact files' });
}

function preview(page: Page) {
  return page.getByRole('region', { name: 'Artifact preview' });
}

async function openArtifacts(page: Page, run: SeededRun) {
  await page.goto(`${runUrl(run)}?tab=artifacts`);
  await expect(tree(page).getByRole('button', { name: /summary\.json/ })).toBeVisible();
}

test.describe('artifacts', () => {
  test('browses folders lazily and previews each kind of file', async ({ page, api }) => {
    const run = await seedArtifacts(api, 'art-kinds');
    const listed: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/artifacts/list')) listed.push(new URL(request.url()).searchParams.get('path') ?? '');
    });
    let dialogs = 0;
    page.on('dialog', (dialog) => {
      dialogs += 1;
      void dialog.dismiss();
    });
    await openArtifacts(page, run);
    // Only the root is listed until a folder is opened.
    expect(listed).toEqual(['']);
    await expect(tree(page).getByRole('button', { name: /conda\.yaml/ })).toHaveCount(0);

    // Sizes are shown.
    await expect(tree(page).getByRole('button', { name: /summary\.json/ })).toContainText(/\d+ B/);

    // Folder → listed when opened; its children appear.
    await tree(page).getByRole('button', { name: 'plots' }).click();
    await expect(tree(page).getByRole('button', { name: 'plots' })).toHaveAttribute('aria-expanded', 'true');
    expect(listed).toContain('plots');
    await tree(page).getByRole('button', { name: /loss\.png/ }).click();
    await expect(preview(page).getByRole('img', { name: 'loss.png' })).toBeVisible();
    await expect.poll(() => preview(page).getByRole('img', { name: 'loss.png' }).evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1);
    await expect(preview(page).getByRole('link', { name: 'Download' })).toHaveAttribute('href', /\/get-artifact\?run_uuid=.*&path=plots%2Floss\.png/);

    // JSON as a collapsible tree.
    await tree(page).getByRole('button', { name: /summary\.json/ }).click();
    const jsonTree = preview(page).getByRole('list', { name: 'Tree of summary.json' });
    await expect(jsonTree).toContainText('accuracy:');
    await expect(jsonTree).toContainText('0.93');
    await expect(jsonTree.getByText('adamw')).toHaveCount(0);
    await jsonTree.getByRole('button', { name: /config:/ }).click();
    await jsonTree.getByRole('button', { name: /optimizer:/ }).click();
    await expect(jsonTree.getByText('"adamw"')).toBeVisible();
    await jsonTree.getByRole('button', { name: /config:/ }).click();
    await expect(jsonTree.getByText('"adamw"')).toHaveCount(0);

    // CSV: a table of the first 1000 rows.
    await tree(page).getByRole('button', { name: 'data' }).click();
    await tree(page).getByRole('button', { name: /sample\.csv/ }).click();
    const table = preview(page).getByRole('table');
    await expect(table.getByRole('columnheader', { name: 'score' })).toBeVisible();
    await expect(table.getByRole('row')).toHaveCount(1001);
    await expect(table.getByRole('cell', { name: 'name, 7', exact: true })).toBeVisible();
    await expect(page.getByTestId('csv-summary')).toContainText('Showing the first 1,000 rows');

    // Markdown, without raw HTML.
    await tree(page).getByRole('button', { name: /notes\.md/ }).click();
    await expect(preview(page).getByRole('heading', { name: 'Findings' })).toBeVisible();
    await expect(preview(page).locator('.markdown strong')).toHaveText('warmup');
    await expect(preview(page).locator('.markdown img')).toHaveCount(0);

    // HTML in a sandboxed iframe: its script runs (a Plotly report draws), but in an opaque origin
    // that reaches neither the app's page nor its storage or cookies.
    await tree(page).getByRole('button', { name: /report\.html/ }).click();
    const iframe = preview(page).locator('iframe');
    await expect(iframe).toHaveAttribute('sandbox', 'allow-scripts');
    const report = page.frameLocator('iframe[title="Preview of report.html"]');
    await expect(report.getByRole('heading', { name: 'Eval report' })).toBeVisible();
    await expect(report.locator('#plot')).toHaveText('plot drawn; parent:blocked storage:blocked cookie:blocked');
    await expect(page.locator('body[data-pwned]')).toHaveCount(0);
    await expect(report.getByRole('img', { name: 'loss curve' })).toBeVisible();
    await screenshotBothThemes(page, 'artifacts-html-preview');

    // Plain text.
    await tree(page).getByRole('button', { name: 'logs' }).click();
    await tree(page).getByRole('button', { name: /small\.txt/ }).click();
    await expect(preview(page).getByLabel('Contents of logs/small.txt')).toHaveText('hello\nworld\n');

    // YAML as a tree.
    await tree(page).getByRole('button', { name: 'model' }).click();
    await tree(page).getByRole('button', { name: /conda\.yaml/ }).click();
    const yamlTree = preview(page).getByRole('list', { name: 'Tree of model/conda.yaml' });
    await expect(yamlTree).toContainText('channels:');
    await yamlTree.getByRole('button', { name: /dependencies:/ }).click();
    await expect(yamlTree.getByText('"python=3.10"')).toBeVisible();

    // MLmodel as a model summary.
    await tree(page).getByRole('button', { name: /MLmodel/ }).click();
    const summary = page.getByTestId('model-summary');
    await expect(summary.getByText('python_function')).toBeVisible();
    await expect(summary.getByText('sklearn', { exact: true })).toBeVisible();
    await expect(summary.getByRole('table', { name: 'Signature inputs' })).toContainText('sepal_length');
    await expect(summary.getByRole('table', { name: 'Signature inputs' })).toContainText('string');
    await expect(summary.getByRole('table', { name: 'Signature outputs' })).toContainText('tensor float64(-1)');

    // Binary: no preview, but a download.
    await tree(page).getByRole('button', { name: /model\.pkl/ }).click();
    await expect(preview(page)).toContainText('No preview for this file type');
    await expect(preview(page).getByRole('link', { name: 'Download' })).toHaveAttribute('download', 'model.pkl');

    expect(dialogs).toBe(0);
  });

  test('restores the selected artifact from the URL and moves through the tree with arrow keys', async ({ page, api }) => {
    const run = await seedArtifacts(api, 'art-url');
    await page.goto(`${runUrl(run)}?tab=artifacts&artifact=data/sample.csv`);
    await expect(tree(page).getByRole('button', { name: /sample\.csv/ })).toHaveAttribute('aria-current', 'true');
    await expect(preview(page).getByRole('columnheader', { name: 'score' })).toBeVisible();
    await page.reload();
    await expect(preview(page).getByRole('columnheader', { name: 'score' })).toBeVisible();

    const first = tree(page).getByRole('button').first();
    await first.focus();
    await page.keyboard.press('ArrowDown');
    await expect(tree(page).getByRole('button').nth(1)).toBeFocused();
    await page.keyboard.press('Home');
    await expect(first).toBeFocused();

    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshotBothThemes(page, 'artifacts-csv');

    // axe on a 1000-row table is slow: check the page with a smaller preview, in both themes.
    await tree(page).getByRole('button', { name: /summary\.json/ }).click();
    await expect(preview(page).getByRole('list', { name: 'Tree of summary.json' })).toBeVisible();
    await expectNoSeriousA11yIssues(page);
    await page.emulateMedia({ colorScheme: 'light' });
    await page.evaluate(() => {
      document.documentElement.dataset.theme = 'light';
    });
    await expectNoSeriousA11yIssues(page);
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshotBothThemes(page, 'artifacts-json');
  });

  test('shows the tail of a large log', async ({ page, api }) => {
    const run = await seedArtifacts(api, 'art-log');
    const lines = Array.from({ length: 50_000 }, (_, i) => `line ${String(i).padStart(6, '0')} step loss=${(1 / (i + 1)).toFixed(6)}`);
    lines.push('FINAL LINE');
    await api.uploadArtifact(run.experimentId, run.runId, 'logs/train.log', `${lines.join('\n')}\n`, 'text/plain');
    await page.goto(`${runUrl(run)}?tab=artifacts&artifact=logs/train.log`);
    const content = preview(page).getByLabel('Contents of logs/train.log');
    await expect(content).toContainText('FINAL LINE');
    await expect(content).not.toContainText('line 000000 ');
    await expect(page.getByTestId('tail-note')).toContainText('Showing the last 512 KB of 1.');
    // The view starts at the end.
    await expect.poll(() => content.evaluate((element) => element.scrollTop + element.clientHeight >= element.scrollHeight - 2)).toBe(true);
  });

  test('parses a large JSON file in a worker and expands it lazily', async ({ page, api }) => {
    const run = await seedArtifacts(api, 'art-bigjson');
    const big = { items: Array.from({ length: 40_000 }, (_, i) => ({ id: i, label: `item-${i}`, values: [i, i * 2, i * 3] })), meta: { version: 3 } };
    await api.uploadArtifact(run.experimentId, run.runId, 'big.json', JSON.stringify(big), 'application/json');
    const workers: string[] = [];
    page.on('worker', (worker) => workers.push(worker.url()));
    await page.goto(`${runUrl(run)}?tab=artifacts&artifact=big.json`);
    const bigTree = preview(page).getByRole('list', { name: 'Tree of big.json' });
    await expect(bigTree.getByRole('button', { name: /items: \[40000 items\]/ })).toBeVisible();
    expect(workers.some((url) => url.includes('structured-data.worker'))).toBe(true);
    await expect(preview(page)).toContainText('parsed in the background');
    await bigTree.getByRole('button', { name: /items:/ }).click();
    // Only one page of children is rendered.
    await expect(bigTree.getByRole('button', { name: /^199: / })).toBeVisible();
    await expect(bigTree.getByRole('button', { name: /^200: / })).toHaveCount(0);
    await bigTree.getByRole('button', { name: /Show 200 more of 39800/ }).click();
    await expect(bigTree.getByRole('button', { name: /^399: / })).toBeVisible();
    await bigTree.getByRole('button', { name: /^250: / }).click();
    await expect(bigTree.getByText('"item-250"')).toBeVisible();
  });

  test('registers a model from an artifact folder, new and then existing', async ({ page, api }) => {
    const run = await seedArtifacts(api, 'art-register');
    const modelName = uniqueName('registered');
    await page.goto(`${runUrl(run)}?tab=artifacts&artifact=model`);
    await expect(page.getByTestId('model-summary')).toBeVisible();
    await preview(page).getByRole('button', { name: 'Register model' }).first().click();
    let dialog = page.getByRole('dialog', { name: 'Register model' });
    await expect(dialog).toContainText(`runs:/${run.runId}/model`);
    await dialog.getByRole('button', { name: 'New model' }).click();
    await dialog.getByLabel('Model name').fill(modelName);
    await dialog.getByRole('button', { name: 'Register' }).click();
    await expectToast(page, 'success', `Registered “${modelName}” version 1`);
    const done = page.getByRole('dialog', { name: 'Model registered' });
    await expect(done.getByRole('link', { name: 'Open version 1' })).toHaveAttribute('href', `/models/${modelName}/versions/1`);

    const versions = await api.call<{ model_versions?: { version: string; source: string; run_id: string }[] }>('GET', 'model-versions/search', {
      filter: `name = '${modelName}'`,
    });
    expect(versions.model_versions).toEqual([expect.objectContaining({ version: '1', source: `runs:/${run.runId}/model`, run_id: run.runId })]);

    await done.getByRole('button', { name: 'Close' }).first().click();
    // From the MLmodel file itself, into the now existing model.
    await tree(page).getByRole('button', { name: /MLmodel/ }).click();
    await preview(page).getByRole('button', { name: 'Register model' }).click();
    dialog = page.getByRole('dialog', { name: 'Register model' });
    await dialog.getByLabel('Find a model').fill(modelName);
    await dialog.getByLabel('Registered model').selectOption(modelName);
    await dialog.getByRole('button', { name: 'Register' }).click();
    await expectToast(page, 'success', `Registered “${modelName}” version 2`);
    await page.getByRole('dialog', { name: 'Model registered' }).getByRole('link', { name: 'Open version 2' }).click();
    await expect(page).toHaveURL(new RegExp(`/models/${modelName}/versions/2$`));
  });

  test('a failed registration says why and creates nothing', async ({ page, api, consoleGuard }) => {
    consoleGuard.allow(/status of 500/);
    const run = await seedArtifacts(api, 'art-register-fail');
    const modelName = uniqueName('never');
    await failEndpoint(page, 'registered-models/create', 'Registry is read-only');
    await page.goto(`${runUrl(run)}?tab=artifacts&artifact=model`);
    await preview(page).getByRole('button', { name: 'Register model' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Register model' });
    await dialog.getByRole('button', { name: 'New model' }).click();
    await dialog.getByLabel('Model name').fill(modelName);
    await dialog.getByRole('button', { name: 'Register' }).click();
    await expectToast(page, 'error', 'Could not register the model: Registry is read-only');
    await expect(dialog).toBeVisible();
    await expect(dialog.getByLabel('Model name')).toHaveValue(modelName);
    const search = await api.call<{ registered_models?: unknown[] }>('GET', 'registered-models/search', { filter: `name = '${modelName}'` });
    expect(search.registered_models ?? []).toEqual([]);
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
  });

  test('a run without artifacts says so', async ({ page, api }) => {
    const experimentId = await api.createExperiment(uniqueName('art-empty'));
    const runId = await api.createRun(experimentId, { name: uniqueName('empty') });
    await page.goto(`${runUrl({ experimentId, runId })}?tab=artifacts`);
    await expect(page.getByRole('heading', { name: 'No artifacts' })).toBeVisible();
  });
});
