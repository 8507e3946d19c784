import { useId, useState } from 'react';
import { Dialog } from '../../../components/dialog';
import { useRenameRegisteredModel } from '../../../entities/registry/api/rename-registered-model';
import type { RegistryModel } from '../../../entities/registry/registry-model';

export function RenameModelDialog({ name, onClose, onRenamed }: { name: string; onClose: () => void; onRenamed: (model: RegistryModel) => void }) {
  const [newName, setNewName] = useState(name);
  const rename = useRenameRegisteredModel();
  const inputId = useId();
  const trimmed = newName.trim();
  const unchanged = trimmed === name;

  return (
    <Dialog
      title="Rename model"
      onClose={onClose}
      busy={rename.isPending}
      onSubmit={() => {
        if (!trimmed || unchanged) return;
        rename.mutate({ name, newName: trimmed }, { onSuccess: onRenamed });
      }}
      footer={
        <>
          <button type="button" className="btn" onClick={onClose} disabled={rename.isPending}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={!trimmed || unchanged || rename.isPending}>
            {rename.isPending ? 'Renaming…' : 'Rename'}
          </button>
        </>
      }
    >
      <div className="field">
        <label htmlFor={inputId} className="field-label">
          New name
        </label>
        <input id={inputId} className="input" value={newName} onChange={(event) => setNewName(event.target.value)} autoFocus required maxLength={256} />
        <span className="field-hint">
          Versions move with the model. Code loading <code>models:/{name}/…</code> must use the new name.
        </span>
      </div>
    </Dialog>
  );
}
