// `npm run bench`: starts the real server (`node mock-server/start.mjs --no-build`) on a temp SQLite
// file, drives it over HTTP on 127.0.0.1 and prints medians next to the targets and MLflow 2.17.2's
// figures. Results also go to bench/results/latest.json. Not part of `npm test`. See bench/README.md.
//
//   npm run bench                            everything (~10 min; most of it loads 100,000 runs)
//   npm run bench -- --quick                 smaller data, fewer repetitions (smoke check)
//   npm run bench -- --only=ingest,search5k  some scenarios only
//   npm run bench -- --profile               also CPU-profile the server (bench/results/profile/)
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MlflowClient } from './lib/client.js';
import { serverProfile, summarizeProfile } from './lib/profile-summary.js';
import { formatValue, missBy, resultTable, type BenchResult } from './lib/results.js';
import { startServer, type ServerProcess } from './lib/server-process.js';
import { benchBuckets, benchBulkInterval, benchHistory } from './scenarios/history.js';
import { benchIngest } from './scenarios/ingest.js';
import { benchSearch, loadSearchRuns } from './scenarios/search.js';

const SCENARIOS = ['ingest', 'history', 'bulk', 'buckets', 'search5k', 'search100k'] as const;
type Scenario = (typeof SCENARIOS)[number];

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const keep = args.includes('--keep');
const profile = args.includes('--profile');
const onlyArg = args.find((arg) => arg.startsWith('--only='))?.slice('--only='.length);
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

function log(message: string): void {
  process.stdout.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

async function runScenarios(server: ServerProcess, results: BenchResult[]): Promise<void> {
  const client = new MlflowClient(server.baseUrl);
  const memoryAtStart = server.memory();

  if (selected.has('ingest')) {
    log('ingest: 20 runs × 1000-metric log-batch calls, 1 client then 4 clients');
    results.push(...(await benchIngest(client, { runs: 20, batchesPerRun: sizes.batchesPerRun, repetitions: sizes.ingestRepetitions })));
  }
  if (selected.has('history')) {
    log(`get-history: loading a ${sizes.historySteps.toLocaleString('en-US')}-step metric`);
    results.push(await benchHistory(client, sizes.historySteps, sizes.reps));
  }
  if (selected.has('bulk')) {
    log('get-history-bulk-interval: loading 100 runs × 1,000 steps');
    results.push(await benchBulkInterval(client, 100, 1000, sizes.reps * 2));
  }
  if (selected.has('buckets')) {
    log(`get-history-buckets: loading a ${sizes.bucketPoints.toLocaleString('en-US')}-point series`);
    results.push(await benchBuckets(client, sizes.bucketPoints, sizes.reps));
  }
  if (selected.has('search5k')) {
    log('runs/search: loading 5,000 runs');
    const small = await loadSearchRuns(client, 5000, 1);
    log(`  loaded at ${Math.round(small.runsPerSecond)} runs/s`);
    results.push(...(await benchSearch(client, small, sizes.searchRepetitions, 15)));
  }
  if (selected.has('search100k')) {
    log(`runs/search: loading ${sizes.largeRuns.toLocaleString('en-US')} runs (runs/create + one log-batch each, 8 clients)`);
    const large = await loadSearchRuns(client, sizes.largeRuns, 2, (done) => log(`  ${done.toLocaleString('en-US')} runs`));
    log(`  loaded at ${Math.round(large.runsPerSecond)} runs/s`);
    results.push({
      id: `load_runs_${large.count}`,
      label: `run loading (create + log-batch), ${large.count.toLocaleString('en-US')} runs`,
      unit: 'runs/s',
      median: large.runsPerSecond,
      samples: [large.runsPerSecond],
      note: '8 concurrent clients; each run: runs/create with 2 tags, then log-batch with 3 params and 3 metrics',
    });
    const afterLoad = server.memory();
    results.push(...(await benchSearch(client, large, sizes.searchRepetitions, large.count === 100_000 ? 150 : undefined)));
    const afterSearch = server.memory();
    if (afterLoad && afterSearch) {
      results.push({
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

async function main(): Promise<void> {
  const workDir = mkdtempSync(join(os.tmpdir(), 'runboard-bench-'));
  const dbPath = join(workDir, 'bench.db');
  const profileDir = join(resultsDir, 'profile');
  if (profile) {
    rmSync(profileDir, { recursive: true, force: true });
    mkdirSync(profileDir, { recursive: true });
  }
  const loadBefore = os.loadavg();
  log(`server data in ${workDir}${quick ? ' (quick mode)' : ''}; scenarios: ${[...selected].join(', ')}`);
  const server = await startServer({
    dbPath,
    artifactsDir: join(workDir, 'artifacts'),
    nodeArgs: profile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
  });
  const results: BenchResult[] = [];
  try {
    await runScenarios(server, results);
  } finally {
    await server.stop();
  }
  const dbMb = statSync(dbPath).size / 1024 / 1024;
  if (!keep) rmSync(workDir, { recursive: true, force: true });
  const loadAfter = os.loadavg();

  console.log(`\n${resultTable(results)}\n`);
  for (const result of results) {
    const miss = missBy(result);
    console.log(
      `- ${result.label}: ${formatValue(result.median, result.unit)}${miss ? `, target missed (${miss})` : ''}${result.note ? `. ${result.note}` : ''}`,
    );
  }
  console.log(
    `\nmachine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, load average ${loadBefore[0]?.toFixed(1)} → ${loadAfter[0]?.toFixed(1)}`,
  );
  if (profile) {
    const file = serverProfile(profileDir);
    if (file) console.log(`\n${summarizeProfile(file)}`);
  }

  const report = {
    date: new Date().toISOString(),
    mode: quick ? 'quick' : 'full',
    scenarios: [...selected],
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      memoryGb: Number((os.totalmem() / 1024 ** 3).toFixed(1)),
      node: process.version,
      loadAverageBefore: loadBefore,
      loadAverageAfter: loadAfter,
    },
    databaseMb: Number(dbMb.toFixed(1)),
    results,
  };
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(join(resultsDir, 'latest.json'), JSON.stringify(report, null, 2) + '\n');
  log(`wrote bench/results/latest.json (database ${dbMb.toFixed(0)} MB)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
