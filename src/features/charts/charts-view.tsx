// The chart view of a set of runs: one line chart per metric key in sections by key prefix,
// plus bar and scatter charts; search, add / remove / reorder (saved in the URL and per
// experiment), shared x-axis / y-scale / outlier / smoothing / grouping settings in the URL.
// Rendered by the runs page ("Chart" tab) and by the standalone ChartsPage.
import { lazy, Suspense, useCallback, useMemo, useState } from 'react';
import { PanelErrorBoundary } from '../../components/error-view';
import { AddChartForm } from './components/add-chart-form';
import { ChartsLegend } from '../../components/charts/charts-legend';
import { ChartsToolbar } from '../../components/charts/charts-toolbar';
import { LineChartCard } from '../../components/charts/line-chart-card';
import { createHoverStore, HoverStoreContext } from '../../components/charts/hover-store';
import { useChartLayout } from './hooks/use-chart-layout';
import { useChartSettings } from '../../components/charts/use-chart-settings';
import { parseJson, readStorage, writeStorage } from './hooks/use-local-storage-value';
import { groupRuns } from '../../components/charts/build-series';
import { chartId, chartMatcher, chartTitle, defaultLayout, groupSections, moveChart, type ChartSpec } from './utils/chart-layout';
import type { ZoomWindow } from '../../components/charts/chart-settings';
import { hiddenRunsStorageKey, paletteColor } from '../../lib/run-colors';
import '../../components/charts/charts.css';

// recharts is only needed by bar and scatter charts: loaded when the first one is shown.
const BarChartCard = lazy(() => import('./components/bar-chart-card').then((module) => ({ default: module.BarChartCard })));
const ScatterChartCard = lazy(() => import('./components/scatter-chart-card').then((module) => ({ default: module.ScatterChartCard })));

export interface ChartsViewRun {
  runId: string;
  name: string;
  color: string;
  hidden: boolean;
  /** Pinned in the runs table (marked in the legend). */
  pinned?: boolean;
  params: Record<string, string>;
  tags: Record<string, string>;
  metricKeys: string[];
  /** Optional: RUNNING runs make the charts refetch every few seconds. */
  status?: string;
  /** Optional: run start (ms), the origin of the relative-time axis. */
  startTime?: number;
}

export interface ChartsViewProps {
  experimentIds: string[];
  runs: ChartsViewRun[];
}

function toggleHidden(experimentIds: readonly string[], runId: string): void {
  const key = hiddenRunsStorageKey(experimentIds);
  const stored = parseJson(readStorage(key));
  const list = Array.isArray(stored) ? stored.filter((item): item is string => typeof item === 'string') : [];
  writeStorage(key, list.includes(runId) ? list.filter((id) => id !== runId) : [...list, runId]);
}

