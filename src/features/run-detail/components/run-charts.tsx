// The run's metrics as charts on its page: the app's one line chart per metric (the same buckets
// and canvas as the chart view), with exact min/max/last, the chart view's settings in the URL,
// and live updates while the run is RUNNING. Many metrics: the first few, then all on demand.
import { useCallback, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { ChartsToolbar } from '../../../components/charts/charts-toolbar';
import type { ZoomWindow } from '../../../components/charts/chart-settings';
import { createHoverStore, HoverStoreContext } from '../../../components/charts/hover-store';
import { LineChartCard } from '../../../components/charts/line-chart-card';
import { useChartSettings } from '../../../components/charts/use-chart-settings';
import { PanelErrorBoundary } from '../../../components/error-view';
import { readColorOverrides, runColorsInView } from '../../../lib/run-colors';
import type { RunView } from '../api/run-model';
import { metricChartPath } from '../utils/metric-path';
import '../../../components/charts/charts.css';

const FIRST_CHARTS = 6;

export function RunCharts({ run }: { run: RunView }) {
  const [settings, updateSettings] = useChartSettings();
  const [hoverStore] = useState(createHoverStore);
  const [showAll, setShowAll] = useState(false);
  const [search, setSearch] = useState('');
  const keys = useMemo(() => run.metrics.map((metric) => metric.key).sort((a, b) => a.localeCompare(b)), [run.metrics]);
  const matching = useMemo(() => {
    const needle = search.trim().toLowerCase();
    return needle ? keys.filter((key) => key.toLowerCase().includes(needle)) : keys;
  }, [keys, search]);
  const shown = showAll ? matching : matching.slice(0, FIRST_CHARTS);
  const chartRuns = useMemo(() => {
    const color = runColorsInView([run.id], readColorOverrides()).get(run.id) ?? '';
    return [{ runId: run.id, name: run.name, color, startTime: run.startTime }];
  }, [run.id, run.name, run.startTime]);
  const onZoomChange = useCallback(
    (id: string, window: ZoomWindow | undefined) => {
      const next = { ...settings.zoom };
      if (window) next[id] = window;
      else delete next[id];
      updateSettings({ zoom: next });
    },
    [settings.zoom, updateSettings],
  );

  if (keys.length === 0) return <p className="muted">No metrics logged.</p>;
  return (
    <HoverStoreContext.Provider value={hoverStore}>
      <div className="charts-view run-charts" data-testid="run-charts">
        <div className="run-charts-bar">
          {keys.length > FIRST_CHARTS && (
            <label className="charts-field">
              <span>Find a metric</span>
              <input
                className="input"
                type="search"
                value={search}
                onChange={(event) => setSearch(event.target.value)}
                placeholder="metric key"
              />
            </label>
          )}
          <ChartsToolbar showSearch={false} settings={settings} update={updateSettings} metricKeys={keys} groupOptions={[]} />
        </div>
        <div className="charts-grid">
          {shown.map((key) => {
            const chartId = `run|${key}`;
            return (
              <PanelErrorBoundary key={key} title={`The chart ${key} failed`} resetKey={chartId}>
                <LineChartCard
                  chartId={chartId}
                  metricKey={key}
                  title={
                    <Link to={metricChartPath(run.experimentId, run.id, key)} title={`Open ${key}`}>
                      {key}
                    </Link>
                  }
                  runs={chartRuns}
                  groups={[]}
                  settings={settings}
                  onZoomChange={onZoomChange}
                  live={run.status === 'RUNNING'}
                  actions={{}}
                  height={200}
                  summary
                />
              </PanelErrorBoundary>
            );
          })}
        </div>
        {matching.length > shown.length && (
          <button type="button" className="btn btn-sm" onClick={() => setShowAll(true)}>
            Show all {matching.length} charts
          </button>
        )}
        {matching.length === 0 && <p className="muted">No metric matches “{search}”.</p>}
      </div>
    </HoverStoreContext.Provider>
  );
}
