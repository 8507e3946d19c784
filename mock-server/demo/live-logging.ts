// While `--demo` serves, the demo's RUNNING runs keep training: every tick each of them logs the
// next step of each of its metrics (loss-like keys drift down, accuracy-like keys up, with noise),
// so live tables and charts can be watched. Stopped on shutdown; tests that load the demo never
// start it.
import type { FastifyInstance } from 'fastify';
import type { Metric, Run } from '../../src/lib/mlflow/wire-types.js';
import { DemoApi } from './demo-api.js';
import { SWEEP_EXPERIMENT } from './image-classifier-sweep.js';
import { PRETRAINING_EXPERIMENT } from './long-pretraining.js';
import { TABULAR_EXPERIMENT } from './tabular-baselines.js';

export const LIVE_LOGGING_INTERVAL_MS = 1_000;
const DEMO_EXPERIMENTS = [SWEEP_EXPERIMENT, PRETRAINING_EXPERIMENT, TABULAR_EXPERIMENT];

interface LiveSeries {
  runId: string;
  key: string;
  step: number;
  value: number;
  direction: -1 | 0 | 1;
}

function directionOf(key: string): -1 | 0 | 1 {
  if (/loss|error|perplexity|rmse|mae/i.test(key)) return -1;
  if (/acc|f1|auc|precision|recall/i.test(key)) return 1;
  return 0;
}

/** The next value: a small step in the metric's direction (accuracies stay below 1), plus noise. */
export function nextValue(series: Pick<LiveSeries, 'value' | 'direction'>, noise: number): number {
  const { value, direction } = series;
  if (direction === 1 && value <= 1) return Math.min(0.9999, value + (1 - value) * 0.002 + noise * 0.002);
  return value * (1 + direction * 0.0015 + noise * 0.003);
}

async function runningSeries(api: DemoApi): Promise<LiveSeries[]> {
  const experiments = (await api.searchExperiments()).filter((experiment) => DEMO_EXPERIMENTS.includes(experiment.name));
  if (experiments.length === 0) return [];
  const { runs } = await api.post<{ runs?: Run[] }>('runs/search', {
    experiment_ids: experiments.map((experiment) => experiment.experiment_id),
    filter: "attributes.status = 'RUNNING'",
    max_results: 100,
  });
  return (runs ?? []).flatMap((run) =>
    (run.data?.metrics ?? [])
      .filter((metric) => Number.isFinite(Number(metric.value)))
      .map((metric) => ({
        runId: run.info.run_id,
        key: metric.key,
        step: Number(metric.step ?? 0),
        value: Number(metric.value),
        direction: directionOf(metric.key),
      })),
  );
}

/** Starts logging to the demo's RUNNING runs; the returned function stops it (and waits for the tick in flight). */
export function startDemoLiveLogging(app: FastifyInstance, intervalMs = LIVE_LOGGING_INTERVAL_MS): () => Promise<void> {
  const api = new DemoApi(app);
  let series: Promise<LiveSeries[]> | undefined;
  let inFlight: Promise<void> = Promise.resolve();
  let stopped = false;

  const tick = async () => {
    series ??= runningSeries(api);
    const list = await series;
    const byRun = new Map<string, Metric[]>();
    const timestamp = Date.now();
    for (const item of list) {
      item.step += 1;
      item.value = nextValue(item, Math.random() * 2 - 1);
      const metrics = byRun.get(item.runId) ?? [];
      metrics.push({ key: item.key, value: item.value, step: item.step, timestamp });
      byRun.set(item.runId, metrics);
    }
    for (const [runId, metrics] of byRun) {
      if (stopped) return;
      await api.logMetrics(runId, metrics);
    }
  };

  const timer = setInterval(() => {
    // One tick at a time; a failed tick (a run finished or deleted meanwhile) rereads the runs.
    inFlight = inFlight.then(tick).catch(() => {
      series = undefined;
    });
  }, intervalMs);
  timer.unref();

  return async () => {
    stopped = true;
    clearInterval(timer);
    await inFlight;
  };
}
