// Actions on the selected runs: compare, delete / restore, add tag, clear; and the offer to
// extend the selection to every run matching the search.
import type { ViewType } from '../../../lib/mlflow/wire-types';

export interface SelectionBarProps {
  /** Number of explicitly selected runs, or 'all' for every matching run. */
  selection: number | 'all';
  viewType: ViewType;
  busy: boolean;
  canSelectAllMatching: boolean;
  onSelectAllMatching: () => void;
  onClear: () => void;
  onCompare: () => void;
  onDelete: () => void;
  onRestore: () => void;
  onAddTag: () => void;
  /** Why the user may not delete or restore these runs (a missing permission). */
  deleteDenied?: string;
  /** Why the user may not tag these runs. */
  tagDenied?: string;
}

export function SelectionBar({
  selection,
  viewType,
  busy,
  canSelectAllMatching,
  onSelectAllMatching,
  onClear,
  onCompare,
  onDelete,
  onRestore,
  onAddTag,
  deleteDenied,
  tagDenied,
}: SelectionBarProps) {
  const label = selection === 'all' ? 'All matching runs selected' : `${selection} run${selection === 1 ? '' : 's'} selected`;
  return (
    <div className="rb-selection-bar" role="region" aria-label="Selected runs">
      <strong data-testid="selection-count">{label}</strong>
      {selection !== 'all' && canSelectAllMatching && (
        <button type="button" className="rb-link-button" onClick={onSelectAllMatching}>
          Select all matching runs
        </button>
      )}
      <span className="rb-selection-actions">
        <button type="button" className="btn btn-sm" onClick={onCompare} disabled={busy || (selection !== 'all' && selection < 2)}>
          Compare
        </button>
        <button type="button" className="btn btn-sm" onClick={onAddTag} disabled={busy || tagDenied !== undefined} title={tagDenied}>
          Add tag
        </button>
        {viewType !== 'ACTIVE_ONLY' && (
          <button type="button" className="btn btn-sm" onClick={onRestore} disabled={busy || deleteDenied !== undefined} title={deleteDenied}>
            Restore
          </button>
        )}
        {viewType !== 'DELETED_ONLY' && (
          <button type="button" className="btn btn-sm btn-danger" onClick={onDelete} disabled={busy || deleteDenied !== undefined} title={deleteDenied}>
            Delete
          </button>
        )}
        <button type="button" className="btn btn-sm btn-ghost" onClick={onClear} disabled={busy}>
          Clear selection
        </button>
      </span>
    </div>
  );
}
