// `/experiments/:experimentIds/charts`: the chart view on its own, loading its runs itself
// (runs/search, first 100 by default, honouring the URL's `filter` — or the runs table's `q`).
import { useMemo } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { ErrorPanel } from '../../components/error-view';
import { useChartRuns } from './api/search-runs';
import { ChartsView, type ChartsViewRun } from './charts-view';
import { parseJson, useLocalStorageRaw } from './hooks/use-local-storage-value';
import { colorForRun, hiddenRunsStorageKey, RUN_COLORS_STORAGE_KEY } from '../../lib/run-colors';
import './charts.css';

export const DEFAULT_CHART_RUNS = 100;

export function ChartsPage() {
  const { experimentIds: idsParam = '' } = useParams();
  const experimentIds = useMemo(
    () =>
      idsParam
        .split(',')
        .map((id) => id.trim())
        .filter(Boolean),
    [idsParam],
  );
  const [params] = useSearchParams();
  const filter = params.get('filter') ?? params.get('q') ?? '';
  const limitText = Number(params.get('limit'));
  const limit = Number.isInteger(limitText) && limitText > 0 ? Math.min(limitText, 1000) : DEFAULT_CHART_RUNS;
  const [colorsRaw] = useLocalStorageRaw(RUN_COLORS_STORAGE_KEY);
  const [hiddenRaw] = useLocalStorageRaw(hiddenRunsStorageKey(experimentIds));
  const runsQuery = useChartRuns({ experimentIds, filter, maxResults: limit });

  const runs = useMemo<ChartsViewRun[]>(() => {
    const colors = parseJson(colorsRaw);
    const overrides = typeof colors === 'object' && colors !== null && !Array.isArray(colors) ? (colors as Record<string, string>) : {};
    const hiddenList = parseJson(hiddenRaw);
    const hidden = new Set(Array.isArray(hiddenList) ? hiddenList.filter((id): id is string => typeof id === 'string') : []);
    return (runsQuery.data ?? []).map((run) => ({
      runId: run.runId,
      name: run.name,
      color: colorForRun(run.runId, overrides),
      hidden: hidden.has(run.runId),
      params: run.params,
      tags: run.tags,
      metricKeys: run.metricKeys,
      status: run.status,
      startTime: run.startTime,
    }));
  }, [runsQuery.data, colorsRaw, hiddenRaw]);

  return (
    <div className="page charts-page">
      <div className="page-header">
        <div>
          <h1>Charts</h1>
          <p className="muted">
            {runsQuery.data ? `${runsQuery.data.length} run${runsQuery.data.length === 1 ? '' : 's'}` : 'Loading runs…'}
            {filter ? ` matching ${filter}` : ''}
            {runsQuery.data && runsQuery.data.length >= limit ? ` (first ${limit})` : ''}
          </p>
        </div>
        <div className="toolbar">
          <Link className="btn" to={`/experiments/${idsParam}${filter ? `?q=${encodeURIComponent(filter)}` : ''}`}>
            Runs table
          </Link>
        </div>
      </div>
      {runsQuery.error ? (
        <ErrorPanel error={runsQuery.error} title="Could not load the runs" onRetry={() => void runsQuery.refetch()} />
      ) : runsQuery.isPending ? (
        <p className="muted" role="status">
          Loading runs…
        </p>
      ) : (
        <ChartsView experimentIds={experimentIds} runs={runs} />
      )}
    </div>
  );
}
