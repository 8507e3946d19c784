// `/metrics?runs=a,b&key=loss`: one metric across the selected runs — the same chart and
// controls as the chart view, and a full-resolution, paged table of every logged value
// (metrics/get-history with max_results / page_token) for one run at a time.
import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ErrorPanel, PanelErrorBoundary } from '../../components/error-view';
import { formatMetricValue } from '../../lib/format/format-number';
import { useMetricHistoryPage } from './api/get-metric-history';
import { useRunsById } from '../../entities/runs/api/get-run';
import { ChartsLegend } from './components/charts-legend';
import { ChartsToolbar } from './components/charts-toolbar';
import { LineChartCard } from './components/line-chart-card';
import { createHoverStore, HoverStoreContext } from './hooks/hover-store';
import { useChartSettings } from './hooks/use-chart-settings';
import { parseJson, useLocalStorageRaw } from './hooks/use-local-storage-value';
import { groupRuns } from './utils/build-series';
import type { ZoomWindow } from './utils/chart-settings';
import { colorForRun, paletteColor, RUN_COLORS_STORAGE_KEY } from '../../lib/run-colors';
import './charts.css';
import { paths } from '../../config/paths';

const PAGE_SIZES = [100, 1000, 10000] as const;

function HistoryTable({ runId, metricKey }: { runId: string; metricKey: string }) {
  const [pageSize, setPageSize] = useState<number>(100);
  // Tokens of the pages before the current one; the last entry is the current page's token.
  const [tokens, setTokens] = useState<string[]>(['']);
  const pageToken = tokens[tokens.length - 1] ?? '';
  const page = useMetricHistoryPage({ runId, metricKey, maxResults: pageSize, pageToken: pageToken || undefined });
  const firstRow = (tokens.length - 1) * pageSize;
  return (
    <div className="metric-history-table" data-testid="history-table">
      <div className="toolbar">
        <label className="charts-field">
          <span>Rows per page</span>
          <select
            className="select"
            value={pageSize}
            onChange={(event) => {
              setPageSize(Number(event.target.value));
              setTokens(['']);
            }}
          >
            {PAGE_SIZES.map((size) => (
              <option key={size} value={size}>
                {size.toLocaleString('en-US')}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="btn btn-sm"
          disabled={tokens.length <= 1}
          onClick={() => setTokens((previous) => previous.slice(0, -1))}
        >
          Previous page
        </button>
        <button
          type="button"
          className="btn btn-sm"
          disabled={!page.data?.nextPageToken || page.isPlaceholderData}
          onClick={() => {
            const next = page.data?.nextPageToken;
            if (next) setTokens((previous) => [...previous, next]);
          }}
        >
          Next page
        </button>
        <span className="muted" role="status" data-testid="history-range">
          {page.data
            ? `Rows ${(firstRow + 1).toLocaleString('en-US')}–${(firstRow + page.data.points.length).toLocaleString('en-US')}`
            : 'Loading…'}
        </span>
      </div>
      {page.error ? (
        <ErrorPanel error={page.error} title="Could not load the history" onRetry={() => void page.refetch()} />
      ) : (
        <div className="metric-history-scroll" tabIndex={0} role="region" aria-label={`Values of ${metricKey}`}>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Step</th>
                <th scope="col">Value</th>
                <th scope="col">Timestamp</th>
              </tr>
            </thead>
            <tbody>
              {(page.data?.points ?? []).map((point, index) => (
                <tr key={`${point.step}-${point.timestamp}-${index}`}>
                  <td className="mono">{point.step}</td>
                  <td className="mono" title={String(point.value)}>
                    {formatMetricValue(point.value)}
                  </td>
                  <td>{new Date(point.timestamp).toISOString().replace('T', ' ').replace('Z', '')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

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
    const colors = parseJson(colorsRaw);
    const overrides = typeof colors === 'object' && colors !== null && !Array.isArray(colors) ? (colors as Record<string, string>) : {};
    return loaded.runs.map((run) => ({ ...run, color: colorForRun(run.runId, overrides) }));
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
              {selectedRun && <HistoryTable key={`${selectedRun}|${metricKey}`} runId={selectedRun} metricKey={metricKey} />}
            </div>
          </section>
        </div>
      </div>
    </HoverStoreContext.Provider>
  );
}
