// get-history-buckets answered by the --proxy-to server itself when the upstream MLflow lacks
// Runboard's extensions: full histories are read from the upstream (metrics/get-history, several
// in flight), finished runs' histories are kept in a local SQLite cache, and the min/max buckets
// are built with the bundled server's own bucket code, so the spikes survive as they do there.
//
// First paint: a request that says `allow_refining=true` (the UI's first load of a chart) and
// finds some histories neither cached nor quick is answered at once from MLflow's step sample
// (get-history-bulk-interval), marked by the x-runboard-refining header, while the full histories
// are fetched; the UI asks again without the flag, which waits for them and gets the exact buckets.
import { alignedBucketWidth, bucketPoints } from '../services/metric-buckets.js';
import { DEFAULT_BUCKETS, MAX_BULK_INTERVAL_RESULTS, validateBucketsInput, type BucketsInput } from '../services/metric-history.js';
import { iteratePoints, lowerBoundByStep, pointCount, stepAt, type PackedPoints } from '../services/packed-points.js';
import type { BucketSeriesInput } from '../../src/lib/mlflow/history-buckets-wire.js';
import type { ProxyHistoryCache, HistoryValidator } from '../store/proxy-history-cache.js';
import type { UpstreamClient, UpstreamRun } from './upstream-client.js';

/** Statuses after which a run's history no longer changes (unless it is logged to again, which moves its latest point). */
const TERMINAL_STATUSES = new Set(['FINISHED', 'FAILED', 'KILLED']);

export interface ProxyBucketsInput extends BucketsInput {
  /** The caller takes a sampled first answer (marked `refining`) rather than wait for full histories. */
  allowRefining: boolean;
}

export interface ProxyBucketsAnswer {
  /** Put on the wire by bucketsToWire, as the bundled server's answer is. */
  series: BucketSeriesInput[];
  /** Some series come from MLflow's step sample: ask again (without allow_refining) for the exact buckets. */
  refining: boolean;
}

/**
 * One run's buckets over [startStep, endStep] (or its whole range) from its points in key order:
 * the same windowing and widths as the bundled server's getMetricHistoryBuckets.
 */
export function bucketSeries(
  runId: string,
  metricKey: string,
  points: PackedPoints,
  bucketCount: number,
  startStep: number | undefined,
  endStep: number | undefined,
): BucketSeriesInput | undefined {
  const firstIndex = startStep === undefined ? 0 : lowerBoundByStep(points, startStep);
  const endIndex = endStep === undefined ? pointCount(points) : lowerBoundByStep(points, endStep + 1);
  if (firstIndex >= endIndex) return undefined;
  const lo = startStep ?? stepAt(points, firstIndex);
  const hi = endStep ?? stepAt(points, endIndex - 1);
  const width = alignedBucketWidth(lo, hi, bucketCount);
  // Whole buckets, as the bundled server reads them: the edge buckets may reach past the window.
  const from = lowerBoundByStep(points, Math.floor(lo / width) * width);
  const to = lowerBoundByStep(points, Math.floor(hi / width) * width + width);
  const buckets = bucketPoints(iteratePoints(points, from, to), width);
  return buckets.length > 0 ? { runId, key: metricKey, bucketWidth: width, buckets } : undefined;
}

interface SeriesPlan {
  runId: string;
  /** Set when the run is finished: its history may be cached under this validator. */
  validator: HistoryValidator | undefined;
  points?: PackedPoints;
  sampled?: boolean;
}

export class ProxyBuckets {
  /** Full-history fetches under way, shared by every request that needs the same series. */
  private readonly inFlight = new Map<string, Promise<PackedPoints>>();

  constructor(
    private readonly upstream: UpstreamClient,
    private readonly cache: ProxyHistoryCache,
  ) {}

