// The chart view through --proxy-to: 20 runs × 2 metrics × 20,000 steps (one spike of 100 among
// values near 1) on an upstream that answers only MLflow's own routes (a bundled server with
// --no-runboard-extensions standing in for a real MLflow, which cannot run here), with the UI
// served by a proxy in front of it. A Playwright script, not a test.
//
//   npx vite build --outDir .test-output/dist && node --import tsx bench/proxy-charts.bench.ts --dist .test-output/dist
//     [--reps 5] [--runs 20] [--steps 20000] [--proxy-root <checkout>] [--port 5297]
//
// --proxy-root runs the proxy (and serves the build given by --dist) from another checkout, e.g.
// an export of the previous commit, for a before/after in one session; the upstream always runs
// from this one. Each repetition starts a proxy with an empty cache folder and loads the view
// twice in fresh browser contexts: cold (nothing cached) and warm (the first load filled the cache).
// Figures, from navigation start (performance.now() of the page):
//   first drawing   both charts drawn with every run
//   spike drawn     the spiky chart drew its maximum of 100 (never, when the spike is lost)
// The upstream's data is kept in node_modules/.cache/runboard-bench/ and reused; --fresh reseeds.
import type { Browser, Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BENCH_CACHE_DIR, callApi, launchChromium, markSeeded, readFlag, seededExperiment } from './lib/browser-bench.js';

const args = process.argv.slice(2);
const REPS = Math.max(1, Number(readFlag(args, 'reps', '5')));
const RUNS = Number(readFlag(args, 'runs', '20'));
const STEPS = Number(readFlag(args, 'steps', '20000'));
const PORT = Number(readFlag(args, 'port', '5297'));
const DIST = resolve(readFlag(args, 'dist', 'dist'));
const PROXY_ROOT = resolve(readFlag(args, 'proxy-root', '.'));
const UPSTREAM_PORT = PORT + 1;
const KEYS = ['train/loss', 'val/loss'];
const SPIKE = { run: 0, key: 'train/loss', step: 12_345, value: 100 };
/** After the first drawing, how long a spike may take to appear before it counts as lost. */
const SPIKE_GRACE_MS = 30_000;
const DB_FILE = join(BENCH_CACHE_DIR, `proxy-upstream-${RUNS}x${STEPS}.sqlite`);

