// Traces benchmark: a Playwright script (not a test). Starts its own bundled server (a cached
// SQLite file, a copy of the build), seeds one experiment with 10,000 traces and one trace of
// 5,000 spans through the REST API as MLflow's 2.x tracing client logs them, then prints medians.
//
//   npx vite build && node --import tsx bench/traces.bench.ts [--reps 5] [--port 5097] [--dist dist] [--fresh]
//
// Scenarios, each on a fresh page load:
//   tab-first-rows    navigation start → first trace rows of 10,000 on screen (first page of 100)
//   tab-load-task     longest main-thread task before then
//   tab-sort          click on the Latency header → the slowest trace on top (a new server search)
//   tab-scroll-task   longest main-thread task while scrolling through 1,000 traces (10 pages)
//   trace-usable      navigation start → 5,000-span tree, waterfall and the root's details on screen
//   trace-load-task   longest main-thread task before then
//   trace-scroll-task longest main-thread task while scrolling the span list from top to bottom
//   *-scroll-step     longest scroll step (scroll → next frame, beyond the 16 ms pause between steps)
//   trace-select      click on a span → its details on screen
import type { Browser, Page } from '@playwright/test';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { logTrace, type SeedSpan } from '../e2e/support/trace-seed';
import {
  BENCH_CACHE_DIR,
  callApi,
  launchChromium,
  longestTaskExpression,
  markSeeded,
  pageProbe,
  readFlag,
  seededExperiment,
  startBundledServer,
} from './lib/browser-bench';
import { median } from './lib/stats';

const args = process.argv.slice(2);
const REPS = Math.max(1, Number(readFlag(args, 'reps', '5')));
const PORT = Number(readFlag(args, 'port', '5097'));
const DIST = readFlag(args, 'dist', 'dist');
const FRESH = args.includes('--fresh');
const TRACES = 10_000;
const SPANS = 5_000;
const EXPERIMENT = `bench-traces-${TRACES}`;

interface Result {
  scenario: string;
  samples: number[];
  note?: string;
}
const results: Result[] = [];

function record(result: Result): void {
  results.push(result);
  console.log(
    `${result.scenario.padEnd(18)} median ${median(result.samples).toFixed(1).padStart(8)} ms  samples ${result.samples.map((sample) => sample.toFixed(0)).join(', ')}${result.note ? `  (${result.note})` : ''}`,
  );
}

function bigTraceSpans(): SeedSpan[] {
  const spans: SeedSpan[] = [
    { id: 'root', name: 'pipeline', type: 'CHAIN', startMs: 0, endMs: 10_000, inputs: { question: 'many steps' } },
  ];
  for (let step = 0; spans.length < SPANS; step += 1) {
    spans.push({ id: `step${step}`, parent: 'root', name: `step_${step}`, type: 'AGENT', startMs: step * 200, endMs: step * 200 + 190 });
    for (let call = 0; call < 99 && spans.length < SPANS; call += 1) {
      spans.push({
        id: `s${step}c${call}`,
        parent: `step${step}`,
        name: `tool_call_${step}_${call}`,
        type: call % 3 === 0 ? 'LLM' : 'TOOL',
        startMs: step * 200 + call,
        endMs: step * 200 + call + 60,
        status: call === 42 ? 'ERROR' : 'OK',
        inputs: { call, prompt: `step ${step} call ${call}` },
        outputs: { tokens: call * 3 },
      });
    }
  }
  return spans;
}

