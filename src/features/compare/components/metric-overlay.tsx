// Overlaid histories of one metric for the compared runs (spike-preserving buckets, canvas).
import { useMemo, useState } from 'react';
import { LineChartCanvas, type LineSeries } from '../../../components/charts/line-chart-canvas';
import { ErrorPanel } from '../../../components/error-view';
import { bucketsToPolyline, finiteExtent } from '../../../lib/chart-math/envelope';
import { padDomain } from '../../../lib/chart-math/ticks';
import { useHistoryBuckets } from '../../../entities/metrics/api/get-history-buckets';
import type { CompareRun } from '../utils/compare-values';

export function MetricOverlay({ runs, metricKey }: { runs: readonly CompareRun[]; metricKey: string }) {
  const [plotWidth, setPlotWidth] = useState(0);
  const [hovered, setHovered] = useState<string | null>(null);
  const runIds = useMemo(() => runs.map((run) => run.runId), [runs]);
  const buckets = plotWidth > 0 ? Math.min(2000, Math.ceil(plotWidth / 50) * 50) : 0;
  const data = useHistoryBuckets({ runIds, metricKey, buckets }, { enabled: metricKey !== '' });
  const drawn = useMemo(() => {
    const series: LineSeries[] = [];
    for (const run of runs) {
      const list = data.byRun.get(run.runId);
      if (!list?.length) continue;
      const line = bucketsToPolyline(list);
      series.push({ id: run.runId, label: run.name, color: run.color, xs: line.steps, ys: line.values, steps: line.steps, role: 'raw' });
    }
    const x = finiteExtent(
      (function* () {
        for (const entry of series) yield* Array.from(entry.xs);
      })(),
    );
    const y = finiteExtent(
      (function* () {
        for (const entry of series) yield* Array.from(entry.ys);
      })(),
    );
    return { series, xDomain: x ?? [0, 1], yDomain: padDomain(y ?? [0, 1], 'linear') };
  }, [runs, data.byRun]);
  if (data.error) return <ErrorPanel error={data.error} title={`Could not load ${metricKey}`} />;
  return (
    <div data-loading={data.isFetching ? 'true' : 'false'} data-testid="compare-overlay">
      <LineChartCanvas
        series={drawn.series}
        xDomain={drawn.xDomain[0] === drawn.xDomain[1] ? [drawn.xDomain[0] - 1, drawn.xDomain[1] + 1] : drawn.xDomain}
        yDomain={drawn.yDomain}
        yScale="linear"
        formatX={(value) => Math.round(value).toLocaleString('en-US')}
        highlightedId={hovered}
        onHover={setHovered}
        onPlotWidth={setPlotWidth}
        label={`History of ${metricKey} for ${runs.length} runs`}
        testId="line-chart"
        height={280}
      />
    </div>
  );
}
