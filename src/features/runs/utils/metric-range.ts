// Min / max of a metric per run, from its history buckets.
import { summarizeBuckets, type NumericBucket } from '../../../lib/chart-math/envelope';

export interface MetricRange {
  min: number;
  max: number;
}

/** NaN values never count (the buckets skip them); a run with only NaN values gets NaN for both. */
export function metricRangesFromBuckets(byRun: ReadonlyMap<string, readonly NumericBucket[]>): Map<string, MetricRange> {
  const ranges = new Map<string, MetricRange>();
  for (const [runId, buckets] of byRun) {
    const summary = summarizeBuckets(buckets);
    if (summary) ranges.set(runId, { min: summary.min, max: summary.max });
  }
  return ranges;
}
