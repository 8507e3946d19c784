// Run page benchmark: a Playwright script (not a test). Starts its own bundled server (in-memory
// SQLite, a copy of the build), seeds one run through the REST API: 200 params, 500 metrics (10
// steps each), 10 tags and a 20 MB JSON artifact, then prints medians.
//
//   npx vite build && node --import tsx bench/run-page.bench.ts [--reps 5] [--port 5096] [--dist dist] [--json-mb 20] [--profile]
//
// --profile records a CPU profile of the page load in the first repetition, writes it to
// bench/results/profile/run-page-load.cpuprofile and prints where the time went (build with
// `npx vite build --minify false` for readable names).
//
// Scenarios (targets from the run page issue), each on a fresh page load:
//   run-usable      navigation start → run name and the parameters table on screen      ≤ 1000 ms
//   load-task       longest main-thread task from navigation until the page is usable    —
//   json-tree       click on the 20 MB JSON file → its tree on screen (parsed in a worker)    —
//   json-task       longest main-thread task from that click until 500 ms after the tree  ≤ 50 ms (no freeze)
//   json-expand     click on the big array → its first page of children on screen          —
//   json-expand-task longest main-thread task during the expand                             ≤ 50 ms
import type { Browser, Page } from '@playwright/test';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import {
  BENCH_CACHE_DIR,
  callApi,
  launchChromium,
  longestTaskExpression,
  pageProbe,
  readFlag,
  startBundledServer,
} from './lib/browser-bench';
import { summarizeProfile } from './lib/profile-summary';
import { median } from './lib/stats';

const args = process.argv.slice(2);
const REPS = Math.max(1, Number(readFlag(args, 'reps', '5')));
const PORT = Number(readFlag(args, 'port', '5096'));
const DIST = readFlag(args, 'dist', 'dist');
const JSON_MB = Number(readFlag(args, 'json-mb', '20'));
const PROFILE = args.includes('--profile');
const PARAMS = 200;
const METRICS = 500;
const STEPS = 10;

interface Result {
  scenario: string;
  target: string;
  samples: number[];
  note?: string;
}
const results: Result[] = [];

function record(result: Result): void {
  results.push(result);
  console.log(
    `${result.scenario.padEnd(17)} median ${median(result.samples).toFixed(1).padStart(8)} ms  target ${result.target.padEnd(9)} samples ${result.samples.map((sample) => sample.toFixed(0)).join(', ')}${result.note ? `  (${result.note})` : ''}`,
  );
}

/** A JSON document of about `megabytes` MB: an array of records with nested objects, plus metadata. */
function bigJson(megabytes: number): string {
  const records: unknown[] = [];
  let size = 0;
  for (let index = 0; size < megabytes * 1024 * 1024; index += 1) {
    const item = {
      id: index,
      name: `sample-${index}`,
      label: index % 3 === 0 ? 'cat' : index % 3 === 1 ? 'dog' : 'bird',
      scores: [Math.sin(index), Math.cos(index), (index % 97) / 97, (index % 13) / 13],
      features: { width: index % 640, height: index % 480, channels: 3, source: `s3://bucket/images/${index}.png` },
      tags: ['train', index % 10 === 0 ? 'hard' : 'easy'],
    };
    size += JSON.stringify(item).length + 1;
    records.push(item);
  }
  return JSON.stringify({ meta: { version: 3, created: '2026-01-01T00:00:00Z', count: records.length }, records });
}

