// Trace search over N traces in one experiment (loaded with StartTraceV3, each with tags and request
// metadata like a client's): the first page of 100, newest first, without and with a filter, through
// MLflow 2.x's GET traces (what `mlflow.search_traces` and the Traces tab ask for).
import { forEachConcurrent, withQuery, type MlflowClient } from '../lib/client.js';
import { median, sampleMillis, seededRandom, timeIt } from '../lib/stats.js';
import type { BenchResult } from '../lib/results.js';

export const TRACES_FILTER = "attributes.status = 'OK' AND tags.team = 'a' AND attributes.execution_time_ms > 100";
const TEAMS = ['a', 'b', 'c'];
const LOAD_CONCURRENCY = 8;

export interface LoadedTraces {
  experimentId: string;
  count: number;
  tracesPerSecond: number;
}

export async function loadTraces(client: MlflowClient, count: number, seed: number): Promise<LoadedTraces> {
  const experimentId = await client.createExperiment(`bench-traces-${count}-${Date.now()}`);
  const random = seededRandom(seed);
  const now = Date.now();
  const timing = await timeIt(() =>
    forEachConcurrent(count, LOAD_CONCURRENCY, async (index) => {
      const duration = Math.floor(random() * 3000);
      await client.postRaw(
        '/api/3.0/mlflow/traces',
        JSON.stringify({
          trace: {
            trace_info: {
              trace_id: `tr-bench-${seed}-${index}`,
              trace_location: { type: 'MLFLOW_EXPERIMENT', mlflow_experiment: { experiment_id: experimentId } },
              request_preview: JSON.stringify({ question: `question ${index}` }),
              response_preview: JSON.stringify(`answer ${index}`),
              request_time: new Date(now - index * 1000).toISOString(),
              execution_duration: `${(duration / 1000).toFixed(3)}s`,
              state: random() < 0.1 ? 'ERROR' : 'OK',
              trace_metadata: {
                'mlflow.trace_schema.version': '3',
                'mlflow.trace.tokenUsage': '{"input_tokens": 300, "output_tokens": 40, "total_tokens": 340}',
              },
              tags: {
                'mlflow.traceName': 'qa_chain',
                team: TEAMS[Math.floor(random() * TEAMS.length)] ?? 'a',
                'mlflow.user': `user${index % 7}`,
              },
            },
          },
        }),
      );
    }),
  );
  return { experimentId, count, tracesPerSecond: count / (timing.wall / 1000) };
}

interface SearchAnswer {
  traces?: { status: string; timestamp_ms: number; execution_time_ms: number; tags?: { key: string; value: string }[] }[];
}

function searchPage(client: MlflowClient, experimentId: string, filter: string): Promise<string> {
  return client.getRaw(
    withQuery('/api/2.0/mlflow/traces', { experiment_ids: [experimentId], max_results: 100, ...(filter ? { filter } : {}) }),
  );
}

/** Checks the answer once (outside the timings): a full page, newest first, every trace matching. */
async function verify(client: MlflowClient, experimentId: string, filter: string): Promise<void> {
  const { traces = [] } = JSON.parse(await searchPage(client, experimentId, filter)) as SearchAnswer;
  if (traces.length !== 100) throw new Error(`traces search returned ${traces.length} traces, expected a full page of 100`);
  if (traces.some((trace, index) => index > 0 && trace.timestamp_ms > (traces[index - 1]?.timestamp_ms ?? Infinity))) {
    throw new Error('traces search is not ordered newest first');
  }
  const matches = (trace: NonNullable<SearchAnswer['traces']>[number]) =>
    trace.status === 'OK' && trace.execution_time_ms > 100 && trace.tags?.find((tag) => tag.key === 'team')?.value === 'a';
  if (filter && !traces.every(matches)) throw new Error('traces search returned a trace that does not match the filter');
}

export async function benchTraceSearch(client: MlflowClient, loaded: LoadedTraces, repetitions: number): Promise<BenchResult[]> {
  const size = loaded.count.toLocaleString('en-US');
  const results: BenchResult[] = [
    {
      id: `load_traces_${loaded.count}`,
      label: `trace logging (StartTraceV3), ${size} traces`,
      unit: 'traces/s',
      median: loaded.tracesPerSecond,
      samples: [loaded.tracesPerSecond],
      note: `${LOAD_CONCURRENCY} concurrent clients; each trace with 3 tags and 2 metadata entries`,
    },
  ];
  for (const filter of ['', TRACES_FILTER]) {
    await verify(client, loaded.experimentId, filter);
    const samples = await sampleMillis(() => searchPage(client, loaded.experimentId, filter), repetitions, 2);
    results.push({
      id: `traces_search_${filter ? 'filtered' : 'unfiltered'}_${loaded.count}`,
      label: `traces search ${filter ? 'filtered' : 'unfiltered'}, ${size} traces`,
      unit: 'ms',
      median: median(samples.wall),
      samples: samples.wall,
      serverCpu: samples.serverCpuPerRun,
      serverWaitShare: samples.serverWaitShare,
      target: { kind: 'max' as const, value: 100 },
      note: `${filter ? `filter \`${filter}\`, ` : ''}first page of 100, newest first`,
    });
  }
  return results;
}
