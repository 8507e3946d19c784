// Fetched buckets are turned into drawable polylines run by run in short slices before a chart
// renders them (a 100-run chart's ~45,000 buckets took one 25–110 ms task inside React's render).
import { useLayoutEffect, useState } from 'react';
import type { NumericBucket } from '../../lib/chart-math/envelope';
import { runInSlices, SLICE_BUDGET_MS } from '../../lib/scheduling/time-slices';
import { prepareBuckets } from './build-series';

function* prepareEach(lists: Iterable<readonly NumericBucket[]>): Generator<void, void, undefined> {
  for (const buckets of lists) {
    prepareBuckets(buckets);
    yield;
  }
}

type BucketsByRun = ReadonlyMap<string, readonly NumericBucket[]>;
const NOTHING_PREPARED: BucketsByRun = new Map();

/**
 * `byRun` once each run's series has been prepared (until then the previously prepared map, so
 * the chart keeps what it drew, or an empty one), and whether that is still in progress.
 */
export function usePreparedBuckets(byRun: BucketsByRun): { prepared: BucketsByRun; preparing: boolean } {
  // Data already cached when the chart mounts is prepared in slices too, not in the first render.
  const [prepared, setPrepared] = useState(byRun.size === 0 ? byRun : NOTHING_PREPARED);
  useLayoutEffect(() => {
    if (prepared === byRun) return undefined;
    // Work already cached (a refetch with the same arrays) completes in this first slice.
    const work = runInSlices(prepareEach(byRun.values()), { budgetMs: SLICE_BUDGET_MS, onDone: () => setPrepared(byRun) });
    return () => work.cancel();
  }, [byRun, prepared]);
  return { prepared, preparing: prepared !== byRun };
}