async function seed(base: string): Promise<{ experimentId: string; runId: string; records: number; bytes: number }> {
  const call = <T = Record<string, unknown>>(path: string, body: unknown) => callApi<T>(base, path, body);
  const experimentId = (await call<{ experiment_id: string }>('experiments/create', { name: `bench-run-page-${Date.now()}` }))
    .experiment_id;
  const start = Date.now() - 3_600_000;
  const { run } = await call<{ run: { info: { run_id: string } } }>('runs/create', {
    experiment_id: experimentId,
    run_name: 'big-run',
    start_time: start,
    tags: Array.from({ length: 10 }, (_, index) => ({ key: `tag_${index}`, value: `value-${index}` })),
  });
  const runId = run.info.run_id;
  // log-batch takes at most 100 params and 1000 metrics per call.
  for (let offset = 0; offset < PARAMS; offset += 100) {
    await call('runs/log-batch', {
      run_id: runId,
      params: Array.from({ length: 100 }, (_, index) => ({ key: `param_${offset + index}`, value: String((offset + index) * 7) })),
    });
  }
  const points = Array.from({ length: METRICS * STEPS }, (_, index) => {
    const metric = index % METRICS;
    const step = Math.floor(index / METRICS);
    return { key: `metric_${metric}`, value: Math.sin(metric + step), timestamp: start + step * 1000, step };
  });
  for (let offset = 0; offset < points.length; offset += 1000)
    await call('runs/log-batch', { run_id: runId, metrics: points.slice(offset, offset + 1000) });
  await call('runs/update', { run_id: runId, status: 'FINISHED', end_time: start + 600_000 });
  const json = bigJson(JSON_MB);
  const response = await fetch(`${base}/api/2.0/mlflow-artifacts/artifacts/${experimentId}/${runId}/artifacts/big.json`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: json,
  });
  if (!response.ok) throw new Error(`artifact upload answered ${response.status}`);
  const records = (JSON.parse(json) as { meta: { count: number } }).meta.count;
  return { experimentId, runId, records, bytes: json.length };
}

/** Records when the run is usable (name + parameter rows on screen) and every long task. */
const LOAD_PROBE = pageProbe(
  '__usableAt',
  `document.querySelector('h1.run-title') && document.querySelector('table[aria-label="Parameters"] tbody tr')`,
);

/**
 * Clicks the element `target` (a page-side expression) finds, then resolves with the page time of
 * the click and of the first frame where `doneSelector` matches.
 */
const clickAndWait = (target: string, doneSelector: string) => `new Promise((resolve, reject) => {
  const target = ${target};
  if (!target) return reject(new Error('nothing to click'));
  const clickedAt = performance.now();
  const check = () => {
    if (document.querySelector(${JSON.stringify(doneSelector)})) resolve({ clickedAt, doneAt: performance.now() });
    else requestAnimationFrame(check);
  };
  target.click();
  requestAnimationFrame(check);
})`;

const JSON_FILE_BUTTON = `document.querySelector('nav[aria-label="Artifact files"] button[title="big.json"]')`;
const RECORDS_TOGGLE = `[...document.querySelectorAll('ul[aria-label="Tree of big.json"] .tree-toggle')].find((button) => button.textContent.includes('records'))`;

async function openRunPage(browser: Browser, url: string, profile = false): Promise<{ page: Page; usableMs: number; loadTaskMs: number }> {
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  const page = await context.newPage();
  await page.addInitScript(LOAD_PROBE);
  const cdp = profile ? await context.newCDPSession(page) : undefined;
  if (cdp) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
  }
  await page.goto(url);
  await page.waitForFunction('window.__usableAt !== undefined', undefined, { timeout: 60_000 });
  const usableMs = await page.evaluate<number>('window.__usableAt');
  const loadTaskMs = await page.evaluate<number>(longestTaskExpression(0, usableMs));
  if (cdp) {
    const { profile: data } = await cdp.send('Profiler.stop');
    mkdirSync('bench/results/profile', { recursive: true });
    const file = 'bench/results/profile/run-page-load.cpuprofile';
    writeFileSync(file, JSON.stringify(data));
    console.log(`\nCPU profile of the page load: ${file}\n${summarizeProfile(file, 30)}\n`);
  }
  return { page, usableMs, loadTaskMs };
}

