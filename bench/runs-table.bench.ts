// Runs table benchmark: a Playwright script (not a test). Starts its own bundled server on a
// copy of the build, seeds runs through the REST API (runs/create + runs/log-batch +
// runs/update, 16 clients) into a SQLite file kept under node_modules/.cache/runboard-bench/
// (later runs with the same --runs reuse it; --fresh reseeds) and prints medians.
//
//   npx vite build && node --import tsx bench/runs-table.bench.ts [--runs 10000] [--reps 5] [--port 5099]
//       [--only first-rows,sort,scroll] [--dist dist] [--fresh] [--baseline <dist>]
//   --baseline <dist>: A/B against another build (e.g. main's, from a `git archive` of main built
//       with npx vite build): a second server on port + 1 over the same database, the two measured
//       in turn within each repetition (alternating which goes first), medians printed per build.
//   100,000 runs (seeding takes 10-30 min the first time):
//       node --import tsx bench/runs-table.bench.ts --runs 100000 --only first-rows,sort
//
// Scenarios (targets from the runs table issue), each on a fresh page load:
//   first-rows   navigation start → first run rows on screen        ≤ 600 ms (10k, issue 13; was 800), ≤ 1.5 s (100k)
//   sort-metric  click on a metric header → rows in the new (server) order        ≤ 400 ms
//   scroll-end   scroll to the last run (every page fetched while scrolling):
//                longest main-thread task (PerformanceObserver 'longtask')        none > 50 ms
//                and its main-thread CPU time (Chromium trace; on a loaded machine the wall time
//                also counts waiting for a core)
import type { Browser, Page } from '@playwright/test';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import {
  BENCH_CACHE_DIR,
  callApi,
  launchChromium,
  markSeeded,
  pageProbe,
  readFlag,
  seededExperiment,
  startBundledServer,
} from './lib/browser-bench';
import { median } from './lib/stats';

const args = process.argv.slice(2);
const flag = (name: string, fallback: string): string => readFlag(args, name, fallback);
const RUNS = Number(flag('runs', '10000'));
const REPS = Math.max(1, Number(flag('reps', '5')));
const PORT = Number(flag('port', '5099'));
const ONLY = new Set(flag('only', 'first-rows,sort,scroll').split(','));
const DIST = flag('dist', 'dist');
const BASELINE = flag('baseline', '');
let BASE = `http://127.0.0.1:${PORT}`;
const CONCURRENCY = 16;
const PARAMS = 20;
const METRICS = 10;
const TAGS = 10;
const FIRST_ROWS_TARGET = RUNS >= 100_000 ? '≤ 1500 ms' : '≤ 600 ms';

interface Result {
  scenario: string;
  target: string;
  unit: string;
  samples: number[];
  note?: string;
}
const results: Result[] = [];

function record(result: Result): void {
  results.push(result);
  const value = median(result.samples);
  console.log(
    `${result.scenario.padEnd(14)} median ${value.toFixed(1).padStart(8)} ${result.unit.padEnd(3)} target ${result.target.padEnd(10)} samples ${result.samples.map((sample) => sample.toFixed(0)).join(', ')}${result.note ? `  (${result.note})` : ''}`,
  );
}

async function call<T = Record<string, unknown>>(path: string, body: unknown): Promise<T> {
  return callApi<T>(BASE, path, body);
}

