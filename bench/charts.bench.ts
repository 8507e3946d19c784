// Charts and compare benchmarks: a Playwright script (not a test). Starts its own bundled server
// (in-memory SQLite, serving a copy of dist/), seeds data through the REST API, and prints
// medians over ≥ 3 runs.
//
//   npx vite build && node --import tsx bench/charts.bench.ts [--only charts,compare] [--runs 100] [--steps 100000] [--reps 3]
//     [--dist dist] [--toggles 2] [--no-replay] [--profile] [--profile-load]
// --dist serves another build; --toggles repeats each toggle pair per repetition; --no-replay
// skips the replayed navigation (client-only figure); --profile prints where the page's main thread
// spent the toggles of the first repetition (build with --minify false for readable names);
// --profile-load prints each long task of every repetition's navigation and zoom and where its time went;
// --trace-tasks records a Chrome trace of the navigation and of the zoom and reports the page's
// longest main-thread task by CPU time (thread time), which a busy machine does not inflate the
// way it inflates wall time (a 10 ms task that waits 100 ms for a core is a 110 ms long task).
//
// The seeded data (30 M points take ~15–30 min to log through the REST API) is kept in a SQLite
// file under node_modules/.cache/runboard-bench/ and reused by later runs; --fresh reseeds.
//
// Scenarios (targets from the charts issue):
//   charts: 100 runs × 3 metrics × 100,000 steps
//     view-drawn        navigation → every chart drawn with all runs            ≤ 1.0 s (issue 13; 20 × 2 × 20k: ≤ 800 ms)
//     view-drawn-replay same, bucket responses replayed from memory (client only)
//     toggle-smoothing  change event → all charts redrawn                        ≤ 100 ms
//     toggle-x-axis     change event → all charts redrawn                        ≤ 100 ms
//     zoom-refetch      pointer up → refetched window drawn                      ≤ 200 ms (issue 13)
//     longest-task-*    longest main-thread task (PerformanceObserver 'longtask'): of the whole
//                       navigation, after the runs list arrived (the charts' own work), after the
//                       zoom's pointer up                                         ≤ 50 ms
//   compare: 1,000 runs × 11 params + 1 metric
//     compare-500       client navigation → /compare with 500 runs interactive  ≤ 1 s
//     parcoords-brush   1,000 runs × 12 axes, pointer event → brush redrawn      ≤ 50 ms
import { chromium, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';

const args = process.argv.slice(2);
const flag = (name: string, fallback: string): string => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 && args[index + 1] ? (args[index + 1] as string) : fallback;
};
const ONLY = new Set(flag('only', 'charts,compare').split(','));
const RUNS = Number(flag('runs', '100'));
const STEPS = Number(flag('steps', '100000'));
const CHART_KEYS = ['train/loss', 'val/loss', 'train/accuracy'].slice(0, Number(flag('metrics', '3')));
const REPS = Math.max(3, Number(flag('reps', '3')));
const COMPARE_RUNS = Number(flag('compare-runs', '1000'));
const PORT = Number(flag('port', '5098'));
const DIST = flag('dist', 'dist');
const TOGGLES = Math.max(1, Number(flag('toggles', '1')));
const REPLAY = !args.includes('--no-replay');
const PROFILE = args.includes('--profile');
const PROFILE_LOAD = args.includes('--profile-load');
const TRACE_TASKS = args.includes('--trace-tasks');
const BASE = `http://127.0.0.1:${PORT}`;
const CONCURRENCY = 6;
const DB_DIR = resolve('node_modules/.cache/runboard-bench');
const DB_FILE = `${DB_DIR}/charts-${RUNS}x${CHART_KEYS.length === 3 ? '' : `${CHART_KEYS.length}x`}${STEPS}-${COMPARE_RUNS}.sqlite`;
const SETTLE_TIMEOUT = 15 * 60_000;

const median = (values: number[]): number => {
  const sorted = values.slice().sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? NaN) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};
const results: { scenario: string; target: string; samples: number[] }[] = [];
function record(scenario: string, target: string, samples: number[]): void {
  results.push({ scenario, target, samples });
  console.log(
    `${scenario.padEnd(20)} median ${median(samples).toFixed(1).padStart(8)} ms   target ${target.padEnd(9)} samples ${samples.map((s) => s.toFixed(0)).join(', ')}`,
  );
}

