// `/logged-models/:modelId`: one MLflow 3 logged model: status and source, metrics (per step and
// dataset), params, tags, files with previews, the runs that produced and used it, and the
// registered versions that point at it; "Register" makes a new version from it.
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useDocumentTitle } from '../../components/document-title/use-document-title';
import { EmptyState } from '../../components/empty-state/empty-state';
import { ErrorPanel, isNotFound, PanelErrorBoundary } from '../../components/error-view';
import { KeyValueTable, type KeyValueColumn } from '../../components/key-value-table';
import { RelativeTime } from '../../components/relative-time/relative-time';
import { PageSkeleton, SkeletonLines } from '../../components/skeleton/skeleton';
import { useLoggedModel, useRunsOfModel, type LoggedModel, type LoggedModelMetric } from '../../entities/logged-models';
import { formatMetricValue } from '../../lib/format/format-number';
import type { KeyValue } from '../../lib/mlflow/wire-types';
import { LoggedModelStatus } from './components/logged-model-status';
import { ModelArtifacts } from './components/model-artifacts';
import { RegisterLoggedModelDialog } from './components/register-logged-model-dialog';
import { paths } from '../../config/paths';
import './logged-models.css';

const kvKey = (item: KeyValue) => item.key;
const kvText = (item: KeyValue) => `${item.key} ${item.value}`;
const KV_COLUMNS: KeyValueColumn<KeyValue>[] = [
  { header: 'Key', width: '40%', cell: (item) => <span className="kv-key">{item.key}</span> },
  { header: 'Value', cell: (item) => <span className="kv-value mono">{item.value}</span> },
];

function metricColumns(experimentId: string): KeyValueColumn<LoggedModelMetric>[] {
  return [
    { header: 'Metric', width: '30%', cell: (metric) => <span className="kv-key">{metric.key}</span> },
    { header: 'Value', cell: (metric) => <span className="mono">{formatMetricValue(metric.value)}</span> },
    { header: 'Step', cell: (metric) => <span className="mono">{metric.step}</span> },
    { header: 'Dataset', cell: (metric) => (metric.datasetName ? <span className="mono">{metric.datasetName}</span> : <span className="muted">—</span>) },
    {
      header: 'Run',
      cell: (metric) =>
        metric.runId ? (
          <Link className="mono" to={paths.run(experimentId, metric.runId)}>
            {metric.runId.slice(0, 8)}
          </Link>
        ) : (
          <span className="muted">—</span>
        ),
    },
  ];
}

