// Overlaid histories of one metric for the compared runs: the app's one line chart (spike-preserving
// buckets, canvas, drag-zoom and double-click reset, exports) with each run's exact min/max/last.
import { useCallback, useMemo, useState } from 'react';
import { DEFAULT_CHART_SETTINGS, type ZoomWindow } from '../../../components/charts/chart-settings';
import { createHoverStore, HoverStoreContext } from '../../../components/charts/hover-store';
import { LineChartCard } from '../../../components/charts/line-chart-card';
import type { CompareRun } from '../utils/compare-values';
import '../../../components/charts/charts.css';

export function MetricOverlay({ runs, metricKey }: { runs: readonly CompareRun[]; metricKey: string }) {
  const live = runs.some((run) => run.status === 'RUNNING');
  const [hoverStore] = useState(createHoverStore);
  const [zoom, setZoom] = useState<ZoomWindow | undefined>(undefined);
  const chartId = `compare|${metricKey}`;
  const settings = useMemo(() => ({ ...DEFAULT_CHART_SETTINGS, zoom: zoom ? { [chartId]: zoom } : {} }), [zoom, chartId]);
  const seriesRuns = useMemo(() => runs.map((run) => ({ runId: run.runId, name: run.name, color: run.color })), [runs]);
  const onZoomChange = useCallback((_id: string, window: ZoomWindow | undefined) => setZoom(window), []);
  return (
    <HoverStoreContext.Provider value={hoverStore}>
      <div data-testid="compare-overlay" className="compare-overlay">
        <LineChartCard
          key={metricKey}
          chartId={chartId}
          metricKey={metricKey}
          runs={seriesRuns}
          groups={[]}
          settings={settings}
          onZoomChange={onZoomChange}
          live={live}
          actions={{}}
          height={280}
          summary
        />
      </div>
    </HoverStoreContext.Provider>
  );
}
