import { useQueries } from '@tanstack/react-query';
import { useId, useMemo, useState, type ReactNode } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { useDocumentTitle } from '../../components/document-title/use-document-title';
import { EmptyState } from '../../components/empty-state/empty-state';
import { ErrorPanel } from '../../components/error-view';
import { RelativeTime } from '../../components/relative-time/relative-time';
import { SkeletonLines } from '../../components/skeleton/skeleton';
import { useRegistrySync } from '../../entities/registry/invalidate-registry';
import { mlModelQueryOptions } from '../../entities/registry/api/get-model-version-mlmodel';
import { useRegisteredModel } from '../../entities/registry/api/get-registered-model';
import { useSourceRuns } from './hooks/use-source-runs';
import { aliasesOf, type RegistryVersion } from '../../entities/registry/registry-model';
import { useModelVersions } from '../../entities/registry/api/search-model-versions';
import { AliasChip } from './components/alias-chip';
import { MetricValue } from './components/metric-value';
import { modelPath } from './components/models-table';
import { SourceRunLink } from './components/source-run-link';
import { StageBadge } from './components/stage-badge';
import { versionPath } from './components/versions-table';
import { comparePath, readCompareVersions } from './utils/model-page-params';
import { sourceRunId } from './utils/source-run';
import { compareVersions } from '../../entities/registry/stage-counts';
import { diffMetrics, diffParams, diffSignatures } from './utils/version-diff';
import './registry.css';

function SectionRow({ title, columns, note }: { title: string; columns: number; note?: ReactNode }) {
  return (
    <tr className="compare-section">
      <th scope="colgroup" colSpan={columns + 1}>
        {title}
        {note && <span className="compare-section-note muted"> {note}</span>}
      </th>
    </tr>
  );
}

