import { useId, useState } from 'react';
import { Dialog } from '../../../components/dialog';
import type { AliasPointer, RegistryVersion } from '../../../entities/registry/registry-model';
import { changeLines, changeTitle, isActiveStage, isNoopChange, versionsToArchive, type RegistryChange } from '../utils/registry-change';
import { ChangePreview } from './change-preview';

export interface PromotionDialogProps {
  change: RegistryChange;
  versions: readonly RegistryVersion[];
  aliases: readonly AliasPointer[];
  onConfirm: (change: RegistryChange) => void;
  onCancel: () => void;
}

/**
 * Every promotion is confirmed here: what it changes, before → after. Moving into Staging or
 * Production offers (on by default) to archive the versions now in that stage.
 */
export function PromotionDialog({ change, versions, aliases, onConfirm, onCancel }: PromotionDialogProps) {
  const [archiveExisting, setArchiveExisting] = useState(change.kind === 'stage' ? change.archiveExisting : false);
  const checkboxId = useId();
  const effective: RegistryChange = change.kind === 'stage' ? { ...change, archiveExisting: isActiveStage(change.stage) && archiveExisting } : change;
  const lines = changeLines(effective, versions, aliases);
  const noop = isNoopChange(effective, versions, aliases);
  const current = change.kind === 'stage' ? versionsToArchive(versions, { ...change, archiveExisting: true }) : [];
  const title = changeTitle(change, aliases);

  return (
    <Dialog
      title={`${title}?`}
      onClose={onCancel}
      onSubmit={() => onConfirm(effective)}
      width={500}
      footer={
        <>
          <button type="button" className="btn" onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={noop} autoFocus>
            {change.kind === 'delete-alias' ? 'Remove alias' : 'Confirm'}
          </button>
        </>
      }
    >
      <ChangePreview lines={lines} />
      {change.kind === 'stage' && isActiveStage(change.stage) && (
        <div className="promotion-archive">
          <input id={checkboxId} type="checkbox" checked={archiveExisting} onChange={(event) => setArchiveExisting(event.target.checked)} />
          <label htmlFor={checkboxId}>
            Archive the versions now in {change.stage}
            <span className="field-hint">
              {' '}
              {current.length > 0 ? `(${current.map((version) => `version ${version.version}`).join(', ')})` : `(none is in ${change.stage} now)`}
            </span>
          </label>
        </div>
      )}
      {change.kind !== 'stage' && <p className="field-hint">Code loading <code>models:/name@alias</code> picks up the new version on its next load.</p>}
      {noop && <p className="field-hint">Nothing would change.</p>}
    </Dialog>
  );
}