export function LoggedModelPage() {
  const { modelId = '' } = useParams();
  const query = useLoggedModel(modelId);
  useDocumentTitle(query.data?.name ?? modelId);
  const [registering, setRegistering] = useState(false);

  if (query.isPending) return <PageSkeleton label="Loading logged model" />;
  if (query.isError) {
    return (
      <div className="page">
        {isNotFound(query.error) ? (
          <EmptyState title="Logged model not found" action={<Link to="/experiments">Experiments</Link>}>
            No logged model has the id {modelId}. It may have been deleted.
          </EmptyState>
        ) : (
          <ErrorPanel error={query.error} title="Could not load this logged model" onRetry={() => void query.refetch()} />
        )}
      </div>
    );
  }
  const model = query.data;
  const userTags = model.tags.filter((tag) => !tag.key.startsWith('mlflow.'));
  return (
    <div className="page logged-model-page">
      <header className="page-header logged-model-header">
        <div>
          <h1>{model.name}</h1>
          <p className="muted mono">{model.modelId}</p>
        </div>
        <div className="toolbar">
          <LoggedModelStatus status={model.status} />
          <button type="button" className="btn btn-primary" onClick={() => setRegistering(true)}>
            Register model
          </button>
        </div>
      </header>
      <section className="panel" aria-labelledby="logged-model-details">
        <div className="panel-header">
          <h2 id="logged-model-details">Details</h2>
        </div>
        <dl className="panel-body logged-model-facts">
          <div>
            <dt>Experiment</dt>
            <dd>
              <Link to={paths.experimentModels(model.experimentId)}>Experiment {model.experimentId}</Link>
            </dd>
          </div>
          <div>
            <dt>Created</dt>
            <dd>
              <RelativeTime ms={model.createdAt} />
            </dd>
          </div>
          <div>
            <dt>Model type</dt>
            <dd>{model.modelType ?? <span className="muted">—</span>}</dd>
          </div>
          <div>
            <dt>Artifact location</dt>
            <dd className="mono">{model.artifactUri || '—'}</dd>
          </div>
          {model.statusMessage && (
            <div>
              <dt>Status message</dt>
              <dd>{model.statusMessage}</dd>
            </div>
          )}
        </dl>
      </section>
      <div className="logged-model-grid">
        <PanelErrorBoundary title="The runs panel failed">
          <ModelRuns model={model} />
        </PanelErrorBoundary>
        <section className="panel" aria-labelledby="logged-model-versions">
          <div className="panel-header">
            <h2 id="logged-model-versions">Registered versions</h2>
          </div>
          <div className="panel-body">
            {model.registrations.length === 0 ? (
              <p className="muted">Not registered yet. “Register model” makes it a version of a registered model.</p>
            ) : (
              <ul className="logged-model-links">
                {model.registrations.map((registration) => (
                  <li key={`${registration.name}/${registration.version}`}>
                    <Link to={paths.modelVersion(registration.name, registration.version)}>
                      {registration.name} version {registration.version}
                    </Link>
                  </li>
                ))}
              </ul>
            )}
          </div>
        </section>
      </div>
      <section className="panel" aria-labelledby="logged-model-metrics">
        <div className="panel-header">
          <h2 id="logged-model-metrics">Metrics</h2>
        </div>
        <div className="panel-body">
          <KeyValueTable
            label="Model metrics"
            items={model.metrics}
            getKey={(metric) => `${metric.key}|${metric.step}|${metric.datasetName ?? ''}|${metric.runId ?? ''}`}
            getSearchText={(metric) => `${metric.key} ${metric.datasetName ?? ''}`}
            columns={metricColumns(model.experimentId)}
            emptyText="No metrics logged for this model."
          />
        </div>
      </section>
      <div className="logged-model-grid">
        <section className="panel" aria-labelledby="logged-model-params">
          <div className="panel-header">
            <h2 id="logged-model-params">Parameters</h2>
          </div>
          <div className="panel-body">
            <KeyValueTable label="Model parameters" items={model.params} getKey={kvKey} getSearchText={kvText} columns={KV_COLUMNS} emptyText="No parameters." />
          </div>
        </section>
        <section className="panel" aria-labelledby="logged-model-tags">
          <div className="panel-header">
            <h2 id="logged-model-tags">Tags</h2>
          </div>
          <div className="panel-body">
            <KeyValueTable label="Model tags" items={userTags} getKey={kvKey} getSearchText={kvText} columns={KV_COLUMNS} emptyText="No tags." />
          </div>
        </section>
      </div>
      <section className="panel" aria-labelledby="logged-model-files">
        <div className="panel-header">
          <h2 id="logged-model-files">Files</h2>
        </div>
        <div className="panel-body">
          <PanelErrorBoundary title="The file browser failed" resetKey={model.modelId}>
            <ModelArtifacts modelId={model.modelId} />
          </PanelErrorBoundary>
        </div>
      </section>
      {registering && <RegisterLoggedModelDialog model={model} onClose={() => setRegistering(false)} />}
    </div>
  );
}

function ModelRuns({ model }: { model: LoggedModel }) {
  const runs = useRunsOfModel(model.experimentId, model.modelId);
  const others = (runs.data?.runs ?? []).filter((run) => run.runId !== model.sourceRunId);
  return (
    <section className="panel" aria-labelledby="logged-model-runs">
      <div className="panel-header">
        <h2 id="logged-model-runs">Runs</h2>
      </div>
      <div className="panel-body stack">
        <p>
          <span className="muted">Produced by </span>
          {model.sourceRunId ? (
            <Link to={paths.run(model.experimentId, model.sourceRunId)} className="mono">
              {model.sourceRunId}
            </Link>
          ) : (
            <span className="muted">no run</span>
          )}
        </p>
        {runs.isPending ? (
          <SkeletonLines lines={2} label="Loading runs" />
        ) : runs.isError ? (
          <ErrorPanel error={runs.error} title="Could not load the runs" onRetry={() => void runs.refetch()} />
        ) : others.length === 0 ? (
          <p className="muted">No other run logged or used this model.</p>
        ) : (
          <ul className="logged-model-links" aria-label="Runs that used this model">
            {others.map((run) => {
              const used = run.modelInputIds.includes(model.modelId);
              return (
                <li key={run.runId}>
                  <Link to={paths.run(run.experimentId, run.runId)}>{run.runName || run.runId}</Link>{' '}
                  <span className="muted">{used ? 'used it as an input' : 'logged it as an output'}</span>
                </li>
              );
            })}
          </ul>
        )}
        {runs.data?.truncated && <p className="muted">Only the experiment’s 100 most recent runs were checked.</p>}
      </div>
    </section>
  );
}
