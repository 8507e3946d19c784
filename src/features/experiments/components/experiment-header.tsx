import { lazy, Suspense, useEffect, useState, type ReactNode } from 'react';
import { Link, useNavigate } from 'react-router';
import { ConfirmDialog } from '../../../components/dialog';
import { useDocumentTitle } from '../../../components/document-title/use-document-title';
import { ErrorPanel, isNotFound } from '../../../components/error-view';
import { RelativeTime } from '../../../components/relative-time/relative-time';
import { Skeleton } from '../../../components/skeleton/skeleton';
import { TagsEditor, userTags } from '../../../components/tags-editor';
import { useDeleteExperimentTag } from '../../../entities/experiments/api/delete-experiment-tag';
import { useDeleteExperiment } from '../../../entities/experiments/api/delete-experiment';
import { NOTE_TAG } from '../../../entities/experiments/experiment-model';
import { useExperiment } from '../../../entities/experiments/api/get-experiment';
import { useRestoreExperiment } from '../../../entities/experiments/api/restore-experiment';
import { useSetExperimentTag } from '../../../entities/experiments/api/set-experiment-tag';
import { RenameExperimentDialog } from './rename-experiment-dialog';
import { experimentResource, useAccess } from '../../../lib/auth/current-user';
import './experiment-header.css';
import { paths } from '../../../config/paths';

// The markdown renderer is ~170 KB of script: loaded once the browser is idle (after the runs
// table's first rows), so parsing it does not delay them; the plain text shows until then.
const EditableMarkdown = lazy(() => import('../../../components/markdown').then((module) => ({ default: module.EditableMarkdown })));
const DESCRIPTION_PLACEHOLDER = 'No description. Add notes about this experiment.';
/** Longest wait for an idle moment before the markdown renderer loads anyway. */
const MARKDOWN_IDLE_TIMEOUT_MS = 1500;

function DeferredSuspense({ fallback, children }: { fallback: ReactNode; children: ReactNode }) {
  const [ready, setReady] = useState(false);
  useEffect(() => {
    if (typeof requestIdleCallback !== 'function') {
      const timer = setTimeout(() => setReady(true), 0);
      return () => clearTimeout(timer);
    }
    const handle = requestIdleCallback(() => setReady(true), { timeout: MARKDOWN_IDLE_TIMEOUT_MS });
    return () => cancelIdleCallback(handle);
  }, []);
  return ready ? <Suspense fallback={fallback}>{children}</Suspense> : fallback;
}

/** Title block above the runs of one or several experiments. */
export function ExperimentHeader({ ids }: { ids: string[] }) {
  if (ids.length === 1 && ids[0] !== undefined) return <SingleExperimentHeader id={ids[0]} />;
  return <MultiExperimentHeader ids={ids} />;
}

function MultiExperimentHeader({ ids }: { ids: string[] }) {
  useDocumentTitle(`${ids.length} experiments`);
  return (
    <header className="experiment-header">
      <div className="experiment-header-title">
        <h1>Runs of {ids.length} experiments</h1>
      </div>
      <ul className="experiment-header-chips" aria-label="Experiments shown">
        {ids.map((id) => (
          <li key={id}>
            <ExperimentChip id={id} />
          </li>
        ))}
      </ul>
    </header>
  );
}

function ExperimentChip({ id }: { id: string }) {
  const { data, isError } = useExperiment(id);
  return (
    <Link to={paths.experimentRuns([id])} className="badge experiment-chip">
      {isError ? `Experiment ${id} (unavailable)` : (data?.name ?? `Experiment ${id}`)}
    </Link>
  );
}

