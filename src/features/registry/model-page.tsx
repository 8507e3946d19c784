import { useCallback, useId, useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useDocumentTitle } from '../../components/document-title/use-document-title';
import { EmptyState } from '../../components/empty-state/empty-state';
import { ErrorPanel, isNotFound, PanelErrorBoundary } from '../../components/error-view';
import { EditableMarkdown } from '../../components/markdown';
import { RelativeTime } from '../../components/relative-time/relative-time';
import { PageSkeleton, SkeletonLines } from '../../components/skeleton/skeleton';
import { TagsEditor, userTags } from '../../components/tags-editor';
import { useRegistrySync } from '../../entities/registry/invalidate-registry';
import { useDeleteRegisteredModelTag } from '../../entities/registry/api/delete-registered-model-tag';
import { useRegisteredModel } from '../../entities/registry/api/get-registered-model';
import { useSourceRuns } from './hooks/use-source-runs';
import type { RegistryVersion } from '../../entities/registry/registry-model';
import { useModelVersions } from '../../entities/registry/api/search-model-versions';
import { useSetRegisteredModelTag } from '../../entities/registry/api/set-registered-model-tag';
import { useUpdateRegisteredModel } from '../../entities/registry/api/update-registered-model';
import { AliasesPanel } from './components/aliases-panel';
import { DeleteModelDialog } from './components/delete-model-dialog';
import { DeleteVersionDialog } from './components/delete-version-dialog';
import { HistoryPanel } from './components/history-panel';
import { modelPath } from './components/models-table';
import { PromotionDialogs } from './components/promotion-dialogs';
import { PromotionWebhooksPanel } from './components/promotion-webhooks-panel';
import { RenameModelDialog } from './components/rename-model-dialog';
import { StagesPanel } from './components/stages-panel';
import { VersionsTable } from './components/versions-table';
import { usePromotion } from './hooks/use-promotion';
import { useUrlParams } from './hooks/use-url-params';
import { chooseKeyMetrics } from './utils/key-metrics';
import { ANY_ALIAS, comparePath, filterVersions, readModelPageParams, writeModelPageParams } from './utils/model-page-params';
import { sourceRunId } from './utils/source-run';
import { modelResource, useAccess } from '../../lib/auth/current-user';
import { countByStage, STAGE_ORDER } from '../../entities/registry/stage-counts';
import './registry.css';
import { paths } from '../../config/paths';

// Source runs are fetched one by one (runs/get); beyond this many versions only the newest get metrics.
const MAX_RUNS = 100;
const VERSIONS_SHOWN = 50;

