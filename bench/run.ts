// `npm run bench`: starts the real server (`node mock-server/start.mjs --no-build`) on a temp SQLite
// file, drives it over HTTP on 127.0.0.1 and prints medians next to the targets and MLflow 2.17.2's
// figures. Results also go to bench/results/latest.json. Not part of `npm test`. See bench/README.md.
//
//   npm run bench                            everything (~10 min; most of it loads 100,000 runs)
//   npm run bench -- --quick                 smaller data, fewer repetitions (smoke check)
//   npm run bench -- --only=ingest,search5k  some scenarios only (search1m runs only when named here)
//   npm run bench -- --profile               also CPU-profile the server (bench/results/profile/)
//   npm run bench -- --out=path.json         write the results somewhere else than bench/results/latest.json
//   npm run bench -- --store-uri=postgresql://...   run the server on that (empty) database instead of a SQLite file
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MlflowClient } from './lib/client.js';
import { serverProfile, summarizeProfile } from './lib/profile-summary.js';
import { formatShare, formatValue, missBy, resultTable, type BenchResult } from './lib/results.js';
import { startServer, type ServerProcess } from './lib/server-process.js';
import BetterSqlite3 from 'better-sqlite3';
import { setBackgroundWorkProbe, setServerClock } from './lib/stats.js';
import { bulkLoadRuns } from './scenarios/bulk-load.js';
import { benchBuckets, benchBulkInterval, benchHistory, loadHistorySeries, type HistorySeries } from './scenarios/history.js';
import { benchIngest } from './scenarios/ingest.js';
import { benchSearch, loadSearchRuns } from './scenarios/search.js';
import { benchTraceSearch, loadTraces } from './scenarios/traces.js';

const SCENARIOS = ['ingest', 'history', 'history50k', 'bulk', 'buckets', 'search2k', 'search5k', 'search100k', 'search1m', 'traces'] as const;
/** Not run unless named in --only: the million runs take minutes to load and ~1 GB of disk. */
const OPT_IN: readonly Scenario[] = ['search1m'];
type Scenario = (typeof SCENARIOS)[number];

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const keep = args.includes('--keep');
const profile = args.includes('--profile');
const onlyArg = args.find((arg) => arg.startsWith('--only='))?.slice('--only='.length);
const outArg = args.find((arg) => arg.startsWith('--out='))?.slice('--out='.length);
const storeUri = args.find((arg) => arg.startsWith('--store-uri='))?.slice('--store-uri='.length);
const selected = new Set<Scenario>(onlyArg ? (onlyArg.split(',') as Scenario[]) : SCENARIOS.filter((name) => !OPT_IN.includes(name)));
for (const name of selected) {
  if (!SCENARIOS.includes(name)) throw new Error(`unknown scenario '${name}'; choose from ${SCENARIOS.join(', ')}`);
}

const sizes = quick
  ? {
      ingestRepetitions: 2,
      batchesPerRun: 10,
      searchRepetitions: 5,
      largeRuns: 10_000,
      historySteps: 100_000,
      bucketPoints: 200_000,
      reps: 3,
    }
  : {
      ingestRepetitions: 5,
      batchesPerRun: 20,
      searchRepetitions: 15,
      largeRuns: 100_000,
      historySteps: 100_000,
      bucketPoints: 1_000_000,
      reps: 7,
    };

const benchDir = dirname(fileURLToPath(import.meta.url));
const resultsDir = join(benchDir, 'results');
const outFile = outArg ? resolve(outArg) : join(resultsDir, 'latest.json');

