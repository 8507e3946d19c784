import { useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useDocumentTitle } from '../../components/document-title/use-document-title';
import { EmptyState } from '../../components/empty-state/empty-state';
import { ErrorPanel, isNotFound, PanelErrorBoundary } from '../../components/error-view';
import { EditableMarkdown } from '../../components/markdown';
import { RelativeTime } from '../../components/relative-time/relative-time';
import { PageSkeleton } from '../../components/skeleton/skeleton';
import { TagsEditor, userTags } from '../../components/tags-editor';
import { paths } from '../../config/paths';
import { loggedModelIdFromUri } from '../../entities/logged-models';
import { useRegistrySync } from '../../entities/registry/invalidate-registry';
import { useDeleteModelVersionTag } from '../../entities/registry/api/delete-model-version-tag';
import { useModelVersion } from '../../entities/registry/api/get-model-version';
import { useRegisteredModel } from '../../entities/registry/api/get-registered-model';
import { aliasesOf } from '../../entities/registry/registry-model';
import { useModelVersions } from '../../entities/registry/api/search-model-versions';
import { useSetModelVersionTag } from '../../entities/registry/api/set-model-version-tag';
import { useUpdateModelVersion } from '../../entities/registry/api/update-model-version';
import { ActionMenu } from './components/action-menu';
import { AliasChip } from './components/alias-chip';
import { DeleteVersionDialog } from './components/delete-version-dialog';
import { MlModelPanel } from './components/mlmodel-panel';
import { modelPath } from './components/models-table';
import { PromotionDialogs } from './components/promotion-dialogs';
import { SourceRunPanel } from './components/source-run-panel';
import { StageBadge } from './components/stage-badge';
import { versionMenuItems } from './components/version-menu-items';
import { usePromotion } from './hooks/use-promotion';
import { modelResource, useAccess } from '../../lib/auth/current-user';
import { comparePath } from './utils/model-page-params';
import { sourceRunId } from './utils/source-run';
import { compareVersions } from '../../entities/registry/stage-counts';
import './registry.css';

