// Ingest: log-batch calls of 1000 metrics over 10 runs (issue 13's shape), from one client and from 4 and 8 concurrent clients.
import { forEachConcurrent, type MlflowClient } from '../lib/client.js';
import { median, seededRandom, timeIt } from '../lib/stats.js';
import type { BenchResult } from '../lib/results.js';

export interface IngestOptions {
  runs: number;
  batchesPerRun: number;
  repetitions: number;
}

const KEYS = ['loss', 'accuracy', 'lr', 'grad_norm', 'throughput'];
const STEPS_PER_BATCH = 1000 / KEYS.length;

/** One run's log-batch bodies, serialized up front so the timing measures the server. */
function batchBodies(runId: string, batches: number, seed: number): string[] {
  const random = seededRandom(seed);
  const start = Date.now();
  const bodies: string[] = [];
  for (let batch = 0; batch < batches; batch += 1) {
    const metrics = [];
    for (let offset = 0; offset < STEPS_PER_BATCH; offset += 1) {
      const step = batch * STEPS_PER_BATCH + offset;
      for (const key of KEYS) metrics.push({ key, value: random(), timestamp: start + step * 10, step });
    }
    bodies.push(JSON.stringify({ run_id: runId, metrics }));
  }
  return bodies;
}

async function prepareRuns(client: MlflowClient, label: string, options: IngestOptions): Promise<string[][]> {
  const experimentId = await client.createExperiment(`bench-ingest-${label}-${Date.now()}`);
  const perRun: string[][] = [];
  for (let run = 0; run < options.runs; run += 1) {
    const runId = await client.createRun(experimentId, `ingest-${run}`);
    perRun.push(batchBodies(runId, options.batchesPerRun, run + 1));
  }
  return perRun;
}

/** Metrics per second (wall and server CPU), with `clients` clients each logging its own runs' batches in order. */
async function ingestOnce(
  client: MlflowClient,
  perRun: string[][],
  clients: number,
): Promise<{ rate: number; cpuRate?: number; waitShare?: number }> {
  const total = perRun.reduce((sum, bodies) => sum + bodies.length, 0) * 1000;
  const timing = await timeIt(() =>
    forEachConcurrent(clients, clients, async (clientIndex) => {
      for (let run = clientIndex; run < perRun.length; run += clients) {
        for (const body of perRun[run] ?? []) await client.postRaw('/api/2.0/mlflow/runs/log-batch', body);
      }
    }),
  );
  return {
    rate: total / (timing.wall / 1000),
    cpuRate: timing.serverCpu ? total / (timing.serverCpu / 1000) : undefined,
    waitShare: timing.serverWait === undefined ? undefined : timing.serverWait / timing.wall,
  };
}

export async function benchIngest(client: MlflowClient, options: IngestOptions): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  for (const clients of [1, 4, 8]) {
    const samples: number[] = [];
    const cpuRates: number[] = [];
    const waitShares: number[] = [];
    for (let repetition = 0; repetition < options.repetitions; repetition += 1) {
      const perRun = await prepareRuns(client, `${clients}c-${repetition}`, options);
      const { rate, cpuRate, waitShare } = await ingestOnce(client, perRun, clients);
      samples.push(rate);
      if (cpuRate !== undefined) cpuRates.push(cpuRate);
      if (waitShare !== undefined) waitShares.push(waitShare);
    }
    results.push({
      id: clients === 1 ? 'ingest_sequential' : `ingest_${clients}_clients`,
      label: clients === 1 ? 'log-batch ingest, 1 client' : `log-batch ingest, ${clients} clients`,
      unit: 'metrics/s',
      median: median(samples),
      samples,
      serverCpu: cpuRates.length > 0 ? median(cpuRates) : undefined,
      serverWaitShare: waitShares.length > 0 ? median(waitShares) : undefined,
      ...(clients === 1 ? { target: { kind: 'min' as const, value: 200_000 }, mlflowReference: 10_500 } : { mlflowReference: 14_500 }),
      note: `${options.runs} runs × ${options.batchesPerRun} batches of 1000 metrics (${KEYS.length} keys × ${STEPS_PER_BATCH} steps) per repetition`,
    });
  }
  return results;
}
