import { useId, useState } from 'react';
import { ConfirmDialog } from '../../../components/dialog';
import type { RunView } from '../api/run-model';
import { useDeleteRun } from '../../../entities/runs/api/delete-run';
import { useRestoreRun } from '../../../entities/runs/api/restore-run';
import { useRenameRun } from '../../../entities/runs/api/update-run';
import { RunStatusBadge } from './run-status-badge';

export function RunHeader({ run }: { run: RunView }) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(run.name);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const rename = useRenameRun();
  const deleteRun = useDeleteRun();
  const restoreRun = useRestoreRun();
  const inputId = useId();
  const deleted = run.lifecycleStage === 'deleted';

  const save = () => {
    const name = draft.trim();
    if (!name || name === run.name) {
      setEditing(false);
      return;
    }
    rename.mutate({ runId: run.id, name }, { onSuccess: () => setEditing(false) });
  };

  return (
    <header className="run-header">
      {editing ? (
        <form
          className="run-rename-form"
          onSubmit={(event) => {
            event.preventDefault();
            save();
          }}
        >
          <label htmlFor={inputId} className="visually-hidden">
            Run name
          </label>
          <input
            id={inputId}
            className="input run-rename-input"
            value={draft}
            autoFocus
            disabled={rename.isPending}
            onChange={(event) => setDraft(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Escape') {
                event.stopPropagation();
                setEditing(false);
              }
            }}
          />
          <button type="submit" className="btn btn-sm btn-primary" disabled={rename.isPending || !draft.trim()}>
            {rename.isPending ? 'Saving…' : 'Save'}
          </button>
          <button type="button" className="btn btn-sm" onClick={() => setEditing(false)} disabled={rename.isPending}>
            Cancel
          </button>
        </form>
      ) : (
        <h1 className="run-title">{run.name}</h1>
      )}
      <RunStatusBadge status={run.status} />
      {deleted && <span className="badge badge-danger">Deleted</span>}
      <div className="run-header-spacer" />
      {!editing && !deleted && (
        <button
          type="button"
          className="btn btn-sm"
          onClick={() => {
            setDraft(run.name);
            setEditing(true);
          }}
        >
          Rename
        </button>
      )}
      {deleted ? (
        <button type="button" className="btn btn-sm" onClick={() => restoreRun.mutate(run.id)} disabled={restoreRun.isPending}>
          {restoreRun.isPending ? 'Restoring…' : 'Restore'}
        </button>
      ) : (
        <button type="button" className="btn btn-sm" onClick={() => setConfirmDelete(true)}>
          Delete
        </button>
      )}
      {confirmDelete && (
        <ConfirmDialog
          title="Delete run?"
          confirmLabel="Delete"
          danger
          busy={deleteRun.isPending}
          onCancel={() => setConfirmDelete(false)}
          onConfirm={() => deleteRun.mutate(run.id, { onSuccess: () => setConfirmDelete(false) })}
        >
          <p>
            “<strong>{run.name}</strong>” will be moved to the deleted runs. You can restore it from this page.
          </p>
        </ConfirmDialog>
      )}
    </header>
  );
}
