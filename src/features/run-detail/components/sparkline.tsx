import { useSparkline } from '../api/get-metric-history-bulk-interval';
import { useInView } from '../hooks/use-in-view';
import { sparklinePath } from '../utils/chart-math';

const WIDTH = 120;
const HEIGHT = 24;

/** A tiny trend line of one metric, fetched (≈100 sampled points) once it scrolls into view. */
export function Sparkline({ runId, metricKey }: { runId: string; metricKey: string }) {
  const [ref, inView] = useInView<HTMLSpanElement>();
  const query = useSparkline(runId, metricKey, inView);
  const points = query.data ?? [];
  const path = sparklinePath(
    points.map((point) => ({ x: point.step, y: point.value })),
    WIDTH,
    HEIGHT,
    2,
  );
  return (
    <span ref={ref} className="sparkline" data-testid={`sparkline-${metricKey}`} data-points={query.data ? points.length : undefined}>
      {query.isError ? (
        <span className="muted sparkline-status">—</span>
      ) : path ? (
        <svg width={WIDTH} height={HEIGHT} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={`Trend of ${metricKey} over ${points.length} points`}>
          <path d={path} fill="none" stroke="var(--chart-1)" strokeWidth="1.5" strokeLinejoin="round" strokeLinecap="round" />
        </svg>
      ) : (
        <span className="sparkline-placeholder" aria-hidden="true" />
      )}
    </span>
  );
}
