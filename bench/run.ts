// `npm run bench`: starts the real server (`node mock-server/start.mjs --no-build`) on a temp SQLite
// file, drives it over HTTP on 127.0.0.1 and prints medians next to the targets and MLflow 2.17.2's
// figures. Results also go to bench/results/latest.json. Not part of `npm test`. See bench/README.md.
//
//   npm run bench                            everything (~10 min; most of it loads 100,000 runs)
//   npm run bench -- --quick                 smaller data, fewer repetitions (smoke check)
//   npm run bench -- --only=ingest,search5k  some scenarios only
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
import { setServerClock } from './lib/stats.js';
import { benchBuckets, benchBulkInterval, benchHistory } from './scenarios/history.js';
import { benchIngest } from './scenarios/ingest.js';
import { benchSearch, loadSearchRuns } from './scenarios/search.js';
import { benchTraceSearch, loadTraces } from './scenarios/traces.js';

const SCENARIOS = ['ingest', 'history', 'bulk', 'buckets', 'search5k', 'search100k', 'traces'] as const;
type Scenario = (typeof SCENARIOS)[number];

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const keep = args.includes('--keep');
const profile = args.includes('--profile');
const onlyArg = args.find((arg) => arg.startsWith('--only='))?.slice('--only='.length);
const outArg = args.find((arg) => arg.startsWith('--out='))?.slice('--out='.length);
const storeUri = args.find((arg) => arg.startsWith('--store-uri='))?.slice('--store-uri='.length);
const selected = new Set<Scenario>(onlyArg ? (onlyArg.split(',') as Scenario[]) : SCENARIOS);
for (const name of selected) {
  if (!SCENARIOS.includes(name)) throw new Error(`unknown scenario '${name}'; choose from ${SCENARIOS.join(', ')}`);
}

const sizes = quick
  ? {
      ingestRepetitions: 2,
      batchesPerRun: 5,
      searchRepetitions: 5,
      largeRuns: 10_000,
      historySteps: 100_000,
      bucketPoints: 200_000,
      reps: 3,
    }
  : {
      ingestRepetitions: 5,
      batchesPerRun: 10,
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

async function runScenarios(server: ServerProcess, record: (...items: BenchResult[]) => void): Promise<void> {
  const client = new MlflowClient(server.baseUrl);
  setServerClock(() => server.clock());
  const memoryAtStart = server.memory();

  if (selected.has('ingest')) {
    log('ingest: 20 runs × 1000-metric log-batch calls, 1 client then 4 clients');
    record(...(await benchIngest(client, { runs: 20, batchesPerRun: sizes.batchesPerRun, repetitions: sizes.ingestRepetitions })));
  }
  if (selected.has('history')) {
    log(`get-history: loading a ${sizes.historySteps.toLocaleString('en-US')}-step metric`);
    record(await benchHistory(client, sizes.historySteps, sizes.reps));
  }
  if (selected.has('bulk')) {
    log('get-history-bulk-interval: loading 100 runs × 1,000 steps');
    record(await benchBulkInterval(client, 100, 1000, sizes.reps * 2));
  }
  if (selected.has('buckets')) {
    log(`get-history-buckets: loading a ${sizes.bucketPoints.toLocaleString('en-US')}-point series`);
    record(await benchBuckets(client, sizes.bucketPoints, sizes.reps));
  }
  if (selected.has('search5k')) {
    log('runs/search: loading 5,000 runs');
    const small = await loadSearchRuns(client, 5000, 1);
    log(`  loaded at ${Math.round(small.runsPerSecond)} runs/s`);
    record(...(await benchSearch(client, small, sizes.searchRepetitions, 15)));
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
    await runScenarios(server, (...items) => {
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