export function ChartsView({ experimentIds, runs }: ChartsViewProps) {
  const [hoverStore] = useState(createHoverStore);
  const [settings, updateSettings] = useChartSettings();
  const metricKeys = useMemo(() => [...new Set(runs.flatMap((run) => run.metricKeys))].sort((a, b) => a.localeCompare(b)), [runs]);
  const paramKeys = useMemo(() => [...new Set(runs.flatMap((run) => Object.keys(run.params)))].sort(), [runs]);
  const tagKeys = useMemo(
    () => [...new Set(runs.flatMap((run) => Object.keys(run.tags)))].filter((key) => !key.startsWith('mlflow.')).sort(),
    [runs],
  );
  const [layout, setLayout, customized] = useChartLayout(experimentIds, metricKeys);
  const [adding, setAdding] = useState(false);

  const visibleRuns = useMemo(() => runs.filter((run) => !run.hidden), [runs]);
  const seriesRuns = useMemo(
    () => visibleRuns.map((run) => ({ runId: run.runId, name: run.name, color: run.color, startTime: run.startTime, params: run.params })),
    [visibleRuns],
  );
  const live = visibleRuns.some((run) => run.status === 'RUNNING');
  const groups = useMemo(() => groupRuns(visibleRuns, settings.groupBy, (index) => paletteColor(index)), [visibleRuns, settings.groupBy]);
  const matcher = useMemo(() => chartMatcher(settings.search), [settings.search]);
  const sections = useMemo(() => groupSections(layout.filter(matcher)), [layout, matcher]);

  const zoomRef = settings.zoom;
  const onZoomChange = useCallback(
    (id: string, window: ZoomWindow | undefined) => {
      const next = { ...zoomRef };
      if (window) next[id] = window;
      else delete next[id];
      updateSettings({ zoom: next });
    },
    [zoomRef, updateSettings],
  );

  const addChart = (spec: ChartSpec) => {
    if (!layout.some((existing) => chartId(existing) === chartId(spec))) setLayout([...layout, spec]);
    setAdding(false);
  };
  const removeChart = (id: string) => setLayout(layout.filter((spec) => chartId(spec) !== id));

  const legendEntries = useMemo(
    () => runs.map((run) => ({ runId: run.runId, name: run.name, color: run.color, hidden: run.hidden, pinned: run.pinned ?? false })),
    [runs],
  );
  const groupOptions = useMemo(
    () => [...paramKeys.map((key) => `param:${key}`), ...tagKeys.map((key) => `tag:${key}`)],
    [paramKeys, tagKeys],
  );

  if (runs.length === 0) {
    return (
      <div className="charts-view charts-empty" data-testid="charts-view">
        <p className="muted">No runs to chart. Log metrics to a run, or change the filter.</p>
      </div>
    );
  }

  return (
    <HoverStoreContext.Provider value={hoverStore}>
      <div className="charts-view" data-testid="charts-view">
        <ChartsToolbar settings={settings} update={updateSettings} metricKeys={metricKeys} groupOptions={groupOptions} />
        <div className="charts-actions">
          <button type="button" className="btn btn-sm" aria-expanded={adding} onClick={() => setAdding((value) => !value)}>
            {adding ? 'Cancel' : '+ Add chart'}
          </button>
          {customized && (
            <button type="button" className="btn btn-sm btn-ghost" onClick={() => setLayout(defaultLayout(metricKeys))}>
              Reset layout
            </button>
          )}
          <span className="muted charts-count">
            {visibleRuns.length} of {runs.length} runs shown{live ? ' · live' : ''}
          </span>
        </div>
        {adding && <AddChartForm metricKeys={metricKeys} paramKeys={paramKeys} onAdd={addChart} />}
        <ChartsLegend entries={legendEntries} onToggle={(runId) => toggleHidden(experimentIds, runId)} />
        {groups.length > 0 && (
          <ul className="charts-legend charts-group-legend" aria-label="Groups" data-testid="charts-group-legend">
            {groups.map((group) => (
              <li key={group.id} className="charts-legend-item">
                <span className="swatch" style={{ background: group.color }} aria-hidden="true" />
                {group.label}
              </li>
            ))}
          </ul>
        )}
        {sections.length === 0 && (
          <p className="muted">{layout.length === 0 ? 'No charts. Add one above.' : 'No chart matches the search.'}</p>
        )}
        {sections.map(({ section, specs }) => (
          <details key={section || '(none)'} className="charts-section" open data-testid="charts-section" data-section={section}>
            <summary>
              <h2>{section || 'Metrics'}</h2>
              <span className="muted">{specs.length}</span>
            </summary>
            <div className="charts-grid">
              {specs.map((spec, index) => {
                const id = chartId(spec);
                const actions = {
                  onMoveUp: index > 0 ? () => setLayout(moveChart(layout, id, -1)) : undefined,
                  onMoveDown: index < specs.length - 1 ? () => setLayout(moveChart(layout, id, 1)) : undefined,
                  onRemove: () => removeChart(id),
                };
                return (
                  <PanelErrorBoundary key={id} title={`The chart ${chartTitle(spec)} failed`} resetKey={id}>
                    {spec.kind === 'line' ? (
                      <LineChartCard
                        chartId={id}
                        metricKey={spec.key}
                        runs={seriesRuns}
                        groups={groups}
                        settings={settings}
                        onZoomChange={onZoomChange}
                        live={live}
                        actions={actions}
                      />
                    ) : (
                      <Suspense
                        fallback={
                          <div className="chart-card panel chart-empty" style={{ height: 280 }}>
                            Loading chart…
                          </div>
                        }
                      >
                        {spec.kind === 'bar' ? (
                          <BarChartCard chartId={id} metricKey={spec.key} agg={spec.agg} runs={seriesRuns} live={live} actions={actions} />
                        ) : (
                          <ScatterChartCard chartId={id} x={spec.x} y={spec.y} runs={seriesRuns} live={live} actions={actions} />
                        )}
                      </Suspense>
                    )}
                  </PanelErrorBoundary>
                );
              })}
            </div>
          </details>
        ))}
      </div>
    </HoverStoreContext.Provider>
  );
}