function SingleExperimentHeader({ id }: { id: string }) {
  const navigate = useNavigate();
  const experiment = useExperiment(id);
  const setTag = useSetExperimentTag();
  const deleteTag = useDeleteExperimentTag();
  const deleteExperiment = useDeleteExperiment();
  const restoreExperiment = useRestoreExperiment();
  const [dialog, setDialog] = useState<'rename' | 'delete' | null>(null);
  const [showTags, setShowTags] = useState(false);
  const canUpdate = useAccess([experimentResource(id)], 'update');
  const canDelete = useAccess([experimentResource(id)], 'delete');
  useDocumentTitle(experiment.data?.name ?? `Experiment ${id}`);

  if (experiment.isPending) {
    return (
      <header className="experiment-header">
        <Skeleton width={280} height={24} />
      </header>
    );
  }
  if (experiment.isError) {
    return (
      <header className="experiment-header">
        <ErrorPanel
          error={experiment.error}
          title={isNotFound(experiment.error) ? `Experiment ${id} was not found` : 'Could not load the experiment'}
          onRetry={() => void experiment.refetch()}
        />
      </header>
    );
  }

  const data = experiment.data;
  const deleted = data.lifecycleStage === 'deleted';
  const tags = userTags(data.tags);

  return (
    <header className="experiment-header">
      <div className="experiment-header-title">
        <h1>{data.name}</h1>
        <span className="badge mono" title="Experiment ID">
          ID {data.id}
        </span>
        {deleted && <span className="badge badge-danger">Deleted</span>}
        <div className="experiment-header-spacer" />
        {deleted ? (
          <button
            type="button"
            className="btn btn-sm"
            disabled={restoreExperiment.isPending || !canDelete.allowed}
            title={canDelete.reason}
            onClick={() => restoreExperiment.mutate({ id: data.id, name: data.name })}
          >
            Restore
          </button>
        ) : (
          <>
            <button type="button" className="btn btn-sm" onClick={() => setDialog('rename')} disabled={!canUpdate.allowed} title={canUpdate.reason}>
              Rename
            </button>
            <button type="button" className="btn btn-sm" onClick={() => setDialog('delete')} disabled={!canDelete.allowed} title={canDelete.reason}>
              Delete
            </button>
          </>
        )}
      </div>
      <dl className="experiment-header-meta">
        <div>
          <dt>Artifact location</dt>
          <dd className="mono">{data.artifactLocation || '—'}</dd>
        </div>
        <div>
          <dt>Created</dt>
          <dd>
            <RelativeTime ms={data.creationTime} />
          </dd>
        </div>
        <div>
          <dt>Last updated</dt>
          <dd>
            <RelativeTime ms={data.lastUpdateTime} />
          </dd>
        </div>
        <div>
          <dt>Tags</dt>
          <dd>
            <button
              type="button"
              className="btn btn-sm btn-ghost experiment-tags-toggle"
              aria-expanded={showTags}
              onClick={() => setShowTags((value) => !value)}
            >
              {tags.length} {tags.length === 1 ? 'tag' : 'tags'} {showTags ? '▴' : '▾'}
            </button>
          </dd>
        </div>
      </dl>
      <section className="experiment-header-description" aria-label="Experiment description">
        <DeferredSuspense fallback={<p className="experiment-description-loading">{data.description.trim() || DESCRIPTION_PLACEHOLDER}</p>}>
          <EditableMarkdown
            label="Description"
            value={data.description}
            readOnly={deleted}
            disabledReason={canUpdate.reason}
            placeholder={DESCRIPTION_PLACEHOLDER}
            onSave={(value) => setTag.mutateAsync({ experimentId: data.id, key: NOTE_TAG, value })}
          />
        </DeferredSuspense>
      </section>
      {showTags && (
        <section className="experiment-header-tags" aria-label="Experiment tags">
          <TagsEditor
            label="Experiment tags"
            tags={tags}
            readOnly={deleted}
            disabledReason={canUpdate.reason}
            onSet={(key, value) => setTag.mutateAsync({ experimentId: data.id, key, value })}
            onDelete={(key) => deleteTag.mutateAsync({ experimentId: data.id, key })}
          />
        </section>
      )}
      {dialog === 'rename' && <RenameExperimentDialog id={data.id} currentName={data.name} onClose={() => setDialog(null)} />}
      {dialog === 'delete' && (
        <ConfirmDialog
          title="Delete experiment?"
          confirmLabel="Delete"
          danger
          busy={deleteExperiment.isPending}
          onCancel={() => setDialog(null)}
          onConfirm={() =>
            deleteExperiment.mutate(
              { id: data.id, name: data.name },
              {
                onSuccess: () => {
                  setDialog(null);
                  void navigate(paths.experiments());
                },
              },
            )
          }
        >
          <p>
            “<strong>{data.name}</strong>” and all its runs will be moved to the deleted view. You can restore them later.
          </p>
        </ConfirmDialog>
      )}
    </header>
  );
}
