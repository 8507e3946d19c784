// Shared pieces of the browser benchmarks (runs-table.bench.ts, run-page.bench.ts): the bundled
// server serving a private copy of a build, seeding over REST, and Chromium.
import { chromium, type Browser } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';

/** Command-line flags of the form `--name value`. */
export function readFlag(args: readonly string[], name: string, fallback: string): string {
  const index = args.indexOf(`--${name}`);
  return index >= 0 && args[index + 1] ? (args[index + 1] as string) : fallback;
}

/** Where seeded databases are kept between runs (seeding 100,000 runs takes many minutes). */
export const BENCH_CACHE_DIR = resolve('node_modules/.cache/runboard-bench');

export interface BundledServer {
  process: ChildProcess;
  base: string;
  stop: () => void;
}

export interface ServerOptions {
  port: number;
  /** The build to serve; copied first, so a concurrent build cannot pull chunks away. */
  dist: string;
  /** A SQLite file to keep the data in, or undefined for an in-memory database. */
  dbFile?: string;
  /** Deletes dbFile first. */
  fresh?: boolean;
  /** Working folder for the copy of the build and the artifacts. */
  workDir: string;
}

export async function startBundledServer({ port, dist, dbFile, fresh, workDir }: ServerOptions): Promise<BundledServer> {
  if (!existsSync(`${dist}/index.html`)) throw new Error(`No build in ${dist}: run npx vite build (or pass --dist <dir>)`);
  rmSync(`${workDir}/dist`, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  cpSync(dist, `${workDir}/dist`, { recursive: true });
  if (dbFile) {
    mkdirSync(resolve(dbFile, '..'), { recursive: true });
    if (fresh) for (const suffix of ['', '-wal', '-shm']) rmSync(`${dbFile}${suffix}`, { force: true });
  }
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(
    process.execPath,
    [
      'mock-server/start.mjs',
      '--port',
      String(port),
      '--host',
      '127.0.0.1',
      '--backend-store-uri',
      dbFile ? `sqlite:///${resolve(dbFile)}` : 'sqlite:///:memory:',
      '--artifacts-destination',
      dbFile ? `${dbFile}-artifacts` : `${workDir}/artifacts`,
      '--static-dir',
      `${workDir}/dist`,
      '--no-build',
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const stop = (): void => {
    child.kill('SIGTERM');
  };
  for (let attempt = 0; attempt < 240; attempt += 1) {
    try {
      if ((await fetch(`${base}/health`)).ok) return { process: child, base, stop };
    } catch {
      // not up yet
    }
    await new Promise((done) => setTimeout(done, 250));
  }
  stop();
  throw new Error('server did not start');
}

/** POSTs a JSON body to an MLflow route and returns the parsed answer. */
export async function callApi<T = Record<string, unknown>>(base: string, path: string, body: unknown): Promise<T> {
  const response = await fetch(`${base}/api/2.0/mlflow/${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${path} answered ${response.status}: ${text.slice(0, 300)}`);
  return (text ? JSON.parse(text) : {}) as T;
}

/**
 * The experiment of that name if an earlier run seeded it completely (tagged bench.complete),
 * undefined if there is none. A half-seeded one (an interrupted run) is an error: use --fresh.
 */
export async function seededExperiment(base: string, name: string): Promise<string | undefined> {
  const response = await fetch(`${base}/api/2.0/mlflow/experiments/get-by-name?experiment_name=${encodeURIComponent(name)}`);
  if (!response.ok) return undefined;
  const { experiment } = (await response.json()) as { experiment: { experiment_id: string; tags?: { key: string; value: string }[] } };
  if (experiment.tags?.some((tag) => tag.key === 'bench.complete' && tag.value === '1')) return experiment.experiment_id;
  throw new Error(`${name} exists but was not seeded completely: rerun with --fresh`);
}

export async function markSeeded(base: string, experimentId: string): Promise<void> {
  await callApi(base, 'experiments/set-experiment-tag', { experiment_id: experimentId, key: 'bench.complete', value: '1' });
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
}

// Page-side code is passed as strings: tsx would otherwise inject helpers the page lacks.
/**
 * An init script that records in `window[flag]` the page time when `doneCondition` (a page-side
 * expression) first holds, and every long task in `window.__longTasks`.
 */
export function pageProbe(flag: string, doneCondition: string): string {
  return `
  window.${flag} = undefined;
  new MutationObserver((_, observer) => {
    if (${doneCondition}) {
      window.${flag} = performance.now();
      observer.disconnect();
    }
  }).observe(document, { childList: true, subtree: true });
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__longTasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: 'longtask', buffered: true });
`;
}

/** A page-side expression: the longest task recorded by pageProbe that ran in [from, to] (page clock). */
export function longestTaskExpression(from: number, to: number): string {
  return `Math.max(0, ...window.__longTasks.filter((task) => task.start + task.duration >= ${from} && task.start <= ${to}).map((task) => task.duration))`;
}
