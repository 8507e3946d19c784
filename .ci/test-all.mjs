#!/usr/bin/env node
// `npm test`: typecheck, lint, unit + contract tests (Vitest), UI build, e2e (Playwright), then one
// summary line `N passed, N failed` over every suite. Typecheck, lint and build count as one test each.
// The route tests and the golden replay run on SQLite and on a throwaway PostgreSQL cluster.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import pg from 'pg';
import { startPostgres } from './postgres.mjs';

const results = { passed: 0, failed: 0 };
const failures = [];
/** Names of the failed tests, printed again just before the summary so a CI tail shows them. */
const failedTests = [];

function run(label, command, args, env = {}) {
  console.log(`\n=== ${label}: ${command} ${args.join(' ')}`);
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  console.log(`=== ${label}: exit ${result.status} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return result.status === 0;
}

/** Adds a Playwright JSON report's counts to the summary. */
function countE2e(label, ok, jsonPath) {
  const e2e = existsSync(jsonPath) ? readJson(jsonPath) : undefined;
  if (e2e?.stats) {
    results.passed += e2e.stats.expected + (e2e.stats.flaky ?? 0);
    results.failed += e2e.stats.unexpected;
    if (e2e.stats.unexpected > 0) failures.push(`${e2e.stats.unexpected} ${label} test(s)`);
    for (const name of failedPlaywrightTests(e2e)) failedTests.push(`${label}: ${name}`);
    if (!ok && e2e.stats.unexpected === 0) count(`${label} run (suite error)`, false);
  } else count(`${label} (no report)`, false);
}

/** "file:line › title" of each Playwright test whose final result was not the expected one. */
function failedPlaywrightTests(report) {
  const names = [];
  const walk = (suite, titles) => {
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests ?? []) {
        if (test.status === 'unexpected') names.push(`${spec.file}:${spec.line} › ${[...titles, spec.title].join(' › ')}`);
      }
    }
    for (const child of suite.suites ?? []) walk(child, [...titles, child.title]);
  };
  for (const fileSuite of report.suites ?? []) walk(fileSuite, []);
  return names;
}

function count(label, ok) {
  if (ok) results.passed += 1;
  else {
    results.failed += 1;
    failures.push(label);
  }
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

const npx = 'npx';
/**
 * e2e specs that run on SQLite only: what they test happens in the browser (chart drawing, theme),
 * and the server reads they make (metric history) run on PostgreSQL in charts-metric-history and
 * metric-spike. Every other spec, new ones included, runs again with all three servers on PostgreSQL.
 */
const E2E_SQLITE_ONLY = new Set(['app-shell.spec.ts', 'charts.spec.ts', 'charts-fidelity.spec.ts']);
const E2E_ON_POSTGRES = readdirSync('e2e')
  .filter((name) => name.endsWith('.spec.ts') && !E2E_SQLITE_ONLY.has(name))
  .sort()
  .map((name) => `e2e/${name}`);

/** A new empty database on the cluster; returns its URI. */
async function createDatabase(adminUrl, name) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
mkdirSync('.test-output', { recursive: true });

count('typecheck', run('typecheck', npx, ['tsc', '--noEmit', '-p', 'tsconfig.json']));
count('lint', run('lint', npx, ['eslint', '.', '--max-warnings', '0']));

// A cluster for the PostgreSQL vitest projects (vitest.config.ts adds them when the URL is set).
let postgres;
if (!process.env.RUNBOARD_TEST_POSTGRES_URL) {
  try {
    postgres = await startPostgres();
    process.env.RUNBOARD_TEST_POSTGRES_URL = postgres.url;
    console.log(`\n=== PostgreSQL test cluster at ${postgres.url}`);
  } catch (error) {
    console.error(`\n=== Cannot start a PostgreSQL test cluster: ${error.message}`);
    count('postgres cluster', false);
  }
}
const stopPostgres = () => postgres?.stop();
process.on('exit', stopPostgres);

const vitestJson = '.test-output/vitest.json';
rmSync(vitestJson, { force: true });
const vitestOk = run('unit + contract', npx, ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`]);
const vitest = readJson(vitestJson);
if (vitest) {
  results.passed += vitest.numPassedTests;
  results.failed += vitest.numFailedTests;
  if (vitest.numFailedTests > 0) failures.push(`${vitest.numFailedTests} vitest test(s)`);
  for (const file of vitest.testResults ?? []) {
    for (const test of file.assertionResults ?? []) {
      if (test.status === 'failed') {
        failedTests.push(`vitest: ${file.name} › ${test.fullName}\n    ${(test.failureMessages?.[0] ?? '').split('\n').slice(0, 3).join('\n    ')}`);
      }
    }
  }
  if (!vitestOk && vitest.numFailedTests === 0) count('vitest run (suite error)', false);
} else count('vitest (no report)', false);

const buildOk = run('build', npx, ['vite', 'build', '--logLevel', 'warn']);
count('build', buildOk);
if (buildOk) {
  const e2eJson = 'test-results/e2e-results.json';
  countE2e('e2e', run('e2e', npx, ['playwright', 'test']), e2eJson);
  // The journeys again with the servers on PostgreSQL (one database each), all but E2E_SQLITE_ONLY.
  if (process.env.RUNBOARD_TEST_POSTGRES_URL) {
    const e2ePgJson = 'test-results/e2e-postgres-results.json';
    rmSync(e2ePgJson, { force: true });
    const adminUrl = process.env.RUNBOARD_TEST_POSTGRES_URL;
    const stores = {
      E2E_BACKEND_STORE_URI: await createDatabase(adminUrl, `runboard_e2e_${process.pid}`),
      E2E_MLFLOW_ONLY_BACKEND_STORE_URI: await createDatabase(adminUrl, `runboard_e2e_mlflow_only_${process.pid}`),
      E2E_AUTH_BACKEND_STORE_URI: await createDatabase(adminUrl, `runboard_e2e_auth_${process.pid}`),
    };
    const ok = run('e2e on PostgreSQL', npx, ['playwright', 'test', ...E2E_ON_POSTGRES], { ...stores, E2E_JSON_OUTPUT: e2ePgJson });
    countE2e('e2e-postgres', ok, e2ePgJson);
  }
}
stopPostgres();

if (failedTests.length > 0) console.log(`\nFailed tests:\n${failedTests.map((name) => `  ${name}`).join('\n')}`);
if (failures.length > 0) console.log(`\nFailed: ${failures.join(', ')}`);
console.log(`\n${results.passed} passed, ${results.failed} failed`);
process.exit(results.failed > 0 ? 1 : 0);