/** `/models/:name/compare?versions=1,2`: versions side by side, differences highlighted. */
export function ModelComparePage() {
  const { name = '' } = useParams();
  const [searchParams, setSearchParams] = useSearchParams();
  const requested = readCompareVersions(searchParams);
  useDocumentTitle(`Compare ${name} ${requested.map((version) => `v${version}`).join(', ')}`);
  useRegistrySync();
  const [onlyDifferences, setOnlyDifferences] = useState(false);
  const onlyDifferencesId = useId();
  const model = useRegisteredModel(name);
  const versionsQuery = useModelVersions(name);
  const allVersions = useMemo(() => versionsQuery.data ?? [], [versionsQuery.data]);
  const aliases = model.data?.aliases ?? [];

  const compared = useMemo(
    () => requested.flatMap((version) => allVersions.find((item) => item.version === version) ?? []).sort((a, b) => compareVersions(a.version, b.version)),
    [requested, allVersions],
  );
  const missing = versionsQuery.data ? requested.filter((version) => !allVersions.some((item) => item.version === version)) : [];
  const runIds = useMemo(() => compared.map((version) => sourceRunId(version) ?? ''), [compared]);
  const runs = useSourceRuns(runIds);
  const mlModels = useQueries({ queries: compared.map((version) => mlModelQueryOptions(name, version.version, version)) });

  const runOf = (version: RegistryVersion) => {
    const runId = sourceRunId(version);
    return runId ? runs.runs.get(runId) : undefined;
  };
  const params = diffParams(compared.map((version) => runOf(version)?.params));
  const metrics = diffMetrics(compared.map((version) => runOf(version)?.metrics));
  const summaries = mlModels.map((result) => (result.data?.found ? result.data.summary : undefined));
  const signature = diffSignatures(summaries);
  const visibleParams = onlyDifferences ? params.filter((row) => row.differs) : params;
  const visibleMetrics = onlyDifferences ? metrics.filter((row) => row.differs) : metrics;
  const visibleSignature = onlyDifferences ? signature.filter((row) => row.differs) : signature;
  const columns = compared.length;

  const toggleVersion = (version: string) => {
    const next = requested.includes(version) ? requested.filter((item) => item !== version) : [...requested, version];
    setSearchParams(new URLSearchParams({ versions: next.sort(compareVersions).join(',') }), { replace: true });
  };

  if (versionsQuery.isPending || model.isPending) {
    return (
      <div className="page registry-page">
        <SkeletonLines lines={8} label="Loading versions" />
      </div>
    );
  }
  if (versionsQuery.isError || model.isError) {
    return (
      <div className="page registry-page">
        <ErrorPanel error={versionsQuery.error ?? model.error} title="Could not load the model" onRetry={() => void versionsQuery.refetch()} />
      </div>
    );
  }

  return (
    <div className="page registry-page compare-versions-page">
      <div className="page-header">
        <div className="registry-title">
          <h1>Compare versions</h1>
          <p className="muted page-subtitle">
            of <Link to={modelPath(name)}>{name}</Link>: source runs’ metrics and parameters, and model signatures.
          </p>
        </div>
        <div className="toolbar">
          <input id={onlyDifferencesId} type="checkbox" checked={onlyDifferences} onChange={(event) => setOnlyDifferences(event.target.checked)} />
          <label htmlFor={onlyDifferencesId}>Only differences</label>
        </div>
      </div>

      <fieldset className="compare-picker">
        <legend className="muted">Versions to compare</legend>
        {[...allVersions].sort((a, b) => compareVersions(a.version, b.version)).map((version) => (
          <label key={version.version} className="compare-picker-item">
            <input type="checkbox" checked={requested.includes(version.version)} onChange={() => toggleVersion(version.version)} />
            v{version.version}
          </label>
        ))}
      </fieldset>
      {missing.length > 0 && (
        <p className="field-error" role="alert">
          Not found: version{missing.length > 1 ? 's' : ''} {missing.join(', ')} (deleted, or never registered).{' '}
          <Link to={comparePath(name, compared.map((version) => version.version))}>Compare the others</Link>
        </p>
      )}

      {compared.length < 2 ? (
        <EmptyState title="Pick two or more versions">Tick the versions to compare above.</EmptyState>
      ) : (
        <div className="panel compare-panel">
          <div className="compare-scroll">
            <table className="table compare-table" aria-label={`Versions ${compared.map((version) => version.version).join(', ')} of ${name} compared`}>
              <thead>
                <tr>
                  <th scope="col" className="compare-key-cell">
                    <span className="visually-hidden">Field</span>
                  </th>
                  {compared.map((version) => (
                    <th key={version.version} scope="col">
                      <Link to={versionPath(name, version.version)}>Version {version.version}</Link>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                <SectionRow title="Overview" columns={columns} />
                <tr>
                  <th scope="row">Stage</th>
                  {compared.map((version) => (
                    <td key={version.version}>
                      <StageBadge stage={version.stage} />
                    </td>
                  ))}
                </tr>
                <tr>
                  <th scope="row">Aliases</th>
                  {compared.map((version) => (
                    <td key={version.version}>
                      <span className="chip-list">
                        {aliasesOf(version.version, aliases).map((alias) => (
                          <AliasChip key={alias} alias={alias} />
                        ))}
                      </span>
                    </td>
                  ))}
                </tr>
                <tr>
                  <th scope="row">Registered</th>
                  {compared.map((version) => (
                    <td key={version.version}>
                      <RelativeTime ms={version.creationTimestamp} />
                    </td>
                  ))}
                </tr>
                <tr>
                  <th scope="row">Source run</th>
                  {compared.map((version) => {
                    const runId = sourceRunId(version);
                    return (
                      <td key={version.version}>
                        <SourceRunLink runId={runId} run={runOf(version)} failed={runId ? runs.failed.has(runId) : false} />
                      </td>
                    );
                  })}
                </tr>

                <SectionRow title="Metrics" columns={columns} note={runs.pending ? 'loading…' : '▲ best value of a differing metric'} />
                {visibleMetrics.length === 0 && (
                  <tr>
                    <td colSpan={columns + 1} className="muted">
                      {metrics.length === 0 ? 'No metrics.' : 'No differences.'}
                    </td>
                  </tr>
                )}
                {visibleMetrics.map((row) => (
                  <tr key={`metric-${row.key}`} className={row.differs ? 'compare-differs' : undefined} data-differs={row.differs || undefined}>
                    <th scope="row" className="mono">
                      {row.key}
                      {row.lowerIsBetter && <span className="muted compare-direction"> (lower is better)</span>}
                    </th>
                    {row.values.map((value, index) => (
                      <td key={compared[index]?.version ?? index} className={row.best.includes(index) ? 'compare-best' : undefined}>
                        <MetricValue value={value} />
                        {row.best.includes(index) && (
                          <span className="compare-best-mark">
                            <span aria-hidden="true"> ▲</span>
                            <span className="visually-hidden"> (best)</span>
                          </span>
                        )}
                      </td>
                    ))}
                  </tr>
                ))}

                <SectionRow title="Parameters" columns={columns} />
                {visibleParams.length === 0 && (
                  <tr>
                    <td colSpan={columns + 1} className="muted">
                      {params.length === 0 ? 'No parameters.' : 'No differences.'}
                    </td>
                  </tr>
                )}
                {visibleParams.map((row) => (
                  <tr key={`param-${row.key}`} className={row.differs ? 'compare-differs' : undefined} data-differs={row.differs || undefined}>
                    <th scope="row" className="mono">
                      {row.key}
                    </th>
                    {row.values.map((value, index) => (
                      <td key={compared[index]?.version ?? index} className="mono">
                        {value ?? <span className="muted">—</span>}
                      </td>
                    ))}
                  </tr>
                ))}

                <SectionRow title="Signature" columns={columns} note={mlModels.some((result) => result.isPending) ? 'loading…' : undefined} />
                {visibleSignature.length === 0 && (
                  <tr>
                    <td colSpan={columns + 1} className="muted">
                      {signature.length === 0 ? 'No signatures.' : 'No differences.'}
                    </td>
                  </tr>
                )}
                {visibleSignature.map((row) => (
                  <tr key={`signature-${row.section}-${row.name}`} className={row.differs ? 'compare-differs' : undefined} data-differs={row.differs || undefined}>
                    <th scope="row">
                      <span className="muted">{row.section === 'inputs' ? 'input' : row.section === 'outputs' ? 'output' : 'param'}</span>{' '}
                      <span className="mono">{row.name}</span>
                    </th>
                    {row.types.map((type, index) => (
                      <td key={compared[index]?.version ?? index} className="mono">
                        {type ?? <span className="muted">{summaries[index] ? 'absent' : 'no signature'}</span>}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
    </div>
  );
}
