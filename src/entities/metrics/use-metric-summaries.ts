import { useMemo } from 'react';
import { summarizeBuckets } from '../../lib/chart-math/envelope';
import { useHistoryBuckets } from './api/get-history-buckets';

export type SummaryKind = 'last' | 'min' | 'max';

/**
 * Latest, min or max of a metric per run, exact: a coarse bucket request still carries each
 * bucket's true min, max and last point.
 */
export function useMetricSummaries(
  runIds: readonly string[],
  metricKey: string,
  kind: SummaryKind,
  options: { enabled: boolean; refetchInterval: number | false },
) {
  const data = useHistoryBuckets(
    { runIds, metricKey, buckets: 16 },
    { enabled: options.enabled && metricKey !== '', refetchInterval: options.refetchInterval },
  );
  const values = useMemo(() => {
    const result = new Map<string, number>();
    for (const [runId, buckets] of data.byRun) {
      const summary = summarizeBuckets(buckets);
      if (summary) result.set(runId, summary[kind]);
    }
    return result;
  }, [data.byRun, kind]);
  return { values, isPending: data.isPending, isFetching: data.isFetching, error: data.error, refetch: data.refetch };
}