async function seed(base: string): Promise<{ experimentId: string; bigTraceId: string }> {
  const existing = await seededExperiment(base, EXPERIMENT);
  const findBig = async (experimentId: string) => {
    const response = await fetch(
      `${base}/api/2.0/mlflow/traces?experiment_ids=${experimentId}&filter=${encodeURIComponent("tags.bench = 'big'")}`,
    );
    const { traces } = (await response.json()) as { traces?: { request_id: string }[] };
    const id = traces?.[0]?.request_id;
    if (!id) throw new Error('the big trace is missing: rerun with --fresh');
    return id;
  };
  if (existing) return { experimentId: existing, bigTraceId: await findBig(existing) };
  const { experiment_id: experimentId } = await callApi<{ experiment_id: string }>(base, 'experiments/create', { name: EXPERIMENT });
  const { run } = await callApi<{ run: { info: { run_id: string } } }>(base, 'runs/create', {
    experiment_id: experimentId,
    run_name: 'agent',
    start_time: Date.now(),
  });
  const now = Date.now();
  const started = performance.now();
  const CONCURRENCY = 16;
  for (let offset = 0; offset < TRACES; offset += CONCURRENCY) {
    await Promise.all(
      Array.from({ length: Math.min(CONCURRENCY, TRACES - offset) }, (_, index) => {
        const n = offset + index;
        return logTrace(base, {
          experimentId,
          name: `predict_${n % 7}`,
          timestampMs: now - n * 1000,
          executionTimeMs: 20 + ((n * 7919) % 5000),
          status: n % 17 === 0 ? 'ERROR' : 'OK',
          runId: n % 3 === 0 ? run.info.run_id : undefined,
          tags: { shard: String(n % 10) },
          request: { question: `question number ${n} about something long enough to be truncated in the table` },
          response: { answer: `answer ${n}` },
          totalTokens: 100 + (n % 400),
        });
      }),
    );
    if (offset % 2000 === 0) console.log(`  seeded ${offset} traces (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  }
  await logTrace(base, {
    experimentId,
    name: 'pipeline',
    timestampMs: now - TRACES * 1000 - 60_000,
    status: 'OK',
    tags: { bench: 'big' },
    spans: bigTraceSpans(),
  });
  await markSeeded(base, experimentId);
  console.log(`seeded ${TRACES} traces and one of ${SPANS} spans in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  return { experimentId, bigTraceId: await findBig(experimentId) };
}

async function open(browser: Browser, url: string, doneSelector: string): Promise<{ page: Page; doneMs: number; taskMs: number }> {
  // The app's CSP forbids eval; Playwright's string predicates need it.
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 }, bypassCSP: true });
  const page = await context.newPage();
  await page.addInitScript(pageProbe('__doneAt', `document.querySelector(${JSON.stringify(doneSelector)})`));
  await page.goto(url);
  await page.waitForFunction('window.__doneAt !== undefined', undefined, { timeout: 60_000 });
  const doneMs = await page.evaluate<number>('window.__doneAt');
  return { page, doneMs, taskMs: await page.evaluate<number>(longestTaskExpression(0, doneMs)) };
}

/**
 * Scrolls `selector` down in steps of one screen, waiting a frame each; returns the longest task
 * meanwhile (long tasks are those over 50 ms: 0 means none) and the longest step, from one scroll
 * to the next frame after the 16 ms pause (what a user sees as a stalled frame, even under 50 ms).
 */
async function scrollThrough(page: Page, selector: string, untilRows: number | undefined): Promise<{ task: number; step: number }> {
  const from = await page.evaluate<number>('performance.now()');
  const step = await page.evaluate<number>(
    `new Promise((resolve) => {
      const element = document.querySelector(${JSON.stringify(selector)});
      const rowsLoaded = () => document.querySelector('.dt-footer')?.textContent ?? '';
      let steps = 0;
      let longest = 0;
      let last;
      const step = () => {
        const now = performance.now();
        if (last !== undefined) longest = Math.max(longest, now - last - 16);
        element.scrollTop += element.clientHeight;
        last = performance.now();
        steps += 1;
        const target = ${untilRows ?? 'undefined'};
        const done = target === undefined ? element.scrollTop + element.clientHeight >= element.scrollHeight - 2 : rowsLoaded().replace(/,/g, '').startsWith(String(target));
        if (done || steps > 5000) resolve(longest);
        else setTimeout(() => requestAnimationFrame(step), 16);
      };
      step();
    })`,
  );
  await page.waitForTimeout(300);
  const to = await page.evaluate<number>('performance.now()');
  return { task: await page.evaluate<number>(longestTaskExpression(from, to)), step };
}

