// Team load on SQLite with `--workers 1` against `--workers 2` (the same session, alternating, each
// repetition on a fresh server and database): log-batch ingest with 1 and 8 clients, then 50
// concurrent clients mixing searches, history reads and writes for a fixed time (errors, p50, p99).
// Not part of `npm test`; figures and how to read them in bench/README.md.
//
//   node --import tsx bench/team.ts                         3 repetitions × workers 1 and 2, 60 s mixes
//   node --import tsx bench/team.ts --reps=1 --duration=10  a smoke run
//   node --import tsx bench/team.ts --workers=1,2,4         other worker counts
//   node --import tsx bench/team.ts --postgres=postgresql://postgres@127.0.0.1:5432/postgres
//                                    also on PostgreSQL: a fresh database on that server per repetition
//   node --import tsx bench/team.ts --postgres=… --stores=postgresql   PostgreSQL only
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createDatabaseOn } from '../mock-server/test/support/test-store.js';
import { forEachConcurrent, MlflowClient, withQuery } from './lib/client.js';
import { startServer } from './lib/server-process.js';
import { median, seededRandom } from './lib/stats.js';

const args = process.argv.slice(2);
function numberArg(name: string, fallback: number): number {
  const value = args.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
  return value === undefined ? fallback : Number(value);
}
const repetitions = numberArg('reps', 3);
const mixSeconds = numberArg('duration', 60);
const workerCounts = (args.find((arg) => arg.startsWith('--workers='))?.slice('--workers='.length) ?? '1,2').split(',').map(Number);
/** A PostgreSQL server's admin URI: each repetition also runs there, on a database of its own. */
const postgresAdminUri = args.find((arg) => arg.startsWith('--postgres='))?.slice('--postgres='.length);
type Backend = 'sqlite' | 'postgresql';
const storesArg = args.find((arg) => arg.startsWith('--stores='))?.slice('--stores='.length);
const backends: Backend[] = storesArg ? (storesArg.split(',') as Backend[]) : postgresAdminUri ? ['sqlite', 'postgresql'] : ['sqlite'];
if (backends.includes('postgresql') && !postgresAdminUri) throw new Error('--stores=postgresql needs --postgres=<admin URI>');

const SEARCH_RUNS = 2000;
const MIX_CLIENTS = 50;
/** Share of the mix's requests that write (log-batch of 100 metrics, or a tag). */
const WRITE_SHARE = 0.2;
const INGEST_RUNS = 16;
const INGEST_BATCHES_PER_RUN = 5;
const METRIC_KEYS = ['loss', 'accuracy', 'lr', 'grad_norm', 'throughput'];