/** `/models/:name`: description, tags, aliases, versions (filter, promote, compare) and history. */
export function ModelPage() {
  const { name = '' } = useParams();
  useDocumentTitle(name);
  useRegistrySync();
  const navigate = useNavigate();
  const [params, setParams] = useUrlParams(readModelPageParams, writeModelPageParams);
  const model = useRegisteredModel(name);
  const versionsQuery = useModelVersions(name);
  const allVersions = useMemo(() => versionsQuery.data ?? [], [versionsQuery.data]);
  const aliases = useMemo(() => model.data?.aliases ?? [], [model.data]);
  const runIds = useMemo(() => allVersions.slice(0, MAX_RUNS).flatMap((version) => sourceRunId(version) ?? []), [allVersions]);
  const runs = useSourceRuns(runIds);
  const keyMetrics = useMemo(() => chooseKeyMetrics([...runs.runs.values()].map((run) => Object.keys(run.metrics)), 3, params.metric), [runs.runs, params.metric]);
  const allMetricKeys = useMemo(() => [...new Set([...runs.runs.values()].flatMap((run) => Object.keys(run.metrics)))].sort(), [runs.runs]);
  const metricsOf = useCallback(
    (version: string) => {
      const found = allVersions.find((item) => item.version === version);
      const runId = found ? sourceRunId(found) : undefined;
      return runId ? runs.runs.get(runId)?.metrics : undefined;
    },
    [allVersions, runs.runs],
  );

  const promotion = usePromotion(name);
  const canUpdate = useAccess([modelResource(name)], 'update');
  const canDelete = useAccess([modelResource(name)], 'delete');
  const updateModel = useUpdateRegisteredModel();
  const setTag = useSetRegisteredModelTag();
  const deleteTag = useDeleteRegisteredModelTag();
  const [selected, setSelected] = useState<string[]>([]);
  const [showAll, setShowAll] = useState(false);
  const [dialog, setDialog] = useState<'rename' | 'delete' | null>(null);
  const [deletingVersion, setDeletingVersion] = useState<RegistryVersion | null>(null);
  const stageFilterId = useId();
  const aliasFilterId = useId();
  const metricId = useId();

  const filtered = useMemo(() => filterVersions(allVersions, aliases, params), [allVersions, aliases, params]);
  const shown = showAll ? filtered : filtered.slice(0, VERSIONS_SHOWN);
  const counts = countByStage(allVersions);
  const selectedExisting = selected.filter((version) => allVersions.some((item) => item.version === version));

  if (model.isPending) return <PageSkeleton label="Loading model" />;
  if (model.isError) {
    return (
      <div className="page registry-page">
        {isNotFound(model.error) ? (
          <EmptyState title="Model not found" action={<Link to={paths.models()}>All models</Link>}>
            No registered model is named “{name}”. It may have been renamed or deleted.
          </EmptyState>
        ) : (
          <ErrorPanel error={model.error} title="Could not load the model" onRetry={() => void model.refetch()} />
        )}
      </div>
    );
  }
  const current = model.data;

  return (
    <div className="page registry-page model-page">
      <div className="page-header">
        <div className="registry-title">
          <h1>{current.name}</h1>
          <p className="muted page-subtitle">
            Created <RelativeTime ms={current.creationTimestamp} /> · updated <RelativeTime ms={current.lastUpdatedTimestamp} /> ·{' '}
            {versionsQuery.data ? `${allVersions.length} version${allVersions.length === 1 ? '' : 's'}` : '…'}
          </p>
          {(canUpdate.reason ?? canDelete.reason) && (
            <p className="permission-reason" data-testid="permission-note">
              {canUpdate.reason ?? canDelete.reason}
            </p>
          )}
        </div>
        <div className="toolbar">
          <button type="button" className="btn" onClick={() => setDialog('rename')} disabled={!canUpdate.allowed} title={canUpdate.reason}>
            Rename
          </button>
          <button type="button" className="btn" onClick={() => setDialog('delete')} disabled={!versionsQuery.data || !canDelete.allowed} title={canDelete.reason}>
            Delete
          </button>
        </div>
      </div>

      <div className="registry-grid">
        <section className="panel" aria-labelledby="description-heading">
          <div className="panel-header">
            <h2 id="description-heading">Description</h2>
          </div>
          <div className="panel-body">
            <EditableMarkdown label="Model description" value={current.description} disabledReason={canUpdate.reason} onSave={(description) => updateModel.mutateAsync({ name: current.name, description })} />
          </div>
        </section>
        <div className="registry-side">
          <AliasesPanel name={current.name} aliases={aliases} onChange={promotion.request} removeDenied={canDelete.reason} />
          <StagesPanel name={current.name} versions={allVersions} />
          <PromotionWebhooksPanel />
        </div>
      </div>

      <section className="panel registry-full" aria-labelledby="versions-heading">
        <div className="panel-header">
          <h2 id="versions-heading">
            Versions <span className="muted">{versionsQuery.data ? filtered.length : ''}</span>
          </h2>
          <button
            type="button"
            className="btn btn-sm btn-primary"
            disabled={selectedExisting.length < 2}
            onClick={() => void navigate(comparePath(current.name, [...selectedExisting].sort((a, b) => Number(a) - Number(b))))}
            title="Tick two or more versions to compare them"
          >
            Compare selected{selectedExisting.length > 0 ? ` (${selectedExisting.length})` : ''}
          </button>
        </div>
        <div className="toolbar versions-toolbar">
          <span id={stageFilterId} className="muted">
            Stage
          </span>
          <div className="segmented" role="group" aria-labelledby={stageFilterId}>
            <button type="button" aria-pressed={params.stage === undefined} onClick={() => setParams({ stage: undefined })}>
              All {allVersions.length}
            </button>
            {STAGE_ORDER.map((stage) => (
              <button key={stage} type="button" aria-pressed={params.stage === stage} onClick={() => setParams({ stage })}>
                {stage === 'None' ? 'No stage' : stage} {counts[stage]}
              </button>
            ))}
          </div>
          <label htmlFor={aliasFilterId} className="muted">
            Alias
          </label>
          <select id={aliasFilterId} className="select" value={params.alias ?? ''} onChange={(event) => setParams({ alias: event.target.value || undefined })}>
            <option value="">Any</option>
            <option value={ANY_ALIAS}>With an alias</option>
            {aliases.map((pointer) => (
              <option key={pointer.alias} value={pointer.alias}>
                @{pointer.alias}
              </option>
            ))}
          </select>
          {allMetricKeys.length > 0 && (
            <>
              <label htmlFor={metricId} className="muted">
                Key metric
              </label>
              <select id={metricId} className="select" value={params.metric ?? ''} onChange={(event) => setParams({ metric: event.target.value || undefined })}>
                <option value="">Automatic</option>
                {allMetricKeys.map((key) => (
                  <option key={key} value={key}>
                    {key}
                  </option>
                ))}
              </select>
            </>
          )}
        </div>
        <PanelErrorBoundary title="The versions table failed">
          {versionsQuery.isPending ? (
            <div className="panel-body">
              <SkeletonLines lines={4} label="Loading versions" />
            </div>
          ) : versionsQuery.isError ? (
            <div className="panel-body">
              <ErrorPanel error={versionsQuery.error} title="Could not load the versions" onRetry={() => void versionsQuery.refetch()} />
            </div>
          ) : allVersions.length === 0 ? (
            <EmptyState title="No versions yet">Register one from a run: open the run’s artifacts, pick the model folder and choose “Register model”.</EmptyState>
          ) : filtered.length === 0 ? (
            <div className="panel-body">
              <p className="muted">
                No version matches these filters.{' '}
                <button type="button" className="btn btn-sm" onClick={() => setParams({ stage: undefined, alias: undefined })}>
                  Clear filters
                </button>
              </p>
            </div>
          ) : (
            <>
              <VersionsTable
                name={current.name}
                versions={shown}
                aliases={aliases}
                runs={runs}
                keyMetrics={keyMetrics}
                selected={new Set(selectedExisting)}
                onToggleSelected={(version) => setSelected((previous) => (previous.includes(version) ? previous.filter((item) => item !== version) : [...previous, version]))}
                onChange={promotion.request}
                onNewAlias={promotion.requestNewAlias}
                onDelete={setDeletingVersion}
                updateDenied={canUpdate.reason}
                deleteDenied={canDelete.reason}
              />
              {filtered.length > shown.length && (
                <div className="panel-body">
                  <button type="button" className="btn btn-sm" onClick={() => setShowAll(true)}>
                    Show all {filtered.length} versions
                  </button>
                </div>
              )}
              {aliases.length > 0 && <p className="field-hint versions-hint">Tip: drag an alias chip onto another version to move it; every change asks first.</p>}
            </>
          )}
        </PanelErrorBoundary>
      </section>

      <div className="registry-grid registry-grid-wide-side">
        <PanelErrorBoundary title="The history failed">
          <HistoryPanel
            model={current}
            versions={allVersions}
            metricsOf={metricsOf}
            keyMetrics={keyMetrics}
            onRollback={promotion.request}
            everything={params.allHistory}
            onEverythingChange={(allHistory) => setParams({ allHistory })}
          />
        </PanelErrorBoundary>
        <section className="panel" aria-labelledby="model-tags-heading">
          <div className="panel-header">
            <h2 id="model-tags-heading">Tags</h2>
          </div>
          <div className="panel-body">
            <TagsEditor
              label="Model tags"
              tags={userTags(current.tags)}
              disabledReason={canUpdate.reason}
              onSet={(key, value) => setTag.mutateAsync({ name: current.name, key, value })}
              onDelete={(key) => deleteTag.mutateAsync({ name: current.name, key })}
            />
          </div>
        </section>
      </div>

      <PromotionDialogs promotion={promotion} versions={allVersions} aliases={aliases} />
      {deletingVersion && <DeleteVersionDialog version={deletingVersion} aliases={aliases} onClose={() => setDeletingVersion(null)} />}
      {dialog === 'rename' && (
        <RenameModelDialog
          name={current.name}
          onClose={() => setDialog(null)}
          onRenamed={(renamed) => {
            setDialog(null);
            void navigate(modelPath(renamed.name), { replace: true });
          }}
        />
      )}
      {dialog === 'delete' && (
        <DeleteModelDialog
          name={current.name}
          versions={allVersions}
          aliases={aliases}
          onClose={() => setDialog(null)}
          onDeleted={() => {
            setDialog(null);
            void navigate(paths.models(), { replace: true });
          }}
        />
      )}
    </div>
  );
}