async function main(): Promise<void> {
  const server = await startBundledServer({
    port: PORT,
    dist: DIST,
    dbFile: `${BENCH_CACHE_DIR}/traces.db`,
    fresh: FRESH,
    workDir: `${BENCH_CACHE_DIR}/traces-${PORT}`,
  });
  let browser: Browser | undefined;
  const loadBefore = os.loadavg()[0] ?? 0;
  try {
    const { experimentId, bigTraceId } = await seed(server.base);
    browser = await launchChromium();
    const tabUrl = `${server.base}/experiments/${experimentId}/traces`;
    const traceUrl = `${server.base}/experiments/${experimentId}/traces/${bigTraceId}`;
    await (await open(browser, tabUrl, '[data-testid="trace-row"]')).page.context().close(); // warm-up
    await (await open(browser, traceUrl, '[data-testid="span-detail"]')).page.context().close();

    const tab = { first: [] as number[], task: [] as number[], sort: [] as number[], scroll: [] as number[], scrollStep: [] as number[] };
    const trace = {
      usable: [] as number[],
      task: [] as number[],
      scroll: [] as number[],
      scrollStep: [] as number[],
      select: [] as number[],
    };
    for (let rep = 0; rep < REPS; rep += 1) {
      const opened = await open(browser, tabUrl, '[data-testid="trace-row"]');
      tab.first.push(opened.doneMs);
      tab.task.push(opened.taskMs);
      const page = opened.page;
      // Sort: the slowest trace is the 5,000-span one (10 s).
      const sort = await page.evaluate<number>(`new Promise((resolve) => {
        const button = [...document.querySelectorAll('.dt-sort')].find((item) => item.textContent.includes('Latency'));
        const start = performance.now();
        button.click();
        const check = () => {
          const first = document.querySelector('[data-testid="trace-row"][data-row-index="0"] [data-column-id="latency"]');
          if (first && first.textContent.trim() === '10s') resolve(performance.now() - start);
          else requestAnimationFrame(check);
        };
        requestAnimationFrame(check);
      })`);
      tab.sort.push(sort);
      const tabScroll = await scrollThrough(page, '.dt-scroll', 1000);
      tab.scroll.push(tabScroll.task);
      tab.scrollStep.push(tabScroll.step);
      await page.context().close();

      const traceOpened = await open(browser, traceUrl, '[data-testid="span-detail"]');
      trace.usable.push(traceOpened.doneMs);
      trace.task.push(traceOpened.taskMs);
      const traceScroll = await scrollThrough(traceOpened.page, '[data-testid="span-scroll"]', undefined);
      trace.scroll.push(traceScroll.task);
      trace.scrollStep.push(traceScroll.step);
      const select = await traceOpened.page.evaluate<number>(`new Promise((resolve) => {
        const rows = document.querySelectorAll('[data-testid="span-row"]');
        const row = rows[Math.floor(rows.length / 2)];
        const name = row.querySelector('.span-name').textContent;
        const start = performance.now();
        row.click();
        const check = () => {
          const title = document.querySelector('[data-testid="span-detail"] .span-detail-title');
          if (title && title.textContent === name) resolve(performance.now() - start);
          else requestAnimationFrame(check);
        };
        requestAnimationFrame(check);
      })`);
      trace.select.push(select);
      await traceOpened.page.context().close();
      console.log(
        `  rep ${rep + 1}: tab first rows ${tab.first.at(-1)?.toFixed(0)} ms, sort ${sort.toFixed(0)} ms, scroll task ${tab.scroll.at(-1)?.toFixed(0)} ms; trace usable ${trace.usable.at(-1)?.toFixed(0)} ms, scroll task ${trace.scroll.at(-1)?.toFixed(0)} ms, select ${select.toFixed(0)} ms`,
      );
    }
    console.log('');
    record({ scenario: 'tab-first-rows', samples: tab.first, note: `${TRACES} traces, first page of 100` });
    record({ scenario: 'tab-load-task', samples: tab.task });
    record({ scenario: 'tab-sort', samples: tab.sort, note: 'latency header → slowest on top' });
    record({ scenario: 'tab-scroll-task', samples: tab.scroll, note: 'scrolling to 1,000 loaded traces' });
    record({ scenario: 'tab-scroll-step', samples: tab.scrollStep, note: 'longest scroll step beyond its 16 ms pause' });
    record({ scenario: 'trace-usable', samples: trace.usable, note: `${SPANS} spans` });
    record({ scenario: 'trace-load-task', samples: trace.task });
    record({ scenario: 'trace-scroll-task', samples: trace.scroll, note: 'span list top to bottom, a screen per frame' });
    record({ scenario: 'trace-scroll-step', samples: trace.scrollStep, note: 'longest scroll step beyond its 16 ms pause' });
    record({ scenario: 'trace-select', samples: trace.select });
    const loadAfter = os.loadavg()[0] ?? 0;
    console.log(`load average ${loadBefore.toFixed(1)} → ${loadAfter.toFixed(1)} on ${os.cpus().length} CPUs`);
    mkdirSync('bench/results', { recursive: true });
    writeFileSync(
      'bench/results/traces.json',
      JSON.stringify({ date: new Date().toISOString(), reps: REPS, loadAverage: [loadBefore, loadAfter], results }, null, 2),
    );
  } finally {
    await browser?.close();
    server.stop();
  }
}

await main();