function startNode(root: string, flags: string[]): ChildProcess {
  return spawn(process.execPath, [join(root, 'mock-server/start.mjs'), '--no-build', '--host', '127.0.0.1', ...flags], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function waitHealthy(base: string, child: ChildProcess): Promise<void> {
  for (let attempt = 0; attempt < 240; attempt += 1) {
    if (child.exitCode !== null) throw new Error(`server at ${base} exited (${child.exitCode})`);
    try {
      if ((await fetch(`${base}/health`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((done) => setTimeout(done, 250));
  }
  throw new Error(`server at ${base} did not start`);
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((done) => child.once('exit', done));
  child.kill('SIGTERM');
  await exited;
}

async function pool<T>(items: readonly T[], worker: (item: T) => Promise<void>, concurrency = 6): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await worker(items[next++] as T);
    }),
  );
}

async function seed(base: string): Promise<string> {
  const name = `bench-proxy-${RUNS}x${STEPS}`;
  const existing = await seededExperiment(base, name);
  if (existing) return existing;
  const started = Date.now();
  const { experiment_id: experimentId } = await callApi<{ experiment_id: string }>(base, 'experiments/create', { name });
  const runIds: string[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    const created = await callApi<{ run: { info: { run_id: string } } }>(base, 'runs/create', {
      experiment_id: experimentId,
      run_name: `run-${run}`,
      start_time: Date.now() - 86_400_000,
    });
    runIds.push(created.run.info.run_id);
  }
  const perBatch = Math.floor(1000 / KEYS.length);
  const batches = runIds.flatMap((runId, run) =>
    Array.from({ length: Math.ceil(STEPS / perBatch) }, (_, index) => ({ runId, run, from: index * perBatch })),
  );
  const t0 = Date.now() - 86_400_000;
  await pool(batches, async ({ runId, run, from }) => {
    const metrics = [];
    for (let step = from; step < Math.min(STEPS, from + perBatch); step += 1) {
      for (const key of KEYS) {
        const base = Math.exp(-step / (STEPS / 5)) * (1 + run / RUNS) + Math.sin(step * 0.37 + run) * 0.02;
        const value = run === SPIKE.run && key === SPIKE.key && step === SPIKE.step ? SPIKE.value : key === 'val/loss' ? base * 1.1 : base;
        metrics.push({ key, value, step, timestamp: t0 + step * 50 });
      }
    }
    await callApi(base, 'runs/log-batch', { run_id: runId, metrics });
  });
  await pool(runIds, (runId) =>
    callApi(base, 'runs/update', { run_id: runId, status: 'FINISHED', end_time: Date.now() }).then(() => undefined),
  );
  await markSeeded(base, experimentId);
  console.log(`seeded ${RUNS} runs × ${KEYS.length} metrics × ${STEPS} steps in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return experimentId;
}

interface Load {
  first: number;
  spike: number | undefined;
}

/** Loads the chart view in a fresh context; times the first complete drawing and the spike's. */
async function loadCharts(browser: Browser, url: string): Promise<Load> {
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  try {
    const page: Page = await context.newPage();
    await page.goto(url);
    // Inline callbacks only: tsx names the functions a script declares, and the page has no helper for that.
    const firstHandle = await page.waitForFunction(
      (runs) => {
        const lines = [...document.querySelectorAll<HTMLElement>('[data-testid=chart-card] [data-testid=line-chart]')];
        const drawn =
          lines.length >= 2 && lines.every((line) => Number(line.dataset.series) >= runs && Number(line.dataset.drawnPoints) > 0);
        return drawn ? Math.max(...lines.map((line) => Number(line.dataset.drawnAt))) : false;
      },
      RUNS,
      { polling: 8, timeout: 120_000 },
    );
    const first = (await firstHandle.jsonValue()) as number;
    const spikeHandle = await page
      .waitForFunction(
        (spike) => {
          const spiky = [...document.querySelectorAll<HTMLElement>('[data-testid=line-chart]')].find(
            (line) => Number(line.dataset.drawnMax) === spike,
          );
          return spiky ? Number(spiky.dataset.drawnAt) : false;
        },
        SPIKE.value,
        { polling: 8, timeout: SPIKE_GRACE_MS },
      )
      .catch(() => undefined);
    return { first, spike: spikeHandle ? ((await spikeHandle.jsonValue()) as number) : undefined };
  } finally {
    await context.close();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

function report(label: string, loads: Load[]): void {
  const firsts = loads.map((load) => load.first);
  const spikes = loads.map((load) => load.spike).filter((value): value is number => value !== undefined);
  const spikeText =
    spikes.length === loads.length
      ? `spike drawn median ${median(spikes).toFixed(0)} ms (${spikes.map((value) => value.toFixed(0)).join(', ')})`
      : `spike LOST in ${loads.length - spikes.length} of ${loads.length}`;
  console.log(
    `${label.padEnd(6)} first drawing median ${median(firsts).toFixed(0)} ms (${firsts.map((value) => value.toFixed(0)).join(', ')}); ${spikeText}`,
  );
}

if (!existsSync(join(DIST, 'index.html'))) throw new Error(`No build in ${DIST}: npx vite build --outDir ${DIST}`);
mkdirSync(BENCH_CACHE_DIR, { recursive: true });
if (args.includes('--fresh')) for (const suffix of ['', '-wal', '-shm']) rmSync(`${DB_FILE}${suffix}`, { force: true });
const work = mkdtempSync(join(tmpdir(), 'runboard-proxy-bench-'));
// A private copy of the build: a concurrent build cannot pull chunks away mid-run.
cpSync(DIST, join(work, 'dist'), { recursive: true });
const upstream = startNode(resolve('.'), [
  '--port',
  String(UPSTREAM_PORT),
  '--backend-store-uri',
  `sqlite:///${DB_FILE}`,
  '--artifacts-destination',
  join(work, 'artifacts'),
  '--no-runboard-extensions',
]);
const browser = await launchChromium();
const cold: Load[] = [];
const warm: Load[] = [];
console.log(
  `load average before: ${loadavg()
    .map((value) => value.toFixed(1))
    .join(' ')}; proxy from ${PROXY_ROOT}`,
);
try {
  const upstreamBase = `http://127.0.0.1:${UPSTREAM_PORT}`;
  await waitHealthy(upstreamBase, upstream);
  const experimentId = await seed(upstreamBase);
  const url = `http://127.0.0.1:${PORT}/experiments/${experimentId}/charts`;
  for (let rep = 0; rep < REPS; rep += 1) {
    const cacheDir = join(work, `cache-${rep}`);
    // A checkout from before the proxy cache has no --proxy-cache flag.
    const cacheFlag = existsSync(join(PROXY_ROOT, 'mock-server/proxy')) ? ['--proxy-cache', cacheDir] : [];
    const proxy = startNode(PROXY_ROOT, [
      '--port',
      String(PORT),
      '--proxy-to',
      upstreamBase,
      ...cacheFlag,
      '--static-dir',
      join(work, 'dist'),
    ]);
    try {
      await waitHealthy(`http://127.0.0.1:${PORT}`, proxy);
      cold.push(await loadCharts(browser, url));
      warm.push(await loadCharts(browser, url));
      console.log(`rep ${rep + 1}: cold ${JSON.stringify(cold.at(-1))}, warm ${JSON.stringify(warm.at(-1))}`);
    } finally {
      await stop(proxy);
    }
  }
  report('cold', cold);
  report('warm', warm);
  console.log(
    `load average after: ${loadavg()
      .map((value) => value.toFixed(1))
      .join(' ')}`,
  );
} finally {
  await browser.close();
  await stop(upstream);
  rmSync(work, { recursive: true, force: true });
}