/** `/models/:name/versions/:version`: source run, MLmodel and signature, description, tags, promotion. */
export function ModelVersionPage() {
  const { name = '', version = '' } = useParams();
  useDocumentTitle(`${name} v${version}`);
  useRegistrySync();
  const navigate = useNavigate();
  const versionQuery = useModelVersion(name, version);
  const model = useRegisteredModel(name);
  const versionsQuery = useModelVersions(name);
  const promotion = usePromotion(name);
  const canUpdate = useAccess([modelResource(name)], 'update');
  const canDelete = useAccess([modelResource(name)], 'delete');
  const updateVersion = useUpdateModelVersion();
  const setTag = useSetModelVersionTag();
  const deleteTag = useDeleteModelVersionTag();
  const [deleting, setDeleting] = useState(false);

  const aliases = useMemo(() => model.data?.aliases ?? [], [model.data]);
  const allVersions = useMemo(() => versionsQuery.data ?? [], [versionsQuery.data]);

  if (versionQuery.isPending) return <PageSkeleton label="Loading model version" />;
  if (versionQuery.isError) {
    return (
      <div className="page registry-page">
        {isNotFound(versionQuery.error) ? (
          <EmptyState title="Version not found" action={<Link to={modelPath(name)}>Back to {name}</Link>}>
            “{name}” has no version {version}. It may have been deleted.
          </EmptyState>
        ) : (
          <ErrorPanel error={versionQuery.error} title="Could not load this version" onRetry={() => void versionQuery.refetch()} />
        )}
      </div>
    );
  }
  // The list (kept current by promotions) wins over the detail query for stage.
  const current = allVersions.find((item) => item.version === version) ?? versionQuery.data;
  const ownAliases = model.data ? aliasesOf(current.version, aliases) : current.aliases;
  const runId = sourceRunId(current);
  const others = allVersions.filter((item) => item.version !== current.version).sort((a, b) => compareVersions(b.version, a.version));
  const compareTarget =
    others.find((item) => item.stage === 'Production') ?? others.find((item) => aliasesOf(item.version, aliases).includes('champion')) ?? others[0];

  return (
    <div className="page registry-page version-page">
      <div className="page-header">
        <div className="registry-title">
          <h1>
            <Link to={modelPath(name)} className="version-page-model">
              {name}
            </Link>{' '}
            <span className="version-page-slash" aria-hidden="true">
              /
            </span>{' '}
            Version {current.version}
          </h1>
          <div className="version-page-badges">
            <StageBadge stage={current.stage} />
            {ownAliases.map((alias) => (
              <AliasChip key={alias} alias={alias} />
            ))}
            <span className="muted">
              Registered <RelativeTime ms={current.creationTimestamp} /> · updated <RelativeTime ms={current.lastUpdatedTimestamp} />
            </span>
          </div>
        </div>
        <div className="toolbar">
          {compareTarget && (
            <Link className="btn" to={comparePath(name, [compareTarget.version, current.version].sort(compareVersions))}>
              Compare with v{compareTarget.version}
            </Link>
          )}
          <ActionMenu
            label={`Promote version ${current.version}`}
            className="btn btn-primary"
            items={versionMenuItems(current, aliases, {
              onChange: promotion.request,
              onNewAlias: promotion.requestNewAlias,
              onDelete: () => setDeleting(true),
              updateDenied: canUpdate.reason,
              deleteDenied: canDelete.reason,
            })}
          >
            Promote <span aria-hidden="true">▾</span>
          </ActionMenu>
        </div>
      </div>

      <div className="registry-grid">
        <div className="registry-main">
          <section className="panel" aria-labelledby="version-description-heading">
            <div className="panel-header">
              <h2 id="version-description-heading">Description</h2>
            </div>
            <div className="panel-body">
              <EditableMarkdown
                label="Version description"
                value={versionQuery.data.description}
                disabledReason={canUpdate.reason}
                onSave={(description) => updateVersion.mutateAsync({ name, version: current.version, description })}
              />
            </div>
          </section>
          <PanelErrorBoundary title="The source run panel failed">
            <SourceRunPanel runId={runId} />
          </PanelErrorBoundary>
          <PanelErrorBoundary title="The MLmodel panel failed">
            <MlModelPanel name={name} version={current.version} location={current} />
          </PanelErrorBoundary>
        </div>
        <aside className="registry-side" aria-label="Version details">
          <section className="panel" aria-labelledby="version-details-heading">
            <div className="panel-header">
              <h2 id="version-details-heading">Details</h2>
            </div>
            <div className="panel-body">
              <dl className="facts">
                <div className="facts-row">
                  <dt>Source</dt>
                  <dd className="mono">
                    {loggedModelIdFromUri(current.source) ? <Link to={paths.loggedModel(loggedModelIdFromUri(current.source) ?? '')}>{current.source}</Link> : current.source || '—'}
                  </dd>
                </div>
                <div className="facts-row">
                  <dt>Status</dt>
                  <dd>
                    {current.status === 'READY' ? 'Ready' : current.status}
                    {current.statusMessage && <span className="muted"> — {current.statusMessage}</span>}
                  </dd>
                </div>
                {current.userId && (
                  <div className="facts-row">
                    <dt>Registered by</dt>
                    <dd>{current.userId}</dd>
                  </div>
                )}
                {current.runLink && (
                  <div className="facts-row">
                    <dt>Run link</dt>
                    <dd className="mono">{current.runLink}</dd>
                  </div>
                )}
                <div className="facts-row">
                  <dt>Load with</dt>
                  <dd className="mono">
                    models:/{name}/{current.version}
                    {ownAliases.map((alias) => (
                      <span key={alias}>
                        <br />
                        models:/{name}@{alias}
                      </span>
                    ))}
                  </dd>
                </div>
              </dl>
            </div>
          </section>
          <section className="panel" aria-labelledby="version-tags-heading">
            <div className="panel-header">
              <h2 id="version-tags-heading">Tags</h2>
            </div>
            <div className="panel-body">
              <TagsEditor
                label="Version tags"
                tags={userTags(versionQuery.data.tags)}
                disabledReason={canUpdate.reason}
                onSet={(key, value) => setTag.mutateAsync({ name, version: current.version, key, value })}
                onDelete={(key) => deleteTag.mutateAsync({ name, version: current.version, key })}
              />
            </div>
          </section>
        </aside>
      </div>

      <PromotionDialogs promotion={promotion} versions={allVersions.length > 0 ? allVersions : [current]} aliases={aliases} />
      {deleting && (
        <DeleteVersionDialog version={current} aliases={aliases} onClose={() => setDeleting(false)} onDeleted={() => void navigate(modelPath(name), { replace: true })} />
      )}
    </div>
  );
}
