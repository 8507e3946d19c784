// An experiment's Models tab: the MLflow 3 logged models of the experiment(s), searched on the
// server (MLflow's logged-model filter: metrics.x > 0.9 AND params.y = 'z' AND name LIKE ...),
// with their status, source run, latest metrics and params.
import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import { EmptyState } from '../../components/empty-state/empty-state';
import { ErrorPanel } from '../../components/error-view';
import { RelativeTime } from '../../components/relative-time/relative-time';
import { isFilterRefusal, SearchToolbar, type SearchToolbarOrder } from '../../components/search-toolbar';
import { SkeletonLines } from '../../components/skeleton/skeleton';
import { latestMetrics, useSearchLoggedModels, type LoggedModel, type LoggedModelOrder } from '../../entities/logged-models';
import { formatMetricValue } from '../../lib/format/format-number';
import { LoggedModelStatus } from './components/logged-model-status';
import { paths } from '../../config/paths';
import './logged-models.css';

const MAX_KEY_COLUMNS = 6;
const ORDERS: SearchToolbarOrder<LoggedModelOrder>[] = [
  { value: 'created-desc', label: 'Newest first' },
  { value: 'created-asc', label: 'Oldest first' },
  { value: 'name-asc', label: 'Name A–Z' },
];

function isOrder(value: string | null): value is LoggedModelOrder {
  return ORDERS.some((order) => order.value === value);
}

/** The keys most models have, first `MAX_KEY_COLUMNS` of them. */
function commonKeys(models: readonly LoggedModel[], keysOf: (model: LoggedModel) => Iterable<string>): string[] {
  const counts = new Map<string, number>();
  for (const model of models) for (const key of new Set(keysOf(model))) counts.set(key, (counts.get(key) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, MAX_KEY_COLUMNS)
    .map(([key]) => key);
}

export function ExperimentModelsPage({ experimentIds }: { experimentIds: readonly string[] }) {
  const [searchParams, setSearchParams] = useSearchParams();
  const filter = searchParams.get('mq') ?? '';
  const orderParam = searchParams.get('morder');
  const order: LoggedModelOrder = isOrder(orderParam) ? orderParam : 'created-desc';
  const search = useSearchLoggedModels(experimentIds, filter, order);
  const models = useMemo(() => search.data?.models ?? [], [search.data]);
  const metricKeys = useMemo(() => commonKeys(models, (model) => latestMetrics(model).keys()), [models]);
  const paramKeys = useMemo(() => commonKeys(models, (model) => model.params.map((param) => param.key)), [models]);

  const update = (changes: Record<string, string>) => {
    const next = new URLSearchParams(searchParams);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setSearchParams(next);
  };

  return (
    <section className="logged-models" aria-label="Logged models">
      <SearchToolbar
        label="Filter logged models"
        placeholder="metrics.accuracy > 0.9 AND params.lr = '0.01' AND name LIKE 'clf%'"
        filter={filter}
        onFilterChange={(next) => update({ mq: next })}
        orders={ORDERS}
        order={order}
        onOrderChange={(next) => update({ morder: next === 'created-desc' ? '' : next })}
        error={search.error}
      />
      {search.isError ? (
        // A refused filter is reported by the toolbar, next to the filter.
        isFilterRefusal(search.error, filter) ? null : (
          <ErrorPanel error={search.error} title="Could not load the logged models" onRetry={() => void search.refetch()} />
        )
      ) : search.isPending ? (
        <SkeletonLines lines={5} label="Loading logged models" />
      ) : models.length === 0 ? (
        <EmptyState title={filter ? 'No logged model matches' : 'No logged models yet'}>
          {filter ? 'Change or clear the filter.' : 'Models logged with MLflow 3 (mlflow.<flavor>.log_model(..., name=...)) appear here.'}
        </EmptyState>
      ) : (
        <div className="logged-models-table-wrap">
          <table className="table logged-models-table" aria-label="Logged models">
            <thead>
              <tr>
                <th scope="col">Model</th>
                <th scope="col">Status</th>
                <th scope="col">Source run</th>
                <th scope="col">Created</th>
                {metricKeys.map((key) => (
                  <th key={`m:${key}`} scope="col" className="num" title={`Metric ${key}`}>
                    {key}
                  </th>
                ))}
                {paramKeys.map((key) => (
                  <th key={`p:${key}`} scope="col" title={`Parameter ${key}`}>
                    <span className="muted">param</span> {key}
                  </th>
                ))}
                <th scope="col">Registered</th>
              </tr>
            </thead>
            <tbody>
              {models.map((model) => {
                const metrics = latestMetrics(model);
                return (
                  <tr key={model.modelId}>
                    <td>
                      <Link to={paths.loggedModel(model.modelId)}>{model.name}</Link>
                      <div className="muted mono logged-model-id">{model.modelId}</div>
                    </td>
                    <td>
                      <LoggedModelStatus status={model.status} />
                    </td>
                    <td>{model.sourceRunId ? <Link to={paths.run(model.experimentId, model.sourceRunId)} className="mono">{model.sourceRunId.slice(0, 8)}</Link> : <span className="muted">—</span>}</td>
                    <td>
                      <RelativeTime ms={model.createdAt} />
                    </td>
                    {metricKeys.map((key) => {
                      const metric = metrics.get(key);
                      return (
                        <td key={`m:${key}`} className="num mono">
                          {metric ? formatMetricValue(metric.value) : <span className="muted">—</span>}
                        </td>
                      );
                    })}
                    {paramKeys.map((key) => (
                      <td key={`p:${key}`} className="mono">
                        {model.params.find((param) => param.key === key)?.value ?? <span className="muted">—</span>}
                      </td>
                    ))}
                    <td>
                      {model.registrations.length === 0 ? (
                        <span className="muted">—</span>
                      ) : (
                        model.registrations.map((registration) => (
                          <Link key={`${registration.name}/${registration.version}`} className="logged-model-registration" to={paths.modelVersion(registration.name, registration.version)}>
                            {registration.name} v{registration.version}
                          </Link>
                        ))
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {search.data?.nextPageToken && <p className="muted">Showing the first {models.length} models; narrow the filter to see others.</p>}
        </div>
      )}
    </section>
  );
}
