import { Link } from 'react-router';
import { ErrorPanel } from '../../../components/error-view';
import { RelativeTime } from '../../../components/relative-time/relative-time';
import { SkeletonLines } from '../../../components/skeleton/skeleton';
import { useRunModelVersions } from '../../../entities/registry/api/search-model-versions';
import { useChildRuns } from '../../../entities/runs/api/search-runs';
import type { SearchRunsParams } from '../../../entities/runs/run-search-params';
import { TAGS, type RunView } from '../api/run-model';
import { parseLogModelHistory } from '../utils/mlmodel';
import { runPath } from '../utils/metric-path';
import { RunStatusBadge } from './run-status-badge';
import { paths } from '../../../config/paths';

export function DatasetsPanel({ run }: { run: RunView }) {
  if (run.datasets.length === 0) return <p className="muted panel-empty">No datasets logged.</p>;
  return (
    <table className="table" aria-label="Datasets">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Context</th>
          <th scope="col">Digest</th>
          <th scope="col">Source</th>
        </tr>
      </thead>
      <tbody>
        {run.datasets.map((dataset) => (
          <tr key={`${dataset.name}-${dataset.digest}-${dataset.context}`}>
            <td>
              <strong>{dataset.name}</strong>
              {dataset.schema && (
                <details className="dataset-schema">
                  <summary>Schema</summary>
                  <pre>{prettyJson(dataset.schema)}</pre>
                </details>
              )}
            </td>
            <td>{dataset.context ? <span className="badge">{dataset.context}</span> : <span className="muted">—</span>}</td>
            <td className="mono">{dataset.digest}</td>
            <td>
              {dataset.sourceType && <span className="badge">{dataset.sourceType}</span>} <span className="mono dataset-source">{sourceText(dataset.source)}</span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/** Dataset sources are often JSON like {"uri": "..."}; show the URI when there is one. */
function sourceText(source: string): string {
  try {
    const value = JSON.parse(source) as unknown;
    if (value && typeof value === 'object' && 'uri' in value && typeof value.uri === 'string') return value.uri;
  } catch {
    // plain text
  }
  return source.length > 200 ? `${source.slice(0, 200)}…` : source;
}

export function ModelsPanel({ run, onOpenArtifact }: { run: RunView; onOpenArtifact: (path: string) => void }) {
  const logged = parseLogModelHistory(run.tagMap.get(TAGS.logModelHistory));
  const versions = useRunModelVersions(run.id);
  return (
    <div className="run-models">
      <div>
        <h3 className="run-subheading">Logged models</h3>
        {logged.length === 0 ? (
          <p className="muted panel-empty">No models logged.</p>
        ) : (
          <ul className="run-model-list">
            {logged.map((model, index) => (
              <li key={`${model.artifactPath}-${index}`}>
                <button type="button" className="btn btn-sm btn-ghost mono" onClick={() => onOpenArtifact(model.artifactPath)} title="Show in artifacts">
                  {model.artifactPath || '(root)'}
                </button>
                {model.flavors.map((flavor) => (
                  <span key={flavor.name} className="badge">
                    {flavor.name}
                  </span>
                ))}
                {model.createdAt && <span className="muted run-model-time">{model.createdAt.slice(0, 19)} UTC</span>}
              </li>
            ))}
          </ul>
        )}
      </div>
      <div>
        <h3 className="run-subheading">Registered model versions</h3>
        {versions.isPending ? (
          <SkeletonLines lines={2} label="Loading model versions" />
        ) : versions.isError ? (
          <ErrorPanel error={versions.error} title="Could not load model versions" onRetry={() => void versions.refetch()} />
        ) : versions.data.length === 0 ? (
          <p className="muted panel-empty">None registered from this run.</p>
        ) : (
          <ul className="run-model-list" aria-label="Registered model versions">
            {versions.data.map((version) => (
              <li key={`${version.name}-${version.version}`}>
                <Link to={paths.modelVersion(version.name, version.version)}>
                  {version.name} v{version.version}
                </Link>
                {version.stage !== 'None' && <span className="badge">{version.stage}</span>}
                {version.aliases.map((alias) => (
                  <span key={alias} className="badge badge-info">
                    @{alias}
                  </span>
                ))}
                <span className="muted run-model-time">
                  <RelativeTime ms={version.creationTimestamp} />
                </span>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}

const CHILD_RUNS_SHOWN = 100;

export function ChildRunsPanel({ run }: { run: RunView }) {
  const params: SearchRunsParams = { experimentIds: [run.experimentId], filter: '', orderBy: ['attributes.start_time DESC'], runViewType: 'ACTIVE_ONLY' };
  const children = useChildRuns(run.id, params, CHILD_RUNS_SHOWN);
  if (children.isPending) return <SkeletonLines lines={2} label="Loading child runs" />;
  if (children.isError) return <ErrorPanel error={children.error} title="Could not load child runs" onRetry={() => void children.refetch()} />;
  if (children.data.runs.length === 0) return <p className="muted panel-empty">No child runs.</p>;
  return (
    <>
      <ul className="run-children" aria-label="Child runs">
        {children.data.runs.map((child) => (
          <li key={child.runId}>
            <Link to={runPath(child.experimentId, child.runId)}>{child.name}</Link>
            <RunStatusBadge status={child.status} />
            <span className="muted">
              <RelativeTime ms={child.startTime} />
            </span>
          </li>
        ))}
      </ul>
      {children.data.truncated && <p className="muted">Showing the latest {children.data.runs.length} child runs.</p>}
    </>
  );
}