/** Deterministic pseudo-random numbers (mulberry32). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = Math.imul(state ^ (state >>> 15), state | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

async function seed(): Promise<string> {
  const name = `bench-runs-${RUNS}`;
  const existing = await seededExperiment(BASE, name);
  if (existing) {
    console.log(`reusing the ${RUNS} runs seeded earlier (experiment ${existing})`);
    return existing;
  }
  const experimentId = (await call<{ experiment_id: string }>('experiments/create', { name })).experiment_id;
  const started = performance.now();
  const start = Date.now() - RUNS * 1000;
  let next = 0;
  const worker = async (workerIndex: number) => {
    const rand = random(workerIndex + 1);
    while (next < RUNS) {
      const index = next++;
      const startTime = start + index * 1000;
      const tags = Array.from({ length: TAGS }, (_, tag) => ({ key: `tag_${tag}`, value: `value-${Math.floor(rand() * 20)}` }));
      const { run } = await call<{ run: { info: { run_id: string } } }>('runs/create', {
        experiment_id: experimentId,
        run_name: `run-${index}`,
        start_time: startTime,
        tags,
      });
      await call('runs/log-batch', {
        run_id: run.info.run_id,
        params: Array.from({ length: PARAMS }, (_, param) => ({ key: `param_${param}`, value: String(Math.floor(rand() * 1000)) })),
        metrics: Array.from({ length: METRICS }, (_, metric) => ({
          key: `metric_${metric}`,
          value: rand(),
          timestamp: startTime,
          step: 0,
        })),
      });
      await call('runs/update', { run_id: run.info.run_id, status: 'FINISHED', end_time: startTime + 60_000 });
      if (index % 1000 === 999)
        console.log(`  seeded ${index + 1} runs (${Math.round((index + 1) / ((performance.now() - started) / 1000))} runs/s)`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, (_, index) => worker(index)));
  await markSeeded(BASE, experimentId);
  console.log(
    `seeded ${RUNS} runs (${PARAMS} params, ${METRICS} metrics, ${TAGS} tags each) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  return experimentId;
}

/** Records, from the start of navigation, when the first run row appears. */
const FIRST_ROW_PROBE = pageProbe('__firstRowAt', `document.querySelector('[data-testid="run-row"]')`);

async function openRunsPage(browser: Browser, experimentId: string, base = BASE): Promise<{ page: Page; firstRowMs: number }> {
  const context = await browser.newContext({ viewport: { width: 1600, height: 900 } });
  const page = await context.newPage();
  await page.addInitScript(FIRST_ROW_PROBE);
  await page.goto(`${base}/experiments/${experimentId}`);
  await page.waitForSelector('[data-testid="run-row"]');
  const firstRowMs = await page.evaluate<number>('window.__firstRowAt');
  return { page, firstRowMs };
}

// Page-side code is passed as strings: tsx would otherwise inject helpers the page lacks.
const SORT_PROBE = `new Promise((resolve, reject) => {
  const firstId = () => document.querySelector('[data-testid="run-row"]')?.getAttribute('data-row-id');
  const before = firstId();
  const button = document.querySelector('[role="columnheader"][data-column-id="metrics.metric_0"] .dt-sort');
  if (!button) return reject(new Error('no metric_0 header'));
  const started = performance.now();
  const observer = new MutationObserver(() => {
    if (firstId() !== before) {
      observer.disconnect();
      requestAnimationFrame(() => resolve(performance.now() - started));
    }
  });
  observer.observe(document.querySelector('.dt-body') || document.body, { childList: true, subtree: true, attributes: true });
  button.click();
})`;

/** Scrolls 300 px per frame (a fast wheel fling) for up to 60 frames; true once the last page is in and shown. */
const SCROLL_STEP = `new Promise((resolve) => {
  const scroller = document.querySelector('.dt-scroll');
  if (!scroller) return resolve(true);
  let frames = 0;
  const atEnd = () => scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 2;
  const step = () => {
    scroller.scrollTop += 300;
    frames += 1;
    if (frames < 60 && !atEnd()) requestAnimationFrame(step);
    else {
      const status = document.querySelector('[data-testid="runs-status"]')?.textContent || '';
      resolve(!status.includes('more') && atEnd());
    }
  };
  requestAnimationFrame(step);
})`;

async function measureSort(page: Page): Promise<number> {
  return page.evaluate<number>(SORT_PROBE);
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  tdur?: number;
  args?: { name?: string };
}

/**
 * The longest main-thread tasks in CPU time (the thread's own time, from a Chromium trace): on a
 * loaded machine a task's wall time also counts the waits for a core, which says little about the
 * code; its CPU time does not.
 */
