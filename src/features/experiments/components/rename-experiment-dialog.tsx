import { useId, useState } from 'react';
import { Dialog } from '../../../components/dialog';
import { useRenameExperiment } from '../../../entities/experiments/api/rename-experiment';

export function RenameExperimentDialog({ id, currentName, onClose }: { id: string; currentName: string; onClose: () => void }) {
  const [name, setName] = useState(currentName);
  const rename = useRenameExperiment();
  const inputId = useId();
  const trimmed = name.trim();
  const submit = () => {
    if (!trimmed || trimmed === currentName || rename.isPending) return;
    rename.mutate({ id, newName: trimmed }, { onSuccess: onClose });
  };
  return (
    <Dialog
      title="Rename experiment"
      onClose={onClose}
      onSubmit={submit}
      busy={rename.isPending}
      footer={
        <>
          <button type="button" className="btn" onClick={onClose} disabled={rename.isPending}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={!trimmed || trimmed === currentName || rename.isPending}>
            {rename.isPending ? 'Renaming…' : 'Rename'}
          </button>
        </>
      }
    >
      <div className="field">
        <label htmlFor={inputId} className="field-label">
          New name
        </label>
        <input
          id={inputId}
          className="input"
          value={name}
          onChange={(event) => setName(event.target.value)}
          autoFocus
          onFocus={(event) => event.target.select()}
          maxLength={500}
        />
      </div>
    </Dialog>
  );
}