async function startServer(): Promise<ChildProcess> {
  if (!existsSync(`${DIST}/index.html`)) throw new Error('Build first: npx vite build');
  // Another process on the port would answer the health check below and receive the seed data.
  const busy = await fetch(`${BASE}/health`).then(
    () => true,
    () => false,
  );
  if (busy) throw new Error(`Port ${PORT} is in use: pass another --port`);
  rmSync(`${DB_DIR}/dist-${PORT}`, { recursive: true, force: true });
  mkdirSync(DB_DIR, { recursive: true });
  if (args.includes('--fresh')) for (const suffix of ['', '-wal', '-shm']) rmSync(`${DB_FILE}${suffix}`, { force: true });
  cpSync(DIST, `${DB_DIR}/dist-${PORT}`, { recursive: true });
  const server = spawn(
    process.execPath,
    [
      'mock-server/start.mjs',
      '--port',
      String(PORT),
      '--host',
      '127.0.0.1',
      '--backend-store-uri',
      `sqlite:///${DB_FILE}`,
      '--artifacts-destination',
      `${DB_DIR}/artifacts`,
      '--static-dir',
      `${DB_DIR}/dist-${PORT}`,
      '--no-build',
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  for (let attempt = 0; attempt < 240; attempt += 1) {
    try {
      if ((await fetch(`${BASE}/health`)).ok) return server;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('server did not start');
}

async function call<T = Record<string, unknown>>(path: string, body: unknown): Promise<T> {
  const response = await fetch(`${BASE}/api/2.0/mlflow/${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${path}: ${response.status} ${text}`);
  return (text ? JSON.parse(text) : {}) as T;
}

async function pool<T>(items: readonly T[], worker: (item: T) => Promise<void>, concurrency = CONCURRENCY): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const item = items[next++] as T;
        await worker(item);
      }
    }),
  );
}

async function createRun(experimentId: string, name: string): Promise<string> {
  const result = await call<{ run: { info: { run_id: string } } }>('runs/create', {
    experiment_id: experimentId,
    run_name: name,
    start_time: Date.now() - 86_400_000,
  });
  return result.run.info.run_id;
}

/** An experiment seeded completely by an earlier run (tagged bench.complete), if any. */
async function seededExperiment(name: string): Promise<string | undefined> {
  const response = await fetch(`${BASE}/api/2.0/mlflow/experiments/get-by-name?experiment_name=${encodeURIComponent(name)}`);
  if (!response.ok) return undefined;
  const { experiment } = (await response.json()) as { experiment: { experiment_id: string; tags?: { key: string; value: string }[] } };
  if (experiment.tags?.some((tag) => tag.key === 'bench.complete' && tag.value === '1')) return experiment.experiment_id;
  throw new Error(`${name} exists but was not seeded completely: rerun with --fresh`);
}

async function markComplete(experimentId: string): Promise<void> {
  await call('experiments/set-experiment-tag', { experiment_id: experimentId, key: 'bench.complete', value: '1' });
}

async function searchRunIds(experimentId: string): Promise<string[]> {
  const ids: string[] = [];
  let pageToken: string | undefined;
  do {
    const page = await call<{ runs?: { info: { run_id: string; run_name: string } }[]; next_page_token?: string }>('runs/search', {
      experiment_ids: [experimentId],
      max_results: 1000,
      page_token: pageToken,
      order_by: ['attributes.run_name ASC'],
    });
    ids.push(...(page.runs ?? []).map((run) => run.info.run_id));
    pageToken = page.next_page_token || undefined;
  } while (pageToken);
  return ids;
}

