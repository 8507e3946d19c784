import { defineConfig } from '@playwright/test';
import { existsSync } from 'node:fs';
import { authAdmin, authPort, mlflowOnlyPort, port, proxyPort } from './e2e/support/ports';

// Debian's Chromium where it is installed (CI and this machine); Playwright's own browser elsewhere.
const debianChromium = '/usr/bin/chromium';
// E2E_STATIC_DIR lets parallel runs serve their own build instead of dist/.
const staticDir = process.env.E2E_STATIC_DIR ? ` --static-dir ${process.env.E2E_STATIC_DIR}` : '';
const inheritedEnv = Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined));
// E2E_ARTIFACTS_DESTINATION runs the main server on another artifact store (e.g. s3://bucket/prefix).
const artifactsDestination = process.env.E2E_ARTIFACTS_DESTINATION ?? `.test-output/e2e-artifacts-${port}`;
// E2E_BACKEND_STORE_URI runs the UI's server on another store (npm test: a PostgreSQL database);
// the MLflow-only server behind proxy mode and the basic-auth server take their own (one database each).
const backendStoreUri = process.env.E2E_BACKEND_STORE_URI ?? 'sqlite:///:memory:';
const mlflowOnlyBackendStoreUri = process.env.E2E_MLFLOW_ONLY_BACKEND_STORE_URI ?? 'sqlite:///:memory:';
const authBackendStoreUri = process.env.E2E_AUTH_BACKEND_STORE_URI ?? 'sqlite:///:memory:';

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: process.env.E2E_JSON_OUTPUT ?? 'test-results/e2e-results.json' }]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: existsSync(debianChromium) ? debianChromium : undefined,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
    },
  },
  webServer: [
    {
      // --allow-local-webhooks: e2e/webhooks.spec.ts delivers to a receiver on 127.0.0.1.
      command: `node mock-server/start.mjs --port ${port} --host 127.0.0.1 --backend-store-uri ${backendStoreUri} --artifacts-destination ${artifactsDestination} --no-build --allow-local-webhooks${staticDir}`,
      url: `http://127.0.0.1:${port}/health`,
      reuseExistingServer: false,
      timeout: 120_000,
    },
    // e2e/proxy-mode.spec.ts: the UI served with --proxy-to in front of a server that answers only
    // MLflow's own routes, as a real MLflow server would.
    {
      command: `node mock-server/start.mjs --port ${mlflowOnlyPort} --host 127.0.0.1 --backend-store-uri ${mlflowOnlyBackendStoreUri} --artifacts-destination .test-output/e2e-artifacts-${mlflowOnlyPort} --no-build --no-runboard-extensions`,
      url: `http://127.0.0.1:${mlflowOnlyPort}/health`,
      reuseExistingServer: false,
      timeout: 120_000,
    },
    {
      command: `node mock-server/start.mjs --port ${proxyPort} --host 127.0.0.1 --proxy-to http://127.0.0.1:${mlflowOnlyPort} --proxy-cache .test-output/e2e-proxy-cache-${proxyPort} --no-build${staticDir}`,
      url: `http://127.0.0.1:${proxyPort}/health`,
      reuseExistingServer: false,
      timeout: 120_000,
    },
    // e2e/auth-*.spec.ts: users and permissions (--app-name basic-auth) with a known first admin.
    {
      command: `node mock-server/start.mjs --port ${authPort} --host 127.0.0.1 --app-name basic-auth --backend-store-uri ${authBackendStoreUri} --artifacts-destination .test-output/e2e-artifacts-${authPort} --no-build${staticDir}`,
      url: `http://127.0.0.1:${authPort}/health`,
      env: { ...inheritedEnv, RUNBOARD_ADMIN_USERNAME: authAdmin.username, RUNBOARD_ADMIN_PASSWORD: authAdmin.password },
      reuseExistingServer: false,
      timeout: 120_000,
    },
  ],
});