function log(message: string): void {
  process.stdout.write(`[team ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

function percentile(sorted: readonly number[], share: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)] ?? Number.NaN;
}

/** 1000-metric log-batch bodies for one run (5 keys × 200 steps per batch). */
function ingestBodies(runId: string, batches: number, seed: number): string[] {
  const random = seededRandom(seed);
  const bodies: string[] = [];
  for (let batch = 0; batch < batches; batch += 1) {
    const metrics = [];
    for (let offset = 0; offset < 1000 / METRIC_KEYS.length; offset += 1) {
      const step = batch * 200 + offset;
      for (const key of METRIC_KEYS) metrics.push({ key, value: random(), timestamp: 1_700_000_000_000 + step, step });
    }
    bodies.push(JSON.stringify({ run_id: runId, metrics }));
  }
  return bodies;
}

async function ingest(client: MlflowClient, clients: number): Promise<number> {
  const experimentId = await client.createExperiment(`ingest-${clients}-${Date.now()}`);
  const perRun: string[][] = [];
  for (let run = 0; run < INGEST_RUNS; run += 1) {
    perRun.push(ingestBodies(await client.createRun(experimentId, `ingest-${run}`), INGEST_BATCHES_PER_RUN, run + 1));
  }
  const started = performance.now();
  await forEachConcurrent(clients, clients, async (clientIndex) => {
    for (let run = clientIndex; run < perRun.length; run += clients) {
      for (const body of perRun[run] ?? []) await client.postRaw('/api/2.0/mlflow/runs/log-batch', body);
    }
  });
  return (INGEST_RUNS * INGEST_BATCHES_PER_RUN * 1000) / ((performance.now() - started) / 1000);
}

/** An experiment of SEARCH_RUNS runs with params, tags and metrics to search, loaded by 8 clients. */
async function seedSearchRuns(client: MlflowClient): Promise<{ experimentId: string; runIds: string[] }> {
  const experimentId = await client.createExperiment(`search-${Date.now()}`);
  const random = seededRandom(7);
  const runIds: string[] = [];
  await forEachConcurrent(SEARCH_RUNS, 8, async (index) => {
    const runId = await client.createRun(experimentId, `run-${index}`, [{ key: 'team', value: ['a', 'b', 'c'][index % 3] ?? 'a' }]);
    const metrics = Array.from({ length: 20 }, (_, step) => ({ key: 'acc', value: random(), timestamp: 1_700_000_000_000 + step, step }));
    metrics.push({ key: 'loss', value: random(), timestamp: 1_700_000_000_000, step: 0 });
    await client.post('runs/log-batch', {
      run_id: runId,
      metrics,
      params: [
        { key: 'model', value: ['rf', 'xgboost', 'logreg'][index % 3] ?? 'rf' },
        { key: 'depth', value: String(index % 10) },
      ],
    });
    runIds.push(runId);
  });
  return { experimentId, runIds };
}

interface MixResult {
  requests: number;
  errors: number;
  firstError?: string;
  p50: number;
  p99: number;
  perSecond: number;
}

/** MIX_CLIENTS clients, each in a loop: mostly searches and history reads, some writes. */
async function mix(client: MlflowClient, experimentId: string, runIds: readonly string[]): Promise<MixResult> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const deadline = performance.now() + mixSeconds * 1000;
  const clientLoop = async (index: number): Promise<void> => {
    const random = seededRandom(100 + index);
    const ownRun = await client.createRun(experimentId, `mix-writer-${index}`);
    let step = 0;
    while (performance.now() < deadline) {
      const pick = random();
      const started = performance.now();
      try {
        if (pick < WRITE_SHARE / 2) {
          const metrics = Array.from({ length: 100 }, (_, offset) => ({
            key: 'mix',
            value: random(),
            timestamp: 1_700_000_000_000,
            step: step + offset,
          }));
          step += 100;
          await client.post('runs/log-batch', { run_id: ownRun, metrics });
        } else if (pick < WRITE_SHARE) {
          await client.post('runs/set-tag', { run_id: ownRun, key: `tag-${step % 10}`, value: String(step) });
        } else if (pick < 0.75) {
          await client.post('runs/search', {
            experiment_ids: [experimentId],
            filter: "metrics.acc > 0.5 and params.model = 'rf'",
            max_results: 100,
            order_by: ['metrics.acc DESC'],
          });
        } else {
          const runId = runIds[Math.floor(random() * runIds.length)] ?? '';
          await client.getRaw(withQuery('/api/2.0/mlflow/metrics/get-history', { run_id: runId, metric_key: 'acc' }));
        }
        latencies.push(performance.now() - started);
      } catch (error) {
        errors += 1;
        firstError ??= (error as Error).message;
      }
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: MIX_CLIENTS }, (_, index) => clientLoop(index)));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length + errors,
    errors,
    ...(firstError ? { firstError } : {}),
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    perSecond: latencies.length / seconds,
  };
}

interface Repetition {
  backend: Backend;
  workers: number;
  ingest1: number;
  ingest8: number;
  mix: MixResult;
}

let databases = 0;

async function analyze(databaseUri: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUri });
  await client.connect();
  try {
    await client.query('ANALYZE');
  } finally {
    await client.end();
  }
}

async function repetition(backend: Backend, workers: number): Promise<Repetition> {
  const folder = mkdtempSync(join(os.tmpdir(), 'runboard-team-bench-'));
  const databaseUri =
    backend === 'postgresql' && postgresAdminUri
      ? await createDatabaseOn(postgresAdminUri, `team_bench_${process.pid}_${(databases += 1)}`)
      : undefined;
  const server = await startServer({
    dbPath: join(folder, 'bench.db'),
    ...(databaseUri ? { backendStoreUri: databaseUri } : {}),
    artifactsDir: join(folder, 'artifacts'),
    extraArgs: ['--workers', String(workers)],
    timeoutMs: 120_000,
  });
  try {
    const client = new MlflowClient(server.baseUrl);
    const ingest1 = await ingest(client, 1);
    const ingest8 = await ingest(client, 8);
    const { experimentId, runIds } = await seedSearchRuns(client);
    // The mix starts seconds after 2,000 runs were loaded. PostgreSQL's autovacuum analyzes
    // tables that grew this much within its naptime (a minute), and until then plans with the
    // statistics of the ingest phase, which had no `acc` metric or `model` param: the searches
    // then ran 1.9 s instead of 2 ms. The mix measures the steady state after that analyze.
    if (databaseUri) await analyze(databaseUri);
    const mixed = await mix(client, experimentId, runIds);
    return { backend, workers, ingest1, ingest8, mix: mixed };
  } finally {
    await server.stop();
    rmSync(folder, { recursive: true, force: true });
  }
}

const results: Repetition[] = [];
log(
  `load average at start: ${os
    .loadavg()
    .map((value) => value.toFixed(1))
    .join(' ')} on ${os.cpus().length} CPUs`,
);
for (let index = 0; index < repetitions; index += 1) {
  // Alternate the configurations so a change in the machine's load hits them alike.
  for (const [backend, workers] of backends.flatMap((backend) => workerCounts.map((workers) => [backend, workers] as const))) {
    const result = await repetition(backend, workers);
    results.push(result);
    log(
      `${backend} workers=${workers} rep ${index + 1}: ingest 1 client ${Math.round(result.ingest1)} metrics/s, 8 clients ${Math.round(result.ingest8)} metrics/s; ` +
        `mix ${MIX_CLIENTS} clients ${mixSeconds}s: ${result.mix.requests} requests, ${result.mix.errors} errors, ` +
        `p50 ${result.mix.p50.toFixed(0)} ms, p99 ${result.mix.p99.toFixed(0)} ms, ${result.mix.perSecond.toFixed(0)} req/s` +
        (result.mix.firstError ? ` (first error: ${result.mix.firstError})` : '') +
        ` | load ${os.loadavg()[0]?.toFixed(1) ?? '?'}`,
    );
  }
}

log(
  `medians of ${repetitions} repetitions; load average at the end: ${os
    .loadavg()
    .map((value) => value.toFixed(1))
    .join(' ')}`,
);
process.stdout.write(
  '\n| Store | Workers | Ingest, 1 client | Ingest, 8 clients | Mix: requests/s | Mix: p50 | Mix: p99 | Mix: errors |\n|---|---|---|---|---|---|---|---|\n',
);
for (const [backend, workers] of backends.flatMap((backend) => workerCounts.map((workers) => [backend, workers] as const))) {
  const mine = results.filter((result) => result.backend === backend && result.workers === workers);
  const med = (pick: (result: Repetition) => number): number => median(mine.map(pick));
  process.stdout.write(
    `| ${backend} | ${workers} | ${Math.round(med((r) => r.ingest1)).toLocaleString('en-US')} metrics/s | ${Math.round(med((r) => r.ingest8)).toLocaleString('en-US')} metrics/s | ` +
      `${med((r) => r.mix.perSecond).toFixed(0)} | ${med((r) => r.mix.p50).toFixed(0)} ms | ${med((r) => r.mix.p99).toFixed(0)} ms | ` +
      `${mine.reduce((sum, r) => sum + r.mix.errors, 0)} |\n`,
  );
}