async function main(): Promise<void> {
  const server = await startBundledServer({ port: PORT, dist: DIST, workDir: `${BENCH_CACHE_DIR}/run-page-${PORT}` });
  let browser: Browser | undefined;
  const loadBefore = os.loadavg()[0] ?? 0;
  try {
    const seeded = await seed(server.base);
    console.log(
      `seeded one run: ${PARAMS} params, ${METRICS} metrics × ${STEPS} steps, big.json ${(seeded.bytes / 1024 / 1024).toFixed(1)} MB (${seeded.records} records)`,
    );
    const url = `${server.base}/experiments/${seeded.experimentId}/runs/${seeded.runId}`;
    browser = await launchChromium();
    await (await openRunPage(browser, url)).page.context().close(); // warm-up

    const usable: number[] = [];
    const loadTasks: number[] = [];
    const treeTimes: number[] = [];
    const treeTasks: number[] = [];
    const expandTimes: number[] = [];
    const expandTasks: number[] = [];
    for (let rep = 0; rep < REPS; rep += 1) {
      const { page, usableMs, loadTaskMs } = await openRunPage(browser, url, PROFILE && rep === 0);
      usable.push(usableMs);
      loadTasks.push(loadTaskMs);

      // Artifacts tab, then the JSON file: parsed in a worker, the tree's root on screen.
      await page.getByRole('link', { name: 'Artifacts', exact: true }).click();
      await page.waitForSelector('nav[aria-label="Artifact files"] button[title="big.json"]');
      await page.waitForTimeout(300);
      const tree = await page.evaluate<{ clickedAt: number; doneAt: number }>(
        clickAndWait(JSON_FILE_BUTTON, 'ul[aria-label="Tree of big.json"] .tree-toggle'),
      );
      await page.waitForTimeout(500);
      treeTimes.push(tree.doneAt - tree.clickedAt);
      treeTasks.push(await page.evaluate<number>(longestTaskExpression(tree.clickedAt, tree.doneAt + 500)));

      // Expand the big array: the first page of records.
      const records = await page.evaluate<{ clickedAt: number; doneAt: number }>(
        clickAndWait(RECORDS_TOGGLE, 'ul[aria-label="Tree of big.json"] .tree-children .tree-children .tree-node'),
      );
      await page.waitForTimeout(500);
      expandTimes.push(records.doneAt - records.clickedAt);
      expandTasks.push(await page.evaluate<number>(longestTaskExpression(records.clickedAt, records.doneAt + 500)));
      await page.context().close();
      console.log(
        `  rep ${rep + 1}: usable ${usableMs.toFixed(0)} ms (longest task ${loadTaskMs.toFixed(0)} ms), JSON tree ${treeTimes.at(-1)?.toFixed(0)} ms (longest task ${treeTasks.at(-1)?.toFixed(0)} ms), expand ${expandTimes.at(-1)?.toFixed(0)} ms (longest task ${expandTasks.at(-1)?.toFixed(0)} ms)`,
      );
    }
    console.log('');
    record({ scenario: 'run-usable', target: '≤ 1000 ms', samples: usable, note: `${PARAMS} params, ${METRICS} metrics` });
    record({ scenario: 'load-task', target: '—', samples: loadTasks, note: 'longest main-thread task before usable' });
    record({
      scenario: 'json-tree',
      target: '—',
      samples: treeTimes,
      note: `${(seeded.bytes / 1024 / 1024).toFixed(1)} MB JSON, parsed in a worker`,
    });
    record({ scenario: 'json-task', target: '≤ 50 ms', samples: treeTasks, note: 'longest main-thread task while it loads' });
    record({ scenario: 'json-expand', target: '—', samples: expandTimes, note: `array of ${seeded.records} records, first page` });
    record({ scenario: 'json-expand-task', target: '≤ 50 ms', samples: expandTasks });
    const loadAfter = os.loadavg()[0] ?? 0;
    console.log(`load average ${loadBefore.toFixed(1)} → ${loadAfter.toFixed(1)} on ${os.cpus().length} CPUs`);
    mkdirSync('bench/results', { recursive: true });
    writeFileSync(
      'bench/results/run-page.json',
      JSON.stringify(
        { date: new Date().toISOString(), reps: REPS, jsonBytes: seeded.bytes, loadAverage: [loadBefore, loadAfter], results },
        null,
        2,
      ),
    );
  } finally {
    await browser?.close();
    server.stop();
  }
}

await main();