async function traceTaskCpu(page: Page, run: () => Promise<void>): Promise<number[]> {
  const cdp = await page.context().newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', ({ value }) => {
    for (const event of value as unknown as TraceEvent[])
      if (event.name === 'ThreadControllerImpl::RunTask' || event.name === 'thread_name') events.push(event);
  });
  await cdp.send('Tracing.start', { categories: 'toplevel,__metadata', transferMode: 'ReportEvents' });
  try {
    await run();
  } finally {
    const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
    await cdp.send('Tracing.end');
    await complete;
  }
  const mainThreads = new Set(
    events
      .filter((event) => event.name === 'thread_name' && event.args?.name === 'CrRendererMain')
      .map((event) => `${event.pid}:${event.tid}`),
  );
  return events
    .filter((event) => event.name !== 'thread_name' && event.ph === 'X' && mainThreads.has(`${event.pid}:${event.tid}`))
    .map((event) => (event.tdur ?? 0) / 1000);
}

/** Scrolls to the end like a fast wheel until every page is loaded; returns the long tasks seen. */
async function scrollToEnd(
  page: Page,
): Promise<{ durations: number[]; cpuDurations: number[]; elapsedMs: number; rows: number; heapMb: number }> {
  await page.evaluate('window.__longTasks = []');
  const started = Date.now();
  const cpuDurations = await traceTaskCpu(page, async () => {
    for (;;) {
      if (await page.evaluate<boolean>(SCROLL_STEP)) break;
      if (Date.now() - started > 600_000) throw new Error('scrolling did not reach the end in 10 minutes');
      await page.waitForTimeout(16);
    }
  });
  const elapsedMs = Date.now() - started;
  const durations = await page.evaluate<number[]>('window.__longTasks.map((task) => task.duration)');
  const rows = await page.locator('[data-testid="run-row"]').count();
  // Chromium's (non-standard) heap figure: the cost of keeping every loaded page in memory.
  const heapMb = await page.evaluate<number>('(performance.memory ? performance.memory.usedJSHeapSize : 0) / 1048576');
  return { durations, cpuDurations, elapsedMs, rows, heapMb };
}

interface Build {
  label: string;
  base: string;
  firstRows: number[];
  sorts: number[];
  maxTasks: number[];
  taskCounts: number[];
  maxCpuTasks: number[];
  cpuTaskCounts: number[];
  scrollTimes: number[];
  domRows: number;
  heaps: number[];
}

function newBuild(label: string, base: string): Build {
  return {
    label,
    base,
    firstRows: [],
    sorts: [],
    maxTasks: [],
    taskCounts: [],
    maxCpuTasks: [],
    cpuTaskCounts: [],
    scrollTimes: [],
    domRows: 0,
    heaps: [],
  };
}

/** One repetition of every chosen scenario against one build; returns the line to print. */
async function measure(browser: Browser, experimentId: string, build: Build): Promise<string> {
  const line: string[] = [];
  if (ONLY.has('first-rows') || ONLY.has('sort')) {
    const { page, firstRowMs } = await openRunsPage(browser, experimentId, build.base);
    build.firstRows.push(firstRowMs);
    line.push(`first rows ${firstRowMs.toFixed(0)} ms`);
    if (ONLY.has('sort')) {
      await page.waitForSelector('[role="columnheader"][data-column-id="metrics.metric_0"]');
      build.sorts.push(await measureSort(page));
      line.push(`sort ${build.sorts.at(-1)?.toFixed(0)} ms`);
    }
    await page.context().close();
  }
  if (ONLY.has('scroll')) {
    const scroll = await openRunsPage(browser, experimentId, build.base);
    const { durations, cpuDurations, elapsedMs, rows, heapMb } = await scrollToEnd(scroll.page);
    build.maxCpuTasks.push(cpuDurations.length ? Math.max(...cpuDurations) : 0);
    build.cpuTaskCounts.push(cpuDurations.filter((duration) => duration > 50).length);
    build.heaps.push(heapMb);
    build.maxTasks.push(durations.length ? Math.max(...durations) : 0);
    build.taskCounts.push(durations.filter((duration) => duration > 50).length);
    build.scrollTimes.push(elapsedMs);
    build.domRows = Math.max(build.domRows, rows);
    await scroll.page.context().close();
    line.push(
      `longest task ${build.maxTasks.at(-1)?.toFixed(0)} ms (${durations.length} long tasks; CPU ${build.maxCpuTasks.at(-1)?.toFixed(0)} ms), scroll to end ${elapsedMs} ms`,
    );
  }
  return `${build.label}: ${line.join(', ')}`;
}

