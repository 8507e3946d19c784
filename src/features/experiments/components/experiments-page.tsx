import { useEffect, useId, useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { ConfirmDialog } from '../../../components/dialog';
import { useDocumentTitle } from '../../../components/document-title/use-document-title';
import { EmptyState } from '../../../components/empty-state/empty-state';
import { ErrorPanel } from '../../../components/error-view';
import { handleArrowNavigation } from '../../../components/list-navigation/arrow-navigation';
import { RelativeTime } from '../../../components/relative-time/relative-time';
import { SkeletonLines } from '../../../components/skeleton/skeleton';
import { isSystemTag } from '../../../components/tags-editor';
import { useDeleteExperiment } from '../../../entities/experiments/api/delete-experiment';
import type { Experiment } from '../../../entities/experiments/experiment-model';
import { useHasRuns } from '../../../entities/runs/api/search-runs';
import { useRestoreExperiment } from '../../../entities/experiments/api/restore-experiment';
import { useSearchExperiments } from '../../../entities/experiments/api/search-experiments';
import { useExperimentListParams } from '../hooks/use-experiment-list-params';
import { buildExperimentFilter, experimentsPath, orderByFor, SORT_LABELS, viewTypeFor, type ExperimentSort } from '../utils/experiment-list-params';
import { CreateExperimentDialog } from './create-experiment-dialog';
import { FirstRunGuide } from './first-run-guide';
import { RenameExperimentDialog } from './rename-experiment-dialog';
import { experimentResource, useAccess } from '../../../lib/auth/current-user';
import './experiments-page.css';
import { paths } from '../../../config/paths';

type PendingAction = { kind: 'rename' | 'delete' | 'restore'; experiment: Experiment } | null;

export function ExperimentsPage() {
  useDocumentTitle('Experiments');
  const navigate = useNavigate();
  const [params, setParams] = useExperimentListParams();
  const [queryDraft, setQueryDraft] = useState(params.query);
  const [selected, setSelected] = useState<string[]>([]);
  const [creating, setCreating] = useState(false);
  const [pending, setPending] = useState<PendingAction>(null);
  const searchId = useId();
  const sortId = useId();

  // Debounce typing into the URL (and so into the server-side filter).
  useEffect(() => {
    if (queryDraft === params.query) return undefined;
    const timer = setTimeout(() => setParams({ query: queryDraft }), 250);
    return () => clearTimeout(timer);
  }, [queryDraft, params.query, setParams]);

  // Back/forward may change the URL underneath the input.
  const [syncedQuery, setSyncedQuery] = useState(params.query);
  if (syncedQuery !== params.query) {
    setSyncedQuery(params.query);
    setQueryDraft(params.query);
  }

  const searchInput = useMemo(
    () => ({ filter: buildExperimentFilter(params.query), orderBy: orderByFor(params.sort), viewType: viewTypeFor(params.view) }),
    [params.query, params.sort, params.view],
  );
  const search = useSearchExperiments(searchInput);
  const experiments = useMemo(() => search.data?.pages.flatMap((page) => page.experiments) ?? [], [search.data]);

  const onlyDefault =
    params.view === 'active' && !params.query && search.isSuccess && !search.hasNextPage && experiments.length === 1 && experiments[0]?.id === '0';
  const defaultHasRuns = useHasRuns('0', onlyDefault);
  const showFirstRun = onlyDefault && defaultHasRuns.data === false;

  const deleteExperiment = useDeleteExperiment();
  const restoreExperiment = useRestoreExperiment();

  const toggle = (id: string) => setSelected((current) => (current.includes(id) ? current.filter((item) => item !== id) : [...current, id]));
  const visibleIds = new Set(experiments.map((experiment) => experiment.id));
  const selectedVisible = selected.filter((id) => visibleIds.has(id));
  const allSelected = experiments.length > 0 && experiments.every((experiment) => selected.includes(experiment.id));

  const confirmPending = () => {
    if (!pending) return;
    const { experiment } = pending;
    const mutation = pending.kind === 'delete' ? deleteExperiment : restoreExperiment;
    mutation.mutate(
      { id: experiment.id, name: experiment.name },
      {
        onSuccess: () => {
          setSelected((current) => current.filter((id) => id !== experiment.id));
          setPending(null);
        },
      },
    );
  };

  return (
    <div className="page experiments-page">
      <div className="page-header">
        <h1>Experiments</h1>
        <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
          New experiment
        </button>
      </div>

      <div className="experiments-toolbar toolbar">
        <label htmlFor={searchId} className="visually-hidden">
          Search experiments by name
        </label>
        <input
          id={searchId}
          type="search"
          className="input experiments-search"
          placeholder="Search experiments by name…"
          value={queryDraft}
          onChange={(event) => setQueryDraft(event.target.value)}
          data-search-input=""
        />
        <label htmlFor={sortId} className="experiments-sort-label muted">
          Sort by
        </label>
        <select id={sortId} className="select" value={params.sort} onChange={(event) => setParams({ sort: event.target.value as ExperimentSort })}>
          {(Object.keys(SORT_LABELS) as ExperimentSort[]).map((sort) => (
            <option key={sort} value={sort}>
              {SORT_LABELS[sort]}
            </option>
          ))}
        </select>
        <div className="segmented" role="group" aria-label="Show experiments">
          <button type="button" aria-pressed={params.view === 'active'} onClick={() => setParams({ view: 'active' })}>
            Active
          </button>
          <button type="button" aria-pressed={params.view === 'deleted'} onClick={() => setParams({ view: 'deleted' })}>
            Deleted
          </button>
        </div>
        <div className="experiments-toolbar-spacer" />
        {selectedVisible.length > 0 && (
          <div className="experiments-selection" role="status">
            <span>{selectedVisible.length} selected</span>
            <button type="button" className="btn btn-sm" onClick={() => setSelected([])}>
              Clear
            </button>
          </div>
        )}
        <button
          type="button"
          className="btn btn-primary"
          disabled={selectedVisible.length === 0}
          onClick={() => void navigate(experimentsPath(selectedVisible))}
          title="Open the runs of the selected experiments together"
        >
          {selectedVisible.length > 1 ? `Compare runs of ${selectedVisible.length} experiments` : 'View runs'}
        </button>
      </div>

      <div className="panel experiments-panel">
        {search.isPending ? (
          <div className="panel-body">
            <SkeletonLines lines={6} label="Loading experiments" />
          </div>
        ) : search.isError && experiments.length === 0 ? (
          <div className="panel-body">
            <ErrorPanel error={search.error} title="Could not load experiments" onRetry={() => void search.refetch()} />
          </div>
        ) : experiments.length === 0 ? (
          params.query ? (
            <EmptyState title="No experiments match">No {params.view === 'deleted' ? 'deleted ' : ''}experiment has “{params.query}” in its name.</EmptyState>
          ) : params.view === 'deleted' ? (
            <EmptyState title="No deleted experiments">Deleted experiments appear here and can be restored.</EmptyState>
          ) : (
            <EmptyState
              title="No experiments yet"
              action={
                <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
                  New experiment
                </button>
              }
            />
          )
        ) : (
          <table className="table experiments-table" aria-label={params.view === 'deleted' ? 'Deleted experiments' : 'Experiments'} aria-busy={search.isFetching}>
            <thead>
              <tr>
                <th scope="col" className="experiments-check-cell">
                  <input
                    type="checkbox"
                    aria-label="Select all experiments"
                    checked={allSelected}
                    onChange={() => setSelected(allSelected ? [] : experiments.map((experiment) => experiment.id))}
                  />
                </th>
                <th scope="col">Name</th>
                <th scope="col" className="experiments-id-cell">
                  ID
                </th>
                <th scope="col">Description</th>
                <th scope="col">Tags</th>
                <th scope="col">Last updated</th>
                <th scope="col">Created</th>
                <th scope="col" className="experiments-actions-cell">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody onKeyDown={handleArrowNavigation}>
              {experiments.map((experiment) => (
                <ExperimentRow
                  key={experiment.id}
                  experiment={experiment}
                  checked={selected.includes(experiment.id)}
                  onToggle={() => toggle(experiment.id)}
                  onAction={(kind) => setPending({ kind, experiment })}
                />
              ))}
            </tbody>
          </table>
        )}
        {search.hasNextPage && (
          <div className="experiments-more">
            <button type="button" className="btn btn-sm" onClick={() => void search.fetchNextPage()} disabled={search.isFetchingNextPage}>
              {search.isFetchingNextPage ? 'Loading…' : 'Load more'}
            </button>
          </div>
        )}
      </div>

      {showFirstRun && <FirstRunGuide />}

      {creating && (
        <CreateExperimentDialog
          onClose={() => setCreating(false)}
          onCreated={(id) => {
            setCreating(false);
            void navigate(paths.experimentRuns([id]));
          }}
        />
      )}
      {pending?.kind === 'rename' && <RenameExperimentDialog id={pending.experiment.id} currentName={pending.experiment.name} onClose={() => setPending(null)} />}
      {pending?.kind === 'delete' && (
        <ConfirmDialog
          title="Delete experiment?"
          confirmLabel="Delete"
          danger
          busy={deleteExperiment.isPending}
          onConfirm={confirmPending}
          onCancel={() => setPending(null)}
        >
          <p>
            “<strong>{pending.experiment.name}</strong>” and all its runs will be moved to the deleted view. You can restore them later.
          </p>
        </ConfirmDialog>
      )}
      {pending?.kind === 'restore' && (
        <ConfirmDialog title="Restore experiment?" confirmLabel="Restore" busy={restoreExperiment.isPending} onConfirm={confirmPending} onCancel={() => setPending(null)}>
          <p>
            “<strong>{pending.experiment.name}</strong>” and its runs become active again.
          </p>
        </ConfirmDialog>
      )}
    </div>
  );
}

function ExperimentRow({
  experiment,
  checked,
  onToggle,
  onAction,
}: {
  experiment: Experiment;
  checked: boolean;
  onToggle: () => void;
  onAction: (kind: 'rename' | 'delete' | 'restore') => void;
}) {
  const deleted = experiment.lifecycleStage === 'deleted';
  const canUpdate = useAccess([experimentResource(experiment.id)], 'update');
  const canDelete = useAccess([experimentResource(experiment.id)], 'delete');
  const tags = experiment.tags.filter((tag) => !isSystemTag(tag.key));
  const summary = experiment.description.split('\n').find((line) => line.trim())?.replace(/^#+\s*/, '') ?? '';
  return (
    <tr className={checked ? 'is-selected' : undefined} data-testid="experiment-row">
      <td className="experiments-check-cell">
        <input type="checkbox" aria-label={`Select ${experiment.name}`} checked={checked} onChange={onToggle} />
      </td>
      <td className="experiments-name-cell">
        <Link to={paths.experimentRuns([experiment.id])} data-nav-item="">
          {experiment.name}
        </Link>
      </td>
      <td className="experiments-id-cell mono muted">{experiment.id}</td>
      <td className="experiments-description-cell muted" title={summary}>
        {summary}
      </td>
      <td className="experiments-tags-cell">
        {tags.slice(0, 3).map((tag) => (
          <span key={tag.key} className="badge" title={`${tag.key}: ${tag.value}`}>
            {tag.key}
            {tag.value ? `: ${tag.value}` : ''}
          </span>
        ))}
        {tags.length > 3 && <span className="badge">+{tags.length - 3}</span>}
      </td>
      <td className="experiments-time-cell">
        <RelativeTime ms={experiment.lastUpdateTime} />
      </td>
      <td className="experiments-time-cell">
        <RelativeTime ms={experiment.creationTime} />
      </td>
      <td className="experiments-actions-cell">
        {deleted ? (
          <button
            type="button"
            className="btn btn-sm"
            onClick={() => onAction('restore')}
            aria-label={`Restore ${experiment.name}`}
            disabled={!canDelete.allowed}
            title={canDelete.reason}
          >
            Restore
          </button>
        ) : (
          <span className="experiments-row-actions">
            <button
              type="button"
              className="btn btn-sm btn-ghost"
              onClick={() => onAction('rename')}
              aria-label={`Rename ${experiment.name}`}
              disabled={!canUpdate.allowed}
              title={canUpdate.reason}
            >
              Rename
            </button>
            <button
              type="button"
              className="btn btn-sm btn-ghost"
              onClick={() => onAction('delete')}
              aria-label={`Delete ${experiment.name}`}
              disabled={!canDelete.allowed}
              title={canDelete.reason}
            >
              Delete
            </button>
          </span>
        )}
      </td>
    </tr>
  );
}
