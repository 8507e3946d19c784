// The artifact browser on a server started like a team's `mlflow server --no-serve-artifacts
// --default-artifact-root file://...`: clients write straight into the shared folder (here: fs
// writes where the MLflow client's local artifact repository would put them) and the UI still
// lists and previews them, through the server's own store for that root.
import { request as playwrightRequest, type APIRequestContext } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, expectNoSeriousA11yIssues, MlflowApi, screenshotBothThemes, test, uniqueName } from './support/fixtures';
import { port } from './support/ports';

/** Far from the ports playwright.config.ts gives its own servers (E2E_PORT + 1000..3000). */
const directRootPort = port + 4000;
const origin = `http://127.0.0.1:${directRootPort}`;

let server: ChildProcess | undefined;
let sharedFolder: string;
let apiContext: APIRequestContext;

test.beforeAll(async () => {
  sharedFolder = mkdtempSync(join(tmpdir(), 'runboard-e2e-shared-root-'));
  const staticDir = process.env.E2E_STATIC_DIR ?? 'dist';
  server = spawn(
    process.execPath,
    [
      'mock-server/start.mjs',
      '--no-build',
      '--host',
      '127.0.0.1',
      '--port',
      String(directRootPort),
      '--backend-store-uri',
      'sqlite:///:memory:',
      '--no-serve-artifacts',
      '--default-artifact-root',
      pathToFileURL(sharedFolder).href,
      '--static-dir',
      staticDir,
    ],
    { stdio: 'ignore' },
  );
  apiContext = await playwrightRequest.newContext({ baseURL: origin });
  await expect
    .poll(async () => (await apiContext.get('/health').catch(() => undefined))?.status(), { timeout: 60_000, intervals: [250, 500, 1000] })
    .toBe(200);
});

test.afterAll(async () => {
  await apiContext.dispose();
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server?.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }
  rmSync(sharedFolder, { recursive: true, force: true });
});

test('the artifact browser lists and previews what clients wrote to a file:// root', async ({ page }) => {
  const api = new MlflowApi(apiContext);
  const experimentId = await api.createExperiment(uniqueName('shared-root'));
  const runName = uniqueName('direct-run');
  const runId = await api.createRun(experimentId, { name: runName });
  const run = await api.call<{ run: { info: { artifact_uri: string } } }>('GET', 'runs/get', { run_id: runId });
  expect(run.run.info.artifact_uri).toBe(`${pathToFileURL(sharedFolder).href}/${experimentId}/${runId}/artifacts`);

  const runFolder = join(sharedFolder, experimentId, runId, 'artifacts');
  mkdirSync(join(runFolder, 'model'), { recursive: true });
  writeFileSync(join(runFolder, 'summary.json'), JSON.stringify({ accuracy: 0.91, written_by: 'client' }));
  writeFileSync(
    join(runFolder, 'model', 'MLmodel'),
    `artifact_path: model\nflavors:\n  python_function:\n    loader_module: mlflow.sklearn\nrun_id: ${runId}\n`,
  );

  await page.goto(`${origin}/experiments/${experimentId}/runs/${runId}?tab=artifacts`);
  const tree = page.getByRole('navigation', { name: 'Artifact files' });
  await expect(tree.getByRole('button', { name: /summary\.json/ })).toBeVisible();
  await expect(tree.getByRole('button', { name: /model/ })).toBeVisible();

  await tree.getByRole('button', { name: /summary\.json/ }).click();
  const preview = page.getByRole('region', { name: 'Artifact preview' });
  await expect(preview).toContainText('written_by');
  await expect(preview).toContainText('client');

  await tree.getByRole('button', { name: /^model/ }).click();
  await expect(tree.getByRole('button', { name: /MLmodel/ })).toBeVisible();
  await tree.getByRole('button', { name: /MLmodel/ }).click();
  await expect(preview).toContainText('python_function');

  await expectNoSeriousA11yIssues(page);
  await screenshotBothThemes(page, 'artifact-root-direct-file');
});
