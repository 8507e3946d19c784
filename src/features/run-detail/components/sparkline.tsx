import { useHistoryBuckets } from '../../../entities/metrics/api/get-history-buckets';
import { LIVE_REFETCH_MS } from '../../../lib/live-refetch';
import { bucketsToPolyline, summarizeBuckets } from '../../../lib/chart-math/envelope';
import { sparklinePath } from '../../../lib/chart-math/sparkline-path';
import { formatMetricValue } from '../../../lib/format/format-number';
import { useInView } from '../hooks/use-in-view';

const WIDTH = 120;
const HEIGHT = 24;
/** Two buckets per horizontal pixel pair: each keeps its min and max, so a spike is drawn. */
const BUCKETS = 60;

/**
 * A tiny trend line of one metric from the same min/max buckets as the charts (a spike among
 * 50,000 steps still shows), fetched once it scrolls into view; refreshed while the run is live.
 */
export function Sparkline({ runId, metricKey, live }: { runId: string; metricKey: string; live: boolean }) {
  const [ref, inView] = useInView<HTMLSpanElement>();
  const query = useHistoryBuckets(
    { runIds: [runId], metricKey, buckets: BUCKETS },
    { enabled: inView, refetchInterval: live ? LIVE_REFETCH_MS : false },
  );
  const buckets = query.byRun.get(runId);
  const line = buckets ? bucketsToPolyline(buckets) : undefined;
  const points = line ? Array.from(line.steps, (step, index) => ({ x: step, y: line.values[index] ?? NaN })) : [];
  const path = sparklinePath(points, WIDTH, HEIGHT, 2);
  const summary = buckets ? summarizeBuckets(buckets) : undefined;
  let count = 0;
  for (const bucket of buckets ?? []) count += bucket.count;
  const range = summary ? `min ${formatMetricValue(summary.min)}, max ${formatMetricValue(summary.max)}` : '';
  return (
    <span
      ref={ref}
      className="sparkline"
      data-testid={`sparkline-${metricKey}`}
      data-points={buckets ? count : undefined}
      data-max={summary ? String(summary.max) : undefined}
      title={range}
    >
      {query.error ? (
        <span className="muted sparkline-status">—</span>
      ) : path ? (
        <svg
          width={WIDTH}
          height={HEIGHT}
          viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
          role="img"
          aria-label={`Trend of ${metricKey} over ${count} points, ${range}`}
        >
          <path d={path} fill="none" stroke="var(--chart-1)" strokeWidth="1.5" strokeLinejoin="round" strokeLinecap="round" />
        </svg>
      ) : (
        <span className="sparkline-placeholder" aria-hidden="true" />
      )}
    </span>
  );
}
