#!/usr/bin/env node
// `npm test`: typecheck, lint, unit + contract tests (Vitest), UI build, e2e (Playwright), then one
// summary line `N passed, N failed` over every suite. Typecheck, lint and build count as one test each.
// The route tests and the golden replay run on SQLite and on a throwaway PostgreSQL cluster.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { startPostgres } from './postgres.mjs';

const results = { passed: 0, failed: 0 };
const failures = [];

function run(label, command, args, env = {}) {
  console.log(`\n=== ${label}: ${command} ${args.join(' ')}`);
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  console.log(`=== ${label}: exit ${result.status} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return result.status === 0;
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
  if (!vitestOk && vitest.numFailedTests === 0) count('vitest run (suite error)', false);
} else count('vitest (no report)', false);
stopPostgres();

const buildOk = run('build', npx, ['vite', 'build', '--logLevel', 'warn']);
count('build', buildOk);
if (buildOk) {
  const e2eJson = 'test-results/e2e-results.json';
  const e2eOk = run('e2e', npx, ['playwright', 'test']);
  const e2e = existsSync(e2eJson) ? readJson(e2eJson) : undefined;
  if (e2e?.stats) {
    results.passed += e2e.stats.expected + (e2e.stats.flaky ?? 0);
    results.failed += e2e.stats.unexpected;
    if (e2e.stats.unexpected > 0) failures.push(`${e2e.stats.unexpected} e2e test(s)`);
    if (!e2eOk && e2e.stats.unexpected === 0) count('playwright run (suite error)', false);
  } else count('e2e (no report)', false);
}

if (failures.length > 0) console.log(`\nFailed: ${failures.join(', ')}`);
console.log(`\n${results.passed} passed, ${results.failed} failed`);
process.exit(results.failed > 0 ? 1 : 0);