function report(build: Build): void {
  const prefix = BASELINE ? `${build.label} ` : '';
  if (build.firstRows.length)
    record({ scenario: `${prefix}first-rows`, target: FIRST_ROWS_TARGET, unit: 'ms', samples: build.firstRows, note: `${RUNS} runs` });
  if (build.sorts.length) record({ scenario: `${prefix}sort-metric`, target: '≤ 400 ms', unit: 'ms', samples: build.sorts });
  if (build.maxTasks.length) {
    record({
      scenario: `${prefix}longest-task`,
      target: '≤ 50 ms',
      unit: 'ms',
      samples: build.maxTasks,
      note: `tasks > 50 ms per scroll: ${build.taskCounts.join(', ')}`,
    });
    record({
      scenario: `${prefix}longest-task-cpu`,
      target: '≤ 50 ms',
      unit: 'ms',
      samples: build.maxCpuTasks,
      note: `main-thread CPU time of the longest task; tasks over 50 ms of CPU per scroll: ${build.cpuTaskCounts.join(', ')}`,
    });
    record({
      scenario: `${prefix}scroll-end`,
      target: '—',
      unit: 'ms',
      samples: build.scrollTimes,
      note: `${RUNS} runs, at most ${build.domRows} rows in the DOM`,
    });
    record({ scenario: `${prefix}js-heap-end`, target: '—', unit: 'MB', samples: build.heaps, note: 'JS heap with every run loaded' });
  }
}

async function main(): Promise<void> {
  const dbFile = `${BENCH_CACHE_DIR}/runs-table-${RUNS}.sqlite`;
  const server = await startBundledServer({
    port: PORT,
    dist: DIST,
    dbFile,
    fresh: args.includes('--fresh'),
    workDir: `${BENCH_CACHE_DIR}/runs-table-${PORT}`,
  });
  BASE = server.base;
  let baselineServer: Awaited<ReturnType<typeof startBundledServer>> | undefined;
  let browser: Browser | undefined;
  const loadBefore = os.loadavg()[0] ?? 0;
  try {
    const experimentId = await seed();
    const builds = [newBuild(BASELINE ? 'this' : DIST, BASE)];
    if (BASELINE) {
      // The same database, read by a second server that serves the baseline build.
      baselineServer = await startBundledServer({
        port: PORT + 1,
        dist: BASELINE,
        dbFile,
        workDir: `${BENCH_CACHE_DIR}/runs-table-${PORT + 1}`,
      });
      builds.push(newBuild('baseline', baselineServer.base));
    }
    browser = await launchChromium();
    // Warm-up: server caches, browser code cache.
    for (const build of builds) await (await openRunsPage(browser, experimentId, build.base)).page.context().close();

    for (let rep = 0; rep < REPS; rep += 1) {
      // Alternate which build goes first, so a load spike does not always hit the same one.
      const order = rep % 2 === 0 ? builds : [...builds].reverse();
      const lines: string[] = [];
      for (const build of order) lines.push(await measure(browser, experimentId, build));
      console.log(`  rep ${rep + 1}: ${lines.join('; ')}`);
    }
    console.log('');
    for (const build of builds) report(build);
    const loadAfter = os.loadavg()[0] ?? 0;
    console.log(`load average ${loadBefore.toFixed(1)} → ${loadAfter.toFixed(1)} on ${os.cpus().length} CPUs`);
    mkdirSync('bench/results', { recursive: true });
    writeFileSync(
      `bench/results/runs-table${RUNS === 10_000 ? '' : `-${RUNS}`}${BASELINE ? '-ab' : ''}.json`,
      JSON.stringify(
        {
          date: new Date().toISOString(),
          runs: RUNS,
          reps: REPS,
          baseline: BASELINE || undefined,
          loadAverage: [loadBefore, loadAfter],
          results,
        },
        null,
        2,
      ),
    );
  } finally {
    await browser?.close();
    baselineServer?.stop();
    server.stop();
  }
}

await main();
