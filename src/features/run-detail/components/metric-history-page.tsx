// `/experiments/{e}/runs/{r}/metrics/{key}`: one metric of one run, drawn by the app's one line
// chart (spike-preserving buckets, canvas, zoom, exports) with the chart view's settings in the
// URL; its exact min, max and last value; and every logged value in a paged table.
import { useCallback, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ChartsToolbar } from '../../../components/charts/charts-toolbar';
import type { ZoomWindow } from '../../../components/charts/chart-settings';
import { createHoverStore, HoverStoreContext } from '../../../components/charts/hover-store';
import { LineChartCard } from '../../../components/charts/line-chart-card';
import { MetricHistoryTable } from '../../../components/charts/metric-history-table';
import { useChartSettings } from '../../../components/charts/use-chart-settings';
import { useDocumentTitle } from '../../../components/document-title/use-document-title';
import { ErrorPanel, isNotFound, PanelErrorBoundary } from '../../../components/error-view';
import { NotFoundView } from '../../../components/not-found';
import { paths } from '../../../config/paths';
import { PageSkeleton } from '../../../components/skeleton/skeleton';
import { readColorOverrides, runColorsInView } from '../../../lib/run-colors';
import { useRun } from '../hooks/use-run-view';
import { runPath } from '../utils/metric-path';
import '../../../components/charts/charts.css';
import './metric-history-page.css';

export function MetricHistoryPage() {
  const { experimentId = '', runId = '', metricKey = '' } = useParams();
  const run = useRun(runId);
  const [settings, updateSettings] = useChartSettings();
  const [hoverStore] = useState(createHoverStore);
  useDocumentTitle(`${metricKey} · ${run.data?.name ?? 'Run'}`);
  const data = run.data;
  const chartRuns = useMemo(() => {
    if (!data) return [];
    const color = runColorsInView([data.id], readColorOverrides()).get(data.id) ?? '';
    return [{ runId: data.id, name: data.name, color, startTime: data.startTime }];
  }, [data]);
  const otherKeys = useMemo(
    () => (data ? data.metrics.map((metric) => metric.key).filter((key) => key !== metricKey) : []),
    [data, metricKey],
  );
  const chartId = `run|${metricKey}`;
  const onZoomChange = useCallback(
    (id: string, window: ZoomWindow | undefined) => {
      const next = { ...settings.zoom };
      if (window) next[id] = window;
      else delete next[id];
      updateSettings({ zoom: next });
    },
    [settings.zoom, updateSettings],
  );

  if (run.isError && isNotFound(run.error)) {
    return (
      <NotFoundView title={`Run ${runId} was not found`} links={[{ label: 'Back to the experiment', to: paths.experimentRuns([experimentId]) }]}>
        <p>There is no metric “{metricKey}” to show: the run does not exist, or was deleted for good.</p>
      </NotFoundView>
    );
  }

  if (run.isPending) return <PageSkeleton label="Loading metric" />;
  if (run.isError || !data) {
    return (
      <div className="page">
        <ErrorPanel
          error={run.error}
          title={isNotFound(run.error) ? 'This run does not exist' : 'Could not load the run'}
          onRetry={isNotFound(run.error) ? undefined : () => void run.refetch()}
        />
        <p>
          <Link to={paths.experiments()}>Back to experiments</Link>
        </p>
      </div>
    );
  }
  const logged = data.metrics.some((metric) => metric.key === metricKey);

  return (
    <HoverStoreContext.Provider value={hoverStore}>
      <div className="page metric-page">
        <div className="page-header">
          <div>
            <h1 className="metric-title">{metricKey}</h1>
            <p className="muted metric-subtitle">
              Run <Link to={runPath(experimentId, runId)}>{data.name || runId}</Link>
              {data.status === 'RUNNING' && <span className="badge badge-info metric-live">live</span>}
            </p>
          </div>
        </div>
        {!logged ? (
          <p className="muted" data-testid="metric-not-logged">
            This run has no metric “{metricKey}”.
          </p>
        ) : (
          <div className="charts-view">
            <ChartsToolbar showSearch={false} settings={settings} update={updateSettings} metricKeys={otherKeys} groupOptions={[]} />
            <PanelErrorBoundary title={`The chart ${metricKey} failed`} resetKey={chartId}>
              <LineChartCard
                chartId={chartId}
                metricKey={metricKey}
                runs={chartRuns}
                groups={[]}
                settings={settings}
                onZoomChange={onZoomChange}
                live={data.status === 'RUNNING'}
                actions={{}}
                height={420}
                summary
              />
            </PanelErrorBoundary>
            <section className="panel" aria-label="All values">
              <div className="panel-header">
                <h2>All values</h2>
              </div>
              <div className="panel-body">
                <MetricHistoryTable key={`${runId}|${metricKey}`} runId={runId} metricKey={metricKey} />
              </div>
            </section>
          </div>
        )}
      </div>
    </HoverStoreContext.Provider>
  );
}
