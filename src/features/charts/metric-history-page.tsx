// `/metrics?runs=a,b&key=loss`: one metric across the selected runs — the same chart and
// controls as the chart view, and a full-resolution, paged table of every logged value
// (metrics/get-history with max_results / page_token) for one run at a time.
import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ErrorPanel, PanelErrorBoundary } from '../../components/error-view';
import { MetricHistoryTable } from '../../components/charts/metric-history-table';
import { useRunsById } from '../../entities/runs/api/get-run';
import { ChartsLegend } from '../../components/charts/charts-legend';
import { ChartsToolbar } from '../../components/charts/charts-toolbar';
import { LineChartCard } from '../../components/charts/line-chart-card';
import { createHoverStore, HoverStoreContext } from '../../components/charts/hover-store';
import { useChartSettings } from '../../components/charts/use-chart-settings';
import { parseJson, useLocalStorageRaw } from './hooks/use-local-storage-value';
import { groupRuns } from '../../components/charts/build-series';
import type { ZoomWindow } from '../../components/charts/chart-settings';
import { paletteColor, parseColorOverrides, RUN_COLORS_STORAGE_KEY, runColorsInView } from '../../lib/run-colors';
import '../../components/charts/charts.css';
import { paths } from '../../config/paths';

export function MetricHistoryPage() {
  const [params] = useSearchParams();
  const metricKey = params.get('key') ?? '';
  const runIds = useMemo(
    () => [
      ...new Set(
        (params.get('runs') ?? '')
          .split(',')
          .map((id) => id.trim())
          .filter(Boolean),
      ),
    ],
    [params],
  );
  const [hoverStore] = useState(createHoverStore);
  const [settings, updateSettings] = useChartSettings();
  const [colorsRaw] = useLocalStorageRaw(RUN_COLORS_STORAGE_KEY);
  const [hidden, setHidden] = useState<ReadonlySet<string>>(new Set());
  const loaded = useRunsById(runIds);
  const [tableRun, setTableRun] = useState('');

  const runs = useMemo(() => {
    const colors = runColorsInView(
      loaded.runs.map((run) => run.runId),
      parseColorOverrides(parseJson(colorsRaw)),
    );
    return loaded.runs.map((run) => ({ ...run, color: colors.get(run.runId) ?? '' }));
  }, [loaded.runs, colorsRaw]);
  const visible = useMemo(() => runs.filter((run) => !hidden.has(run.runId)), [runs, hidden]);
  const metricKeys = useMemo(() => [...new Set(runs.flatMap((run) => Object.keys(run.metrics)))].sort(), [runs]);
  const groupOptions = useMemo(
    () =>
      [
        ...new Set(
          runs.flatMap((run) => [
            ...Object.keys(run.params).map((key) => `param:${key}`),
            ...Object.keys(run.tags)
              .filter((key) => !key.startsWith('mlflow.'))
              .map((key) => `tag:${key}`),
          ]),
        ),
      ].sort(),
    [runs],
  );
  const groups = useMemo(() => groupRuns(visible, settings.groupBy, (index) => paletteColor(index)), [visible, settings.groupBy]);
  const chartId = `l|${metricKey}`;
  const onZoomChange = (id: string, window: ZoomWindow | undefined) => {
    const next = { ...settings.zoom };
    if (window) next[id] = window;
    else delete next[id];
    updateSettings({ zoom: next });
  };
  const selectedRun = tableRun && runIds.includes(tableRun) ? tableRun : (runIds[0] ?? '');
  const live = visible.some((run) => run.status === 'RUNNING');

  if (!metricKey || runIds.length === 0) {
    return (
      <div className="page">
        <h1>Metric history</h1>
        <p className="muted">Choose a metric and runs: /metrics?runs=RUN_ID,RUN_ID&key=METRIC.</p>
      </div>
    );
  }

  return (
    <HoverStoreContext.Provider value={hoverStore}>
      <div className="page charts-page">
        <div className="page-header">
          <div>
            <h1>
              Metric <code>{metricKey}</code>
            </h1>
            <p className="muted">
              {runIds.length} run{runIds.length === 1 ? '' : 's'}
              {runs[0] && (
                <>
                  {' · '}
                  <Link to={paths.experimentRuns([runs[0].experimentId])}>experiment runs</Link>
                </>
              )}
            </p>
          </div>
        </div>
        {loaded.error ? <ErrorPanel error={loaded.error} title="Could not load the runs" onRetry={loaded.refetch} /> : null}
        <div className="charts-view">
          <ChartsToolbar
            showSearch={false}
            settings={settings}
            update={updateSettings}
            metricKeys={metricKeys.filter((key) => key !== metricKey)}
            groupOptions={groupOptions}
          />
          <ChartsLegend
            entries={runs.map((run) => ({ runId: run.runId, name: run.name, color: run.color, hidden: hidden.has(run.runId) }))}
            onToggle={(runId) =>
              setHidden((previous) => {
                const next = new Set(previous);
                if (next.has(runId)) next.delete(runId);
                else next.add(runId);
                return next;
              })
            }
          />
          {!loaded.isPending && (
            <PanelErrorBoundary title={`The chart ${metricKey} failed`} resetKey={chartId}>
              <LineChartCard
                chartId={chartId}
                metricKey={metricKey}
                runs={visible}
                groups={groups}
                settings={settings}
                onZoomChange={onZoomChange}
                live={live}
                actions={{}}
                height={360}
                summary
              />
            </PanelErrorBoundary>
          )}
          <section className="panel" aria-label="All values">
            <div className="panel-header">
              <h2>All values</h2>
              <label className="charts-field">
                <span>Run</span>
                <select
                  className="select"
                  value={selectedRun}
                  onChange={(event) => setTableRun(event.target.value)}
                  data-testid="history-run"
                >
                  {runIds.map((runId) => (
                    <option key={runId} value={runId}>
                      {runs.find((run) => run.runId === runId)?.name ?? runId}
                    </option>
                  ))}
                </select>
              </label>
            </div>
            <div className="panel-body">
              {selectedRun && <MetricHistoryTable key={`${selectedRun}|${metricKey}`} runId={selectedRun} metricKey={metricKey} />}
            </div>
          </section>
        </div>
      </div>
    </HoverStoreContext.Provider>
  );
}
