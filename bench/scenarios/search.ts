// runs/search over N runs, each with a few params, metrics and tags (loaded with runs/create +
// one log-batch per run): a filtered first page ordered by a metric, and an unfiltered one.
import { forEachConcurrent, type MlflowClient } from '../lib/client.js';
import { median, sampleMillis, seededRandom, waitForServerIdle, timeIt } from '../lib/stats.js';
import type { BenchResult } from '../lib/results.js';

export const SEARCH_FILTER = "metrics.acc > 0.5 and params.model = 'rf' and tags.team = 'a'";
const MODELS = ['rf', 'xgboost', 'logreg'];
const TEAMS = ['a', 'b', 'c'];
const LOAD_CONCURRENCY = 8;

export interface LoadedRuns {
  experimentId: string;
  count: number;
  runsPerSecond: number;
  /** Runs per second of server CPU time. */
  runsPerServerCpuSecond?: number;
  /** Share of the load's wall time the server waited for a CPU. */
  serverWaitShare?: number;
}

/** Creates `count` runs with tags at creation and params + metrics in one log-batch each. */
export async function loadSearchRuns(
  client: MlflowClient,
  count: number,
  seed: number,
  onProgress?: (done: number) => void,
): Promise<LoadedRuns> {
  const experimentId = await client.createExperiment(`bench-search-${count}-${Date.now()}`);
  const random = seededRandom(seed);
  const now = Date.now();
  let done = 0;
  const timing = await timeIt(() =>
    forEachConcurrent(count, LOAD_CONCURRENCY, async (index) => {
      // Every random draw before the first await: the data must not depend on the clients' interleaving.
      const team = TEAMS[Math.floor(random() * TEAMS.length)] ?? 'a';
      const model = MODELS[Math.floor(random() * MODELS.length)] ?? 'rf';
      const params = [
        { key: 'model', value: model },
        { key: 'max_depth', value: String(2 + Math.floor(random() * 10)) },
        { key: 'n_estimators', value: String(50 * (1 + Math.floor(random() * 10))) },
      ];
      const [acc, auc, loss] = [random(), 0.5 + random() / 2, random() * 2];
      const { run } = await client.post<{ run: { info: { run_id: string } } }>('runs/create', {
        experiment_id: experimentId,
        run_name: `run-${index}`,
        start_time: now - index * 1000,
        tags: [
          { key: 'team', value: team },
          { key: 'mlflow.user', value: `user${index % 7}` },
        ],
      });
      const timestamp = now + index;
      await client.post('runs/log-batch', {
        run_id: run.info.run_id,
        params,
        metrics: [
          { key: 'acc', value: acc, timestamp, step: 0 },
          { key: 'auc', value: auc, timestamp, step: 0 },
          { key: 'loss', value: loss, timestamp, step: 0 },
        ],
      });
      done += 1;
      if (onProgress && done % 10_000 === 0) onProgress(done);
    }),
  );
  return {
    experimentId,
    count,
    runsPerSecond: count / (timing.wall / 1000),
    runsPerServerCpuSecond: timing.serverCpu ? count / (timing.serverCpu / 1000) : undefined,
    serverWaitShare: timing.serverWait === undefined ? undefined : timing.serverWait / timing.wall,
  };
}

interface SearchResponse {
  runs?: { info?: { run_id: string }; data?: { metrics?: { key: string; value: number }[]; params?: { key: string; value: string }[] } }[];
}

async function searchPage(client: MlflowClient, experimentId: string, filter: string, maxResults = 100): Promise<string> {
  return client.postRaw(
    '/api/2.0/mlflow/runs/search',
    JSON.stringify({ experiment_ids: [experimentId], filter, max_results: maxResults, order_by: ['metrics.acc DESC'] }),
  );
}

/**
 * Checks the answer once (outside the timings): the first page is the start of the first 1,000
 * (a full page unless fewer runs match), in order, every run matching.
 */
async function verifySearch(client: MlflowClient, experimentId: string, filter: string): Promise<void> {
  const { runs = [] } = JSON.parse(await searchPage(client, experimentId, filter)) as SearchResponse;
  const { runs: longer = [] } = JSON.parse(await searchPage(client, experimentId, filter, 1000)) as SearchResponse;
  const ids = (list: SearchResponse['runs'] & object) => list.map((run) => run.info?.run_id);
  if (runs.length !== Math.min(100, longer.length) || JSON.stringify(ids(runs)) !== JSON.stringify(ids(longer).slice(0, 100))) {
    throw new Error(`runs/search returned ${runs.length} runs, not the first ${Math.min(100, longer.length)} of the longer answer`);
  }
  if (runs.length < 20) throw new Error(`runs/search matched only ${runs.length} runs: the data is not what the benchmark expects`);
  const accs = runs.map((run) => run.data?.metrics?.find((metric) => metric.key === 'acc')?.value ?? NaN);
  if (accs.some((acc, index) => index > 0 && acc > (accs[index - 1] ?? Infinity)))
    throw new Error('runs/search is not ordered by metrics.acc DESC');
  if (filter && runs.some((run) => run.data?.params?.find((param) => param.key === 'model')?.value !== 'rf')) {
    throw new Error('runs/search returned a run that does not match the filter');
  }
}

export async function benchSearch(
  client: MlflowClient,
  loaded: LoadedRuns,
  repetitions: number,
  target: number | undefined,
): Promise<BenchResult[]> {
  const size = loaded.count.toLocaleString('en-US');
  const results: BenchResult[] = [];
  for (const filter of [SEARCH_FILTER, '']) {
    await waitForServerIdle();
    await verifySearch(client, loaded.experimentId, filter);
    const samples = await sampleMillis(() => searchPage(client, loaded.experimentId, filter), repetitions, 2);
    results.push({
      id: `search_${filter ? 'filtered' : 'unfiltered'}_${loaded.count}`,
      label: filter ? `runs/search filtered, ${size} runs` : `runs/search unfiltered, ${size} runs`,
      unit: 'ms',
      median: median(samples.wall),
      samples: samples.wall,
      serverCpu: samples.serverCpuPerRun,
      serverWaitShare: samples.serverWaitShare,
      ...(filter && target !== undefined ? { target: { kind: 'max' as const, value: target } } : {}),
      ...(filter && loaded.count === 5000 ? { mlflowReference: 187 } : filter && loaded.count === 2000 ? { mlflowReference: 68 } : {}),
      note: `${filter ? `filter \`${filter}\`, ` : ''}first page of 100 ordered by metrics.acc DESC`,
    });
  }
  return results;
}
