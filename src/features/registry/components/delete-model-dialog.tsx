import { useId, useState } from 'react';
import { Dialog } from '../../../components/dialog';
import { useDeleteRegisteredModel } from '../../../entities/registry/api/delete-registered-model';
import type { AliasPointer, RegistryVersion } from '../../../entities/registry/registry-model';
import { countByStage, stageChips } from '../../../entities/registry/stage-counts';

export interface DeleteModelDialogProps {
  name: string;
  versions: readonly RegistryVersion[];
  aliases: readonly AliasPointer[];
  onClose: () => void;
  onDeleted: () => void;
}

/**
 * Says what is lost (versions per stage, aliases). While a version is in Production the
 * deletion needs the model's name typed.
 */
export function DeleteModelDialog({ name, versions, aliases, onClose, onDeleted }: DeleteModelDialogProps) {
  const [typed, setTyped] = useState('');
  const remove = useDeleteRegisteredModel();
  const inputId = useId();
  const chips = stageChips(countByStage(versions));
  const production = versions.filter((version) => version.stage === 'Production');
  const needsTyping = production.length > 0;
  const confirmed = !needsTyping || typed === name;

  return (
    <Dialog
      title="Delete model?"
      onClose={onClose}
      busy={remove.isPending}
      width={520}
      onSubmit={() => {
        if (confirmed) remove.mutate(name, { onSuccess: onDeleted });
      }}
      footer={
        <>
          <button type="button" className="btn" onClick={onClose} disabled={remove.isPending} autoFocus={!needsTyping}>
            Cancel
          </button>
          <button type="submit" className="btn btn-danger" disabled={!confirmed || remove.isPending}>
            {remove.isPending ? 'Deleting…' : 'Delete model'}
          </button>
        </>
      }
    >
      <div className="stack">
        <p>
          “<strong>{name}</strong>” will be deleted for good. This cannot be undone. You lose:
        </p>
        <ul className="delete-loss-list">
          <li>
            {versions.length === 1 ? '1 version' : `${versions.length} versions`}
            {chips.length > 0 && ` (${chips.map((chip) => `${chip.count} ${chip.stage === 'None' ? 'without stage' : chip.stage === 'Archived' ? 'archived' : `in ${chip.stage}`}`).join(', ')})`}
          </li>
          <li>
            {aliases.length === 0
              ? 'no aliases'
              : `${aliases.length === 1 ? 'alias' : `${aliases.length} aliases`} ${aliases.map((pointer) => `@${pointer.alias} (v${pointer.version})`).join(', ')}`}
          </li>
          <li>the description, tags and the history of the model</li>
        </ul>
        {needsTyping && (
          <div className="field delete-typed-confirmation">
            <p className="danger-note" role="note">
              Version{production.length > 1 ? 's' : ''} {production.map((version) => version.version).join(', ')} {production.length > 1 ? 'are' : 'is'} in Production. Anything
              loading <code>models:/{name}/Production</code> will break.
            </p>
            <label htmlFor={inputId} className="field-label">
              Type the model name to confirm
            </label>
            <input id={inputId} className="input" value={typed} onChange={(event) => setTyped(event.target.value)} autoFocus autoComplete="off" spellCheck={false} />
          </div>
        )}
      </div>
    </Dialog>
  );
}
