import { useId, useState } from 'react';
import { Dialog } from '../../../components/dialog';
import type { AliasPointer, RegistryVersion } from '../../../entities/registry/registry-model';
import { changeLines, validateAliasName, type RegistryChange } from '../utils/registry-change';
import { ChangePreview } from './change-preview';

export interface NewAliasDialogProps {
  version: string;
  versions: readonly RegistryVersion[];
  aliases: readonly AliasPointer[];
  onConfirm: (change: RegistryChange) => void;
  onCancel: () => void;
}

/** Type an alias (new or existing) for a version; shows before → after as you type. */
export function NewAliasDialog({ version, versions, aliases, onConfirm, onCancel }: NewAliasDialogProps) {
  const [alias, setAlias] = useState('');
  const [touched, setTouched] = useState(false);
  const inputId = useId();
  const listId = useId();
  const errorId = useId();
  const name = alias.trim();
  const problem = validateAliasName(name);
  const change: RegistryChange = { kind: 'set-alias', alias: name, version };
  const already = aliases.some((pointer) => pointer.alias === name && pointer.version === version);

  return (
    <Dialog
      title={`Set an alias on version ${version}`}
      onClose={onCancel}
      onSubmit={() => {
        setTouched(true);
        if (!problem && !already) onConfirm(change);
      }}
      width={480}
      footer={
        <>
          <button type="button" className="btn" onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={Boolean(problem) || already}>
            Confirm
          </button>
        </>
      }
    >
      <div className="field">
        <label htmlFor={inputId} className="field-label">
          Alias
        </label>
        <input
          id={inputId}
          className="input"
          value={alias}
          list={listId}
          autoFocus
          autoComplete="off"
          placeholder="champion"
          aria-invalid={touched && Boolean(problem)}
          aria-describedby={errorId}
          onChange={(event) => {
            setAlias(event.target.value);
            setTouched(true);
          }}
        />
        <datalist id={listId}>
          {aliases.map((pointer) => (
            <option key={pointer.alias} value={pointer.alias} />
          ))}
        </datalist>
        <span id={errorId} className={touched && problem ? 'field-error' : 'field-hint'}>
          {touched && problem ? problem : already ? `@${name} already points to version ${version}.` : 'An existing alias moves here; a new one is created.'}
        </span>
      </div>
      {!problem && !already && <ChangePreview lines={changeLines(change, versions, aliases)} />}
    </Dialog>
  );
}
