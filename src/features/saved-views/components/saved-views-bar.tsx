// The saved views picker on the runs page: choose a view (its URL parameters and column widths
// replace the current ones), save the current view under a name, rename, delete, copy its link.
// A link with only `?viewStateShareKey=<id>` (as MLflow's UI writes them) opens that view.
import { useEffect, useId, useState } from 'react';
import { useSearchParams } from 'react-router';
import { ConfirmDialog, Dialog } from '../../../components/dialog';
import { useDeleteSavedView, useSavedViews, useWriteSavedView } from '../hooks/use-saved-views';
import { newViewId, viewParamsOf, VIEW_URL_PARAM, type SavedView } from '../utils/shared-view-state';
import '../saved-views.css';

export interface SavedViewsBarProps {
  experimentId: string;
  /** The runs table's column widths, saved with the view. */
  widths: Record<string, number>;
  onApplyWidths: (widths: Record<string, number>) => void;
}

type Editing = { kind: 'save' } | { kind: 'rename'; view: SavedView } | { kind: 'delete'; view: SavedView } | null;

export function SavedViewsBar({ experimentId, widths, onApplyWidths }: SavedViewsBarProps) {
  const [searchParams, setSearchParams] = useSearchParams();
  const views = useSavedViews(experimentId);
  const write = useWriteSavedView(experimentId);
  const remove = useDeleteSavedView(experimentId);
  const [editing, setEditing] = useState<Editing>(null);
  const [copied, setCopied] = useState(false);
  const selectId = useId();
  const currentId = searchParams.get(VIEW_URL_PARAM) ?? '';
  const current = views.data?.find((view) => view.id === currentId);

  const apply = (view: SavedView) => {
    const next = new URLSearchParams(view.params);
    next.set(VIEW_URL_PARAM, view.id);
    setSearchParams(next, { preventScrollReset: true });
    onApplyWidths(view.widths);
  };

  // A shared link names only the view: open it once the views are loaded.
  const onlyKey = currentId !== '' && viewParamsOf(searchParams).toString() === '';
  useEffect(() => {
    if (onlyKey && current) apply(current);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [onlyKey, current]);

  const save = (name: string) => {
    const now = Date.now();
    const view: SavedView = { id: newViewId(), name, createdAt: now, updatedAt: now, params: viewParamsOf(searchParams), widths };
    write.mutate(view, {
      onSuccess: () => {
        setEditing(null);
        const next = new URLSearchParams(searchParams);
        next.set(VIEW_URL_PARAM, view.id);
        setSearchParams(next, { replace: true, preventScrollReset: true });
      },
    });
  };

  const copyLink = async () => {
    if (!current) return;
    const url = new URL(window.location.href);
    url.search = new URLSearchParams({ [VIEW_URL_PARAM]: current.id }).toString();
    await navigator.clipboard.writeText(url.toString()).catch(() => undefined);
    setCopied(true);
    setTimeout(() => setCopied(false), 1500);
  };

  const missing = currentId !== '' && views.isSuccess && !current;
  return (
    <div className="saved-views" role="group" aria-label="Saved views">
      <label htmlFor={selectId} className="muted">
        View
      </label>
      <select
        id={selectId}
        className="select saved-views-select"
        value={current ? current.id : ''}
        disabled={views.isPending}
        onChange={(event) => {
          const view = views.data?.find((item) => item.id === event.target.value);
          if (view) apply(view);
          else {
            const next = new URLSearchParams(searchParams);
            next.delete(VIEW_URL_PARAM);
            setSearchParams(next, { preventScrollReset: true });
          }
        }}
      >
        <option value="">{views.isPending ? 'Loading views…' : 'Unsaved view'}</option>
        {(views.data ?? []).map((view) => (
          <option key={view.id} value={view.id}>
            {view.name}
          </option>
        ))}
      </select>
      <button type="button" className="btn btn-sm" onClick={() => setEditing({ kind: 'save' })}>
        Save view…
      </button>
      {current && (
        <>
          <button type="button" className="btn btn-sm btn-ghost" onClick={() => setEditing({ kind: 'rename', view: current })}>
            Rename…
          </button>
          <button type="button" className="btn btn-sm btn-ghost" onClick={() => setEditing({ kind: 'delete', view: current })}>
            Delete…
          </button>
          <button type="button" className="btn btn-sm btn-ghost" onClick={() => void copyLink()}>
            {copied ? 'Link copied' : 'Copy link'}
          </button>
        </>
      )}
      {missing && <span className="field-error">This view no longer exists.</span>}
      {views.isError && <span className="field-error">Could not load the saved views.</span>}
      {editing?.kind === 'save' && <NameDialog title="Save view" initial="" busy={write.isPending} error={write.error?.message} onSubmit={save} onClose={() => setEditing(null)} />}
      {editing?.kind === 'rename' && (
        <NameDialog
          title="Rename view"
          initial={editing.view.name}
          busy={write.isPending}
          error={write.error?.message}
          onSubmit={(name) => write.mutate({ ...editing.view, name, updatedAt: Date.now() }, { onSuccess: () => setEditing(null) })}
          onClose={() => setEditing(null)}
        />
      )}
      {editing?.kind === 'delete' && (
        <ConfirmDialog
          title={`Delete the view “${editing.view.name}”?`}
          confirmLabel="Delete"
          danger
          busy={remove.isPending}
          onCancel={() => setEditing(null)}
          onConfirm={() =>
            remove.mutate(editing.view.id, {
              onSuccess: () => {
                setEditing(null);
                const next = new URLSearchParams(searchParams);
                next.delete(VIEW_URL_PARAM);
                setSearchParams(next, { replace: true, preventScrollReset: true });
              },
            })
          }
        >
          Links to it stop working; the runs are not touched.
        </ConfirmDialog>
      )}
    </div>
  );
}

function NameDialog({
  title,
  initial,
  busy,
  error,
  onSubmit,
  onClose,
}: {
  title: string;
  initial: string;
  busy: boolean;
  error: string | undefined;
  onSubmit: (name: string) => void;
  onClose: () => void;
}) {
  const [name, setName] = useState(initial);
  const inputId = useId();
  const trimmed = name.trim();
  return (
    <Dialog
      title={title}
      onClose={onClose}
      onSubmit={() => trimmed && !busy && onSubmit(trimmed)}
      busy={busy}
      footer={
        <>
          <button type="button" className="btn" onClick={onClose} disabled={busy}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={!trimmed || busy}>
            {busy ? 'Saving…' : 'Save'}
          </button>
        </>
      }
    >
      <div className="field">
        <label htmlFor={inputId} className="field-label">
          View name
        </label>
        <input id={inputId} className="input" value={name} autoFocus maxLength={200} onChange={(event) => setName(event.target.value)} />
        <span className="field-hint">Saved on the experiment (tag mlflow.sharedViewState.*), in the format MLflow 3.15’s UI reads.</span>
        {error && <span className="field-error">{error}</span>}
      </div>
    </Dialog>
  );
}