async function seedCharts(): Promise<{ experimentId: string }> {
  const started = Date.now();
  const name = `bench-charts-${RUNS}x${CHART_KEYS.length === 3 ? '' : `${CHART_KEYS.length}x`}${STEPS}`;
  const existing = await seededExperiment(name);
  if (existing) {
    console.log(`reusing ${name} from ${DB_FILE}`);
    // Finished runs: a RUNNING run would (rightly) make the charts poll every few seconds.
    await pool(await searchRunIds(existing), async (runId) => {
      await call('runs/update', { run_id: runId, status: 'FINISHED', end_time: Date.now() });
    });
    return { experimentId: existing };
  }
  const { experiment_id: experimentId } = await call<{ experiment_id: string }>('experiments/create', { name });
  const keys = CHART_KEYS;
  const runIds: string[] = [];
  for (let r = 0; r < RUNS; r += 1) runIds.push(await createRun(experimentId, `run-${r}`));
  await pool(runIds, async (runId) => {
    const r = runIds.indexOf(runId);
    await call('runs/log-batch', {
      run_id: runId,
      params: [
        { key: 'lr', value: String(10 ** -(1 + (r % 4))) },
        { key: 'seed', value: String(r % 5) },
      ],
      metrics: [],
      tags: [],
    });
  });
  const batches: { runId: string; r: number; from: number }[] = [];
  const perBatch = Math.floor(999 / keys.length);
  for (const [r, runId] of runIds.entries()) for (let from = 0; from < STEPS; from += perBatch) batches.push({ runId, r, from });
  const t0 = Date.now() - 86_400_000;
  let done = 0;
  await pool(batches, async ({ runId, r, from }) => {
    const metrics: { key: string; value: number; step: number; timestamp: number }[] = [];
    for (let step = from; step < Math.min(STEPS, from + perBatch); step += 1) {
      const base = Math.exp(-step / (STEPS / 5)) * (1 + r / RUNS);
      const noise = Math.sin(step * 0.37 + r) * 0.02;
      const timestamp = t0 + step * 50 + r * 1000;
      const values = [base + noise, base * 1.1 + noise, 1 - base / 2 + noise];
      keys.forEach((key, index) => metrics.push({ key, value: values[index] ?? 0, step, timestamp }));
    }
    await call('runs/log-batch', { run_id: runId, metrics });
    done += 1;
    if (done % 2000 === 0) console.log(`  seeded ${done}/${batches.length} batches (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  });
  await pool(runIds, async (runId) => {
    await call('runs/update', { run_id: runId, status: 'FINISHED', end_time: Date.now() });
  });
  await markComplete(experimentId);
  console.log(`seeded ${RUNS} runs × ${keys.length} metrics × ${STEPS} steps in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { experimentId };
}

async function seedCompare(): Promise<{ experimentId: string; runIds: string[] }> {
  const started = Date.now();
  const name = `bench-compare-${COMPARE_RUNS}`;
  const existing = await seededExperiment(name);
  if (existing) {
    console.log(`reusing ${name} from ${DB_FILE}`);
    return { experimentId: existing, runIds: await searchRunIds(existing) };
  }
  const { experiment_id: experimentId } = await call<{ experiment_id: string }>('experiments/create', { name });
  const runIds: string[] = [];
  await pool(
    Array.from({ length: COMPARE_RUNS }, (_, index) => index),
    async (index) => {
      const runId = await createRun(experimentId, `sweep-${index}`);
      runIds.push(runId);
      const lr = 10 ** (-5 + ((index * 7919) % 1000) / 250);
      const params = [
        { key: 'lr', value: lr.toPrecision(4) },
        { key: 'batch_size', value: String(2 ** (4 + (index % 5))) },
        { key: 'dropout', value: ((index % 10) / 20).toFixed(2) },
        { key: 'layers', value: String(2 + (index % 6)) },
        { key: 'hidden', value: String(64 * (1 + (index % 8))) },
        { key: 'weight_decay', value: (10 ** -(2 + (index % 4))).toPrecision(2) },
        { key: 'warmup', value: String((index % 7) * 100) },
        { key: 'optimizer', value: ['adam', 'sgd', 'adamw'][index % 3] ?? 'adam' },
        { key: 'scheduler', value: ['cosine', 'linear'][index % 2] ?? 'cosine' },
        { key: 'momentum', value: (0.8 + (index % 5) * 0.04).toFixed(2) },
        { key: 'seed', value: String(index % 10) },
      ];
      const loss = Math.abs(Math.log10(lr) + 3) * 0.3 + ((index % 10) / 20) * 0.5 + (index % 3) * 0.05;
      await call('runs/log-batch', {
        run_id: runId,
        params,
        metrics: [{ key: 'val_loss', value: loss, step: 0, timestamp: Date.now() }],
        tags: [],
      });
    },
  );
  await markComplete(experimentId);
  console.log(`seeded ${COMPARE_RUNS} sweep runs in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { experimentId, runIds };
}

/** Self time per function of a page's CPU profile, top 25 (idle excluded). */
function printProfile(profile: {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples?: number[];
  timeDeltas?: number[];
}): void {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<string, number>();
  let busy = 0;
  (profile.samples ?? []).forEach((id, index) => {
    const frame = byId.get(id)?.callFrame;
    if (!frame || frame.functionName === '(idle)') return;
    const micros = profile.timeDeltas?.[index] ?? 0;
    const name = `${frame.functionName || '(anonymous)'} ${frame.url.split('/').pop() ?? ''}:${frame.lineNumber + 1}`;
    self.set(name, (self.get(name) ?? 0) + micros);
    busy += micros;
  });
  console.log(`profile: ${(busy / 1000).toFixed(0)} ms busy during the toggles`);
  for (const [name, micros] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) {
    console.log(`  ${(micros / 1000).toFixed(1).padStart(8)} ms  ${name}`);
  }
}

/** React's own work loop and commit phases: left out of the long-task listing, which names the components and functions inside them. */
const REACT_INTERNALS =
  /^(perform|flush|process|commit|complete|recursively|renderRoot|renderWithHooks|workLoop|beginWork|updateFunctionComponent|mountIndeterminate|reconcile|runWithFiber|callCallback|invokeGuarded|dispatchDiscrete|batchedUpdates|scheduler|workLoopSync|finishConcurrent|executeDispatch|dispatchEvent|hook|useMemo|mountMemo|updateMemo)/;

interface CpuProfile {
  nodes: { id: number; parent?: number; children?: number[]; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

/**
 * Each long task of a navigation with the functions it spent its time in, from a
 * CPU profile over the navigation (inclusive time, top 14). `pageNowAtStop` is performance.now() read just before the
 * profile stopped: it maps the profile's clock onto page time (to a few ms).
 */
function printLongTasks(profile: CpuProfile, tasks: { start: number; duration: number }[], pageNowAtStop: number): void {
  const offsetMicros = profile.endTime - pageNowAtStop * 1000;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const stamps: number[] = [];
  let clock = profile.startTime;
  for (const delta of profile.timeDeltas ?? []) stamps.push((clock += delta));
  for (const task of tasks) {
    const from = task.start * 1000 + offsetMicros;
    const to = from + task.duration * 1000;
    const self = new Map<string, number>();
    (profile.samples ?? []).forEach((id, index) => {
      const at = stamps[index] ?? 0;
      if (at < from || at > to) return;
      const frame = byId.get(id)?.callFrame;
      if (!frame || frame.functionName === '(idle)') return;
      // Inclusive time: the sample counts once for every distinct function on its stack.
      const names = new Set<string>();
      for (let node: number | undefined = id; node !== undefined; node = parent.get(node)) {
        const callFrame = byId.get(node)?.callFrame;
        const name =
          callFrame?.functionName ||
          (callFrame?.url ? `(anonymous ${callFrame.url.split('/').pop() ?? ''}:${callFrame.lineNumber + 1})` : '');
        if (name && name !== '(root)' && !REACT_INTERNALS.test(name)) names.add(name);
      }
      if (frame.functionName === '') names.add('(anonymous)');
      for (const name of names) self.set(name, (self.get(name) ?? 0) + (profile.timeDeltas?.[index + 1] ?? 0));
    });
    const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 14);
    console.log(
      `  long task at ${task.start.toFixed(0)} ms, ${task.duration.toFixed(0)} ms: ${top.map(([name, micros]) => `${name} ${(micros / 1000).toFixed(1)}`).join('; ')}`,
    );
  }
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string; data?: { url?: string; requestId?: string; type?: string } };
}

/**
 * The renderer main thread's tasks of a Chrome trace, after the end of the first request whose
 * URL contains `after` (all when undefined): the longest by wall time and by CPU time (ms), and
 * how many took over 50 ms of CPU.
 */
function traceTasks(trace: Buffer, after: string | undefined): { wall: number; cpu: number; over50: number } {
  const events = (JSON.parse(trace.toString('utf8')) as { traceEvents: TraceEvent[] }).traceEvents;
  const mains = events.filter((event) => event.ph === 'M' && event.name === 'thread_name' && event.args?.name === 'CrRendererMain');
  const isTask = (event: TraceEvent) => event.ph === 'X' && (event.name === 'RunTask' || event.name === 'ThreadControllerImpl::RunTask');
  // The page's renderer: the main thread that ran the most.
  let best = { pid: -1, tid: -1, busy: -1 };
  for (const main of mains) {
    const busy = events
      .filter((event) => event.pid === main.pid && event.tid === main.tid && isTask(event))
      .reduce((sum, event) => sum + (event.dur ?? 0), 0);
    if (busy > best.busy) best = { pid: main.pid, tid: main.tid, busy };
  }
  let from = -Infinity;
  if (after) {
    const sent = events.find((event) => event.name === 'ResourceSendRequest' && event.args?.data?.url?.includes(after));
    // The page's renderer is the one that sent the request.
    if (sent) best = { pid: sent.pid, tid: sent.tid, busy: best.busy };
    const requestId = sent?.args?.data?.requestId;
    from = events.find((event) => event.name === 'ResourceFinish' && event.args?.data?.requestId === requestId)?.ts ?? -Infinity;
  }
  const tasks = events.filter((event) => event.pid === best.pid && event.tid === best.tid && isTask(event) && event.ts >= from);
  return {
    wall: Math.max(0, ...tasks.map((event) => (event.dur ?? 0) / 1000)),
    cpu: Math.max(0, ...tasks.map((event) => (event.tdur ?? 0) / 1000)),
    over50: tasks.filter((event) => (event.tdur ?? 0) > 50_000).length,
  };
}

const TRACE_CATEGORIES = ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline'];

/** Runs in the page before its scripts: keeps every long task (> 50 ms of main thread) of the page. */
function observeLongTasks(): void {
  const tasks: { start: number; duration: number }[] = [];
  (window as unknown as { __longTasks: typeof tasks }).__longTasks = tasks;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) tasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: 'longtask', buffered: true });
}

/** The longest task (ms) that started at or after `since` (page time); 0 when none exceeded 50 ms. */
async function longestTaskSince(page: Page, since: number): Promise<number> {
  return page.evaluate(
    (since) =>
      Math.max(
        0,
        ...(window as unknown as { __longTasks: { start: number; duration: number }[] }).__longTasks
          .filter((task) => task.start >= since)
          .map((task) => task.duration),
      ),
    since,
  );
}

/** When the page's first response whose URL contains `part` ended (page time). */
async function responseEnd(page: Page, part: string): Promise<number> {
  return page.evaluate(
    (part) =>
      (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).find((entry) => entry.name.includes(part))?.responseEnd ??
      0,
    part,
  );
}

/** Latest `data-drawn-at` (performance.now() of the page) over the charts, once all are drawn with `runs` series. */
async function waitForChartsDrawn(page: Page, charts: number, runs: number, timeout = SETTLE_TIMEOUT): Promise<number> {
  await page.waitForFunction(
    ({ charts, runs }) => {
      const cards = [...document.querySelectorAll('[data-testid=chart-card]')];
      if (cards.length < charts) return false;
      return cards.every((card) => {
        const chart = card.querySelector<HTMLElement>('[data-testid=line-chart]');
        return (
          card.getAttribute('data-loading') === 'false' &&
          chart &&
          Number(chart.dataset.series) >= runs &&
          Number(chart.dataset.drawnPoints) > 0
        );
      });
    },
    { charts, runs },
    { timeout, polling: 16 },
  );
  return page.$$eval('[data-testid=line-chart]', (elements) =>
    Math.max(...elements.map((element) => Number((element as HTMLElement).dataset.drawnAt))),
  );
}

/** Fires a change on a <select> inside the page and waits until every chart redrew; returns ms. */
async function timeSelectChange(page: Page, testId: string, value: string): Promise<number> {
  return page.evaluate(
    async ({ testId, value }) => {
      const charts = [...document.querySelectorAll<HTMLElement>('[data-testid=line-chart]')];
      const before = charts.map((chart) => Number(chart.dataset.drawCount));
      const select = document.querySelector<HTMLSelectElement>(`[data-testid="${testId}"]`);
      if (!select) throw new Error(`no select ${testId}`);
      const start = performance.now();
      select.value = value;
      select.dispatchEvent(new Event('change', { bubbles: true }));
      for (;;) {
        await new Promise((resolve) => requestAnimationFrame(resolve));
        const now = [...document.querySelectorAll<HTMLElement>('[data-testid=line-chart]')];
        if (now.every((chart, index) => Number(chart.dataset.drawCount) > (before[index] ?? 0))) {
          return Math.max(...now.map((chart) => Number(chart.dataset.drawnAt))) - start;
        }
        if (performance.now() - start > 10_000) throw new Error('charts did not redraw');
      }
    },
    { testId, value },
  );
}

async function benchCharts(browser: import('@playwright/test').Browser): Promise<void> {
  const { experimentId } = await seedCharts();
  const url = `${BASE}/experiments/${experimentId}/charts`;
  const recorded = new Map<string, { body: Buffer; contentType: string }>();
  const drawn: number[] = [];
  const replayed: number[] = [];
  const smoothing: number[] = [];
  const xAxis: number[] = [];
  const zoom: number[] = [];
  const longestLoadTask: number[] = [];
  const longestChartTask: number[] = [];
  const longestZoomTask: number[] = [];
  const traced = {
    loadCpu: [] as number[],
    loadWall: [] as number[],
    loadOver50: [] as number[],
    zoomCpu: [] as number[],
    zoomWall: [] as number[],
  };
  for (let rep = 0; rep < REPS; rep += 1) {
    const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
    await context.addInitScript(observeLongTasks);
    const page = await context.newPage();
    page.on('response', async (response) => {
      if (!response.url().includes('get-history-buckets')) return;
      try {
        recorded.set(response.url(), {
          body: await response.body(),
          contentType: response.headers()['content-type'] ?? 'application/json',
        });
      } catch {
        // aborted request
      }
    });
    const loadProfiler = PROFILE_LOAD ? await context.newCDPSession(page) : undefined;
    if (loadProfiler) {
      await loadProfiler.send('Profiler.enable');
      await loadProfiler.send('Profiler.setSamplingInterval', { interval: 100 });
      await loadProfiler.send('Profiler.start');
    }
    if (TRACE_TASKS) await browser.startTracing(page, { categories: TRACE_CATEGORIES });
    await page.goto(url);
    drawn.push(await waitForChartsDrawn(page, CHART_KEYS.length, RUNS));
    if (TRACE_TASKS) {
      const tasks = traceTasks(await browser.stopTracing(), 'runs/search');
      traced.loadCpu.push(tasks.cpu);
      traced.loadWall.push(tasks.wall);
      traced.loadOver50.push(tasks.over50);
    }
    if (loadProfiler) {
      const pageNow = await page.evaluate(() => performance.now());
      const { profile } = (await loadProfiler.send('Profiler.stop')) as { profile: CpuProfile };
      const tasks = await page.evaluate(() => (window as unknown as { __longTasks: { start: number; duration: number }[] }).__longTasks);
      console.log(
        `rep ${rep}: drawn at ${drawn[drawn.length - 1]?.toFixed(0)} ms; runs/search ended at ${(await responseEnd(page, 'runs/search')).toFixed(0)} ms`,
      );
      printLongTasks(profile, tasks, pageNow);
      await loadProfiler.detach();
    }
    longestLoadTask.push(await longestTaskSince(page, 0));
    // The chart work proper: tasks after the runs list arrived (before it: the app's own boot).
    longestChartTask.push(await longestTaskSince(page, await responseEnd(page, 'runs/search')));
    // Interactions on the drawn view.
    const profiler = PROFILE && rep === 0 ? await context.newCDPSession(page) : undefined;
    if (profiler) {
      await profiler.send('Profiler.enable');
      await profiler.send('Profiler.setSamplingInterval', { interval: 200 });
      await profiler.send('Profiler.start');
    }
    for (let toggle = 0; toggle < TOGGLES; toggle += 1) {
      smoothing.push(await timeSelectChange(page, 'smoothing', 'ema'));
      smoothing.push(await timeSelectChange(page, 'smoothing', 'none'));
      xAxis.push(await timeSelectChange(page, 'x-axis', 'relative'));
      xAxis.push(await timeSelectChange(page, 'x-axis', 'step'));
    }
    if (profiler) printProfile((await profiler.send('Profiler.stop')).profile);
    // Zoom: drag over 10% of the first chart, time pointer-up → refetched window drawn.
    const overlay = page.locator('[data-testid=line-chart] canvas').nth(1);
    const box = await overlay.boundingBox();
    if (!box) throw new Error('no chart');
    await page.evaluate(() => {
      const w = window as unknown as { __pointerUp?: number };
      window.addEventListener('pointerup', () => (w.__pointerUp = performance.now()), { capture: true, once: true });
    });
    if (TRACE_TASKS) await browser.startTracing(page, { categories: TRACE_CATEGORIES });
    const zoomProfiler = PROFILE_LOAD ? await context.newCDPSession(page) : undefined;
    if (zoomProfiler) {
      await zoomProfiler.send('Profiler.enable');
      await zoomProfiler.send('Profiler.setSamplingInterval', { interval: 100 });
      await zoomProfiler.send('Profiler.start');
    }
    const plotLeft = box.x + 58;
    const plotWidth = box.width - 70;
    const fraction = 0.4 + rep * 0.05;
    await page.mouse.move(plotLeft + plotWidth * fraction, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(plotLeft + plotWidth * (fraction + 0.1), box.y + box.height / 2, { steps: 4 });
    await page.mouse.up();
    await page.waitForFunction(
      () => {
        const card = document.querySelector('[data-testid=chart-card]');
        return card?.getAttribute('data-loading') === 'false' && card.querySelector('.badge-info') !== null;
      },
      undefined,
      { timeout: SETTLE_TIMEOUT, polling: 16 },
    );
    zoom.push(
      await page.evaluate(() => {
        const chart = document.querySelector<HTMLElement>('[data-testid=line-chart]');
        return Number(chart?.dataset.drawnAt) - ((window as unknown as { __pointerUp?: number }).__pointerUp ?? NaN);
      }),
    );
    longestZoomTask.push(
      await longestTaskSince(page, await page.evaluate(() => (window as unknown as { __pointerUp?: number }).__pointerUp ?? 0)),
    );
    if (zoomProfiler) {
      const pageNow = await page.evaluate(() => performance.now());
      const { profile } = (await zoomProfiler.send('Profiler.stop')) as { profile: CpuProfile };
      const pointerUp = await page.evaluate(() => (window as unknown as { __pointerUp?: number }).__pointerUp ?? 0);
      const tasks = await page.evaluate(
        (since) =>
          (window as unknown as { __longTasks: { start: number; duration: number }[] }).__longTasks.filter((task) => task.start >= since),
        pointerUp,
      );
      console.log(`rep ${rep}: zoom drawn ${zoom[zoom.length - 1]?.toFixed(0)} ms after pointer up`);
      printLongTasks(profile, tasks, pageNow);
      await zoomProfiler.detach();
    }
    if (TRACE_TASKS) {
      const tasks = traceTasks(await browser.stopTracing(), undefined);
      traced.zoomCpu.push(tasks.cpu);
      traced.zoomWall.push(tasks.wall);
    }
    await context.close();
  }
  // Client only: the same navigation with the server's bucket answers replayed from memory.
  for (let rep = 0; rep < (REPLAY ? REPS : 0); rep += 1) {
    const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
    await context.route('**/get-history-buckets?**', async (route) => {
      const hit = recorded.get(route.request().url());
      if (hit) await route.fulfill({ status: 200, body: hit.body, contentType: hit.contentType });
      else await route.continue();
    });
    const page = await context.newPage();
    await page.goto(url);
    replayed.push(await waitForChartsDrawn(page, CHART_KEYS.length, RUNS));
    await context.close();
  }
  record('view-drawn', RUNS <= 20 ? '≤ 800' : '≤ 1000', drawn);
  if (REPLAY) record('view-drawn-replay', '(client)', replayed);
  record('toggle-smoothing', '≤ 100', smoothing);
  record('toggle-x-axis', '≤ 100', xAxis);
  record('zoom-refetch', '≤ 200', zoom);
  record('longest-task-load', '(boot too)', longestLoadTask);
  record('longest-task-charts', '≤ 50', longestChartTask);
  record('longest-task-zoom', '≤ 50', longestZoomTask);
  if (TRACE_TASKS) {
    record('trace-charts-cpu', '≤ 50', traced.loadCpu);
    record('trace-charts-wall', '(load)', traced.loadWall);
    record('trace-charts-cpu>50', '(count)', traced.loadOver50);
    record('trace-zoom-cpu', '≤ 50', traced.zoomCpu);
    record('trace-zoom-wall', '(load)', traced.zoomWall);
  }
}

/**
 * Client-side navigation (as from the runs table's Compare button): a URL with hundreds of run
 * ids exceeds Node's 16 KB request-line limit on a full page load (431), so the page is opened
 * first and the compare URL pushed. Returns performance.now() at the push.
 */
async function clientNavigate(page: Page, path: string): Promise<number> {
  await page.goto(`${BASE}/experiments`);
  await page.waitForLoadState('networkidle');
  return page.evaluate((target) => {
    const start = performance.now();
    window.history.pushState({}, '', target);
    window.dispatchEvent(new PopStateEvent('popstate'));
    return start;
  }, path);
}

async function benchCompare(browser: import('@playwright/test').Browser): Promise<void> {
  const { runIds } = await seedCompare();
  const ready: number[] = [];
  const brush: number[] = [];
  for (let rep = 0; rep < REPS; rep += 1) {
    const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
    const page = await context.newPage();
    const start = await clientNavigate(page, `/compare?runs=${runIds.slice(0, 500).join(',')}`);
    await page.waitForSelector('[data-testid=compare-page][data-ready-at]', { timeout: 60_000 });
    ready.push((await page.$eval('[data-testid=compare-page]', (element) => Number((element as HTMLElement).dataset.readyAt))) - start);
    await context.close();
  }
  for (let rep = 0; rep < REPS; rep += 1) {
    const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
    const page = await context.newPage();
    await clientNavigate(
      page,
      `/compare?runs=${runIds.join(',')}&pc=${encodeURIComponent('param:lr,param:batch_size,param:dropout,param:layers,param:hidden,param:weight_decay,param:warmup,param:optimizer,param:scheduler,param:momentum,param:seed,metric:val_loss')}`,
    );
    const canvas = page.locator('[data-testid=parallel-coordinates] canvas').first();
    await canvas.waitFor({ timeout: 60_000 });
    await page.waitForFunction(
      (count) => Number(document.querySelector<HTMLElement>('[data-testid=parallel-coordinates]')?.dataset.lines) >= count,
      runIds.length,
      { timeout: 60_000 },
    );
    const box = await canvas.boundingBox();
    if (!box) throw new Error('no parallel coordinates');
    const axes = 12;
    for (let axis = 0; axis < 6; axis += 1) {
      const x = box.x + 40 + ((box.width - 80) * axis) / (axes - 1);
      await page.mouse.move(x, box.y + 60);
      await page.mouse.down();
      await page.mouse.move(x, box.y + 60 + (box.height - 120) * 0.6, { steps: 5 });
      await page.mouse.up();
      brush.push(await page.$eval('[data-testid=parallel-coordinates]', (element) => Number((element as HTMLElement).dataset.brushMs)));
    }
    await context.close();
  }
  record('compare-500', '≤ 1000', ready);
  record('parcoords-brush', '≤ 50', brush);
}

const server = await startServer();
const browser = await chromium.launch({
  executablePath: existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
try {
  if (ONLY.has('charts')) await benchCharts(browser);
  if (ONLY.has('compare')) await benchCompare(browser);
  console.log('\nSummary (median ms):');
  for (const result of results) console.log(`  ${result.scenario}: ${median(result.samples).toFixed(1)} (target ${result.target})`);
} finally {
  await browser.close();
  server.kill('SIGTERM');
}