function log(message: string): void {
  process.stdout.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

async function runScenarios(server: ServerProcess, dbPath: string, record: (...items: BenchResult[]) => void): Promise<void> {
  const client = new MlflowClient(server.baseUrl);
  setServerClock(() => server.clock());
  if (!storeUri) {
    setBackgroundWorkProbe(() => {
      const sqlite = new BetterSqlite3(dbPath, { readonly: true, fileMustExist: true });
      try {
        return sqlite.prepare('SELECT 1 FROM metric_summary_stale LIMIT 1').get() !== undefined;
      } finally {
        sqlite.close();
      }
    });
  }
  const memoryAtStart = server.memory();

  if (selected.has('ingest')) {
    log('ingest: 10 runs × 1000-metric log-batch calls, 1 client then 4 and 8 clients');
    record(...(await benchIngest(client, { runs: 10, batchesPerRun: sizes.batchesPerRun, repetitions: sizes.ingestRepetitions })));
  }
  if (selected.has('history')) {
    log(`get-history: loading a ${sizes.historySteps.toLocaleString('en-US')}-step metric`);
    record(await benchHistory(client, await loadHistorySeries(client, sizes.historySteps), sizes.reps));
  }
  // The 50,000-step history is measured again after each large load, to see it at scale.
  let history50k: HistorySeries | undefined;
  let runsInStore = 0;
  const historyAtScale = async (): Promise<void> => {
    if (history50k) record(await benchHistory(client, history50k, sizes.reps, runsInStore));
  };
  if (selected.has('history50k')) {
    log('get-history: loading a 50,000-step metric');
    history50k = await loadHistorySeries(client, 50_000);
    record(await benchHistory(client, history50k, sizes.reps));
  }
  if (selected.has('bulk')) {
    log('get-history-bulk-interval: loading 100 runs × 1,000 steps');
    record(await benchBulkInterval(client, 100, 1000, sizes.reps * 2));
  }
  if (selected.has('buckets')) {
    log(`get-history-buckets: loading a ${sizes.bucketPoints.toLocaleString('en-US')}-point series`);
    record(await benchBuckets(client, sizes.bucketPoints, sizes.reps));
  }
  if (selected.has('search2k')) {
    log('runs/search: loading 2,000 runs');
    const small = await loadSearchRuns(client, 2000, 3);
    runsInStore += small.count;
    log(`  loaded at ${Math.round(small.runsPerSecond)} runs/s`);
    record(...(await benchSearch(client, small, sizes.searchRepetitions, 4)));
  }
  if (selected.has('search5k')) {
    log('runs/search: loading 5,000 runs');
    const small = await loadSearchRuns(client, 5000, 1);
    runsInStore += small.count;
    log(`  loaded at ${Math.round(small.runsPerSecond)} runs/s`);
    record(...(await benchSearch(client, small, sizes.searchRepetitions, 15)));
    await historyAtScale();
  }
  if (selected.has('traces')) {
    log('traces: loading 10,000 traces (StartTraceV3, 8 clients)');
    const traces = await loadTraces(client, 10_000, 3);
    log(`  loaded at ${Math.round(traces.tracesPerSecond)} traces/s`);
    record(...(await benchTraceSearch(client, traces, Math.max(sizes.reps, 5))));
  }
  if (selected.has('search100k')) {
    log(`runs/search: loading ${sizes.largeRuns.toLocaleString('en-US')} runs (runs/create + one log-batch each, 8 clients)`);
    const large = await loadSearchRuns(client, sizes.largeRuns, 2, (done) => log(`  ${done.toLocaleString('en-US')} runs`));
    runsInStore += large.count;
    log(`  loaded at ${Math.round(large.runsPerSecond)} runs/s`);
    record({
      id: `load_runs_${large.count}`,
      label: `run loading (create + log-batch), ${large.count.toLocaleString('en-US')} runs`,
      unit: 'runs/s',
      median: large.runsPerSecond,
      samples: [large.runsPerSecond],
      serverCpu: large.runsPerServerCpuSecond,
      serverWaitShare: large.serverWaitShare,
      note: '8 concurrent clients; each run: runs/create with 2 tags, then log-batch with 3 params and 3 metrics',
    });
    const afterLoad = server.memory();
    record(...(await benchSearch(client, large, sizes.searchRepetitions, large.count === 100_000 ? 150 : undefined)));
    const afterSearch = server.memory();
    if (afterLoad && afterSearch) {
      record({
        id: `rss_after_${large.count}_runs`,
        label: `server RSS after loading ${large.count.toLocaleString('en-US')} runs`,
        unit: 'MB',
        median: afterLoad.rssMb,
        samples: [afterLoad.rssMb],
        target: { kind: 'max', value: 400 },
        note:
          `VmRSS right after the load, in the process that also ran the benchmarks above; ${afterSearch.rssMb.toFixed(0)} MB after ` +
          `the searches, peak (VmHWM) ${afterSearch.peakRssMb.toFixed(0)} MB` +
          (memoryAtStart ? `, ${memoryAtStart.rssMb.toFixed(0)} MB at startup` : ''),
      });
    }
    await historyAtScale();
  }
  if (selected.has('search1m')) {
    // 100,000 runs, then 1,000,000 more in a second experiment, each measured in its own experiment.
    for (const count of quick ? [20_000, 200_000] : [100_000, 1_000_000]) {
      log(`runs/search: bulk-inserting ${count.toLocaleString('en-US')} runs into the database (not through HTTP)`);
      const loaded = await bulkLoadRuns(client, storeUri ?? dbPath, count, 5 + count, (done) => log(`  ${done.toLocaleString('en-US')} runs`));
      runsInStore += loaded.count;
      log(`  inserted at ${Math.round(loaded.runsPerSecond)} runs/s`);
      const results = await benchSearch(client, loaded, sizes.searchRepetitions, undefined);
      record(...results.map((result) => ({ ...result, id: `${result.id}_bulk`, label: `${result.label} (bulk-inserted)` })));
      await historyAtScale();
    }
  }
}

function printResult(result: BenchResult): void {
  const miss = missBy(result);
  const extras = [
    result.serverCpu === undefined ? '' : `server CPU only: ${formatValue(result.serverCpu, result.unit)}`,
    result.serverWaitShare === undefined ? '' : `server waited for a CPU ${formatShare(result.serverWaitShare)} of the time`,
  ].filter(Boolean);
  const cpu = extras.length > 0 ? ` (${extras.join('; ')})` : '';
  const figure = `${formatValue(result.median, result.unit)}${cpu}${miss ? `, target missed (${miss})` : ''}`;
  log(`  ${result.label}: ${figure}${result.note ? `. ${result.note}` : ''}`);
}

async function main(): Promise<void> {
  const workDir = mkdtempSync(join(os.tmpdir(), 'runboard-bench-'));
  const dbPath = join(workDir, 'bench.db');
  const profileDir = join(resultsDir, 'profile');
  if (profile) {
    rmSync(profileDir, { recursive: true, force: true });
    mkdirSync(profileDir, { recursive: true });
  }
  const loadBefore = os.loadavg();
  const results: BenchResult[] = [];
  const writeReport = (complete: boolean): void => {
    const report = {
      date: new Date().toISOString(),
      complete,
      mode: quick ? 'quick' : 'full',
      scenarios: [...selected],
      machine: {
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model,
        memoryGb: Number((os.totalmem() / 1024 ** 3).toFixed(1)),
        node: process.version,
        loadAverageBefore: loadBefore,
        loadAverageNow: os.loadavg(),
      },
      store: storeUri ? storeUri.replace(/\/\/[^@/]*@/, '//') : 'sqlite',
      databaseMb: existsSync(dbPath) ? Number((statSync(dbPath).size / 1024 / 1024).toFixed(1)) : undefined,
      results,
    };
    mkdirSync(dirname(outFile), { recursive: true });
    writeFileSync(outFile, JSON.stringify(report, null, 2) + '\n');
  };

  log(`server data in ${workDir}${quick ? ' (quick mode)' : ''}; scenarios: ${[...selected].join(', ')}`);
  const server = await startServer({
    dbPath,
    ...(storeUri ? { backendStoreUri: storeUri } : {}),
    artifactsDir: join(workDir, 'artifacts'),
    nodeArgs: profile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
  });
  // Ctrl-C: stop the server, keep what was measured so far.
  const interrupt = (): void => {
    log('interrupted: stopping the server, keeping the results so far');
    writeReport(false);
    void server.stop().finally(() => {
      if (!keep) rmSync(workDir, { recursive: true, force: true });
      process.exit(130);
    });
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  try {
    await runScenarios(server, dbPath, (...items) => {
      results.push(...items);
      items.forEach(printResult);
      writeReport(false);
    });
  } finally {
    await server.stop();
  }
  writeReport(true);
  if (!keep) rmSync(workDir, { recursive: true, force: true });

  console.log(`\n${resultTable(results)}\n`);
  const loadAfter = os.loadavg();
  console.log(
    `machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, load average ${loadBefore[0]?.toFixed(1)} → ${loadAfter[0]?.toFixed(1)}`,
  );
  if (profile) {
    const file = serverProfile(profileDir);
    if (file) console.log(`\n${summarizeProfile(file)}`);
  }
  log(`wrote ${relative(process.cwd(), outFile)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