  async answer(input: ProxyBucketsInput, credentials: Headers): Promise<ProxyBucketsAnswer> {
    validateBucketsInput(input);
    const bucketCount = input.buckets ?? DEFAULT_BUCKETS;
    const runIds = [...new Set(input.runIds)];
    const runs = await Promise.all(runIds.map((runId) => this.upstream.getRun(runId, credentials)));
    const plans: SeriesPlan[] = [];
    runIds.forEach((runId, index) => {
      const run = runs[index];
      const latest = run?.latest.get(input.metricKey);
      // No such run, or it never logged this metric: no series, as on the bundled server.
      if (!run || !latest) return;
      plans.push({ runId, validator: validatorOf(run, latest) });
    });
    await Promise.all(
      plans.map(async (plan) => {
        if (plan.validator) plan.points = await this.cache.get(this.keyOf(plan.runId, input.metricKey), plan.validator);
      }),
    );
    const missing = plans.filter((plan) => !plan.points);
    if (missing.length > 0 && input.allowRefining) {
      await this.fillFromSample(missing, input, bucketCount, credentials);
      // The full histories of what was only sampled are fetched for the next request; their
      // failures reach it (or nobody).
      for (const plan of missing) if (plan.sampled) this.fullHistory(plan, input.metricKey, credentials).catch(() => undefined);
    } else if (missing.length > 0) {
      const fetched = await Promise.all(missing.map((plan) => this.fullHistory(plan, input.metricKey, credentials)));
      missing.forEach((plan, index) => (plan.points = fetched[index]));
    }
    const series: BucketSeriesInput[] = [];
    for (const plan of plans) {
      const built = bucketSeries(
        plan.runId,
        input.metricKey,
        plan.points ?? new Float64Array(0),
        bucketCount,
        input.startStep,
        input.endStep,
      );
      if (built) series.push(built);
    }
    return { series, refining: plans.some((plan) => plan.sampled === true) };
  }

  /**
   * The first answer for series not cached: MLflow's step sample, one request for all of them.
   * A sample with fewer distinct steps than asked for is every point (MLflow samples only past
   * max_results steps), so without a window it is the full history, and cached as such.
   */
  private async fillFromSample(missing: SeriesPlan[], input: ProxyBucketsInput, bucketCount: number, credentials: Headers): Promise<void> {
    const maxResults = Math.min(MAX_BULK_INTERVAL_RESULTS, Math.max(bucketCount, 1));
    // MLflow takes a window only with both ends.
    const window =
      input.startStep !== undefined && input.endStep !== undefined ? { start: input.startStep, end: input.endStep } : undefined;
    const sample = await this.upstream.getSampledHistories(
      missing.map((plan) => plan.runId),
      input.metricKey,
      maxResults,
      window,
      credentials,
    );
    // Only a sample of the whole range can be the whole history (a window's edge buckets reach past it).
    const complete = !window && input.startStep === undefined && input.endStep === undefined && sample.distinctSteps < maxResults;
    for (const plan of missing) {
      const points = sample.byRun.get(plan.runId) ?? new Float64Array(0);
      plan.points = points;
      if (complete) {
        if (plan.validator) await this.cache.put(this.keyOf(plan.runId, input.metricKey), plan.validator, points);
      } else plan.sampled = true;
    }
  }

  /** A series' full history from upstream (cached when its run is finished); one fetch at a time per series. */
  private fullHistory(plan: SeriesPlan, metricKey: string, credentials: Headers): Promise<PackedPoints> {
    const { validator } = plan;
    const flightKey = JSON.stringify([plan.runId, metricKey, validator ?? null]);
    const existing = this.inFlight.get(flightKey);
    if (existing) return existing;
    const fetching = (async () => {
      const points = await this.upstream.getFullHistory(plan.runId, metricKey, credentials);
      if (validator) await this.cache.put(this.keyOf(plan.runId, metricKey), validator, points);
      return points;
    })().finally(() => this.inFlight.delete(flightKey));
    this.inFlight.set(flightKey, fetching);
    return fetching;
  }

  private keyOf(runId: string, metricKey: string) {
    return { upstream: this.upstream.baseUrl, runId, metricKey };
  }
}

function validatorOf(run: UpstreamRun, latest: { step: number; timestamp: number }): HistoryValidator | undefined {
  if (!TERMINAL_STATUSES.has(run.status) || run.endTime === undefined) return undefined;
  return { endTime: run.endTime, latestStep: latest.step, latestTimestamp: latest.timestamp };
}
