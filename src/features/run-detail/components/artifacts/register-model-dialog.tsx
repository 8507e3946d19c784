import { useId, useState } from 'react';
import { Link } from 'react-router';
import { Dialog } from '../../../../components/dialog';
import { useRegisteredModelNames } from '../../../../entities/registry/api/search-registered-models';
import { runsUri, useRegisterModel } from '../../hooks/use-register-model';
import { paths } from '../../../../config/paths';

/** Registers the model in `artifactPath` as a new version of an existing or a new registered model. */
export function RegisterModelDialog({ runId, artifactPath, onClose }: { runId: string; artifactPath: string; onClose: () => void }) {
  const [mode, setMode] = useState<'existing' | 'new'>('existing');
  const [search, setSearch] = useState('');
  const [existing, setExisting] = useState('');
  const [newName, setNewName] = useState('');
  const models = useRegisteredModelNames(search);
  const register = useRegisterModel();
  const searchId = useId();
  const selectId = useId();
  const nameId = useId();

  const names = models.data ?? [];
  const noModels = models.isSuccess && names.length === 0 && !search;
  const effectiveMode = noModels ? 'new' : mode;
  const chosen = effectiveMode === 'new' ? newName.trim() : existing || names[0] || '';

  if (register.isSuccess) {
    const version = register.data;
    return (
      <Dialog
        title="Model registered"
        onClose={onClose}
        footer={
          <>
            <button type="button" className="btn" onClick={onClose}>
              Close
            </button>
            <Link className="btn btn-primary" to={paths.modelVersion(version.name, version.version)}>
              Open version {version.version}
            </Link>
          </>
        }
      >
        <p>
          <strong>{version.name}</strong> version <strong>{version.version}</strong> now points at <code>{runsUri(runId, artifactPath)}</code>.
        </p>
      </Dialog>
    );
  }

  const submit = () => {
    if (!chosen || register.isPending) return;
    register.mutate({ runId, artifactPath, modelName: chosen, createNew: effectiveMode === 'new' });
  };

  return (
    <Dialog
      title="Register model"
      onClose={onClose}
      onSubmit={submit}
      busy={register.isPending}
      width={520}
      footer={
        <>
          <button type="button" className="btn" onClick={onClose} disabled={register.isPending}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={!chosen || register.isPending}>
            {register.isPending ? 'Registering…' : 'Register'}
          </button>
        </>
      }
    >
      <p className="muted">
        Source: <code>{runsUri(runId, artifactPath)}</code>
      </p>
      <div className="segmented" role="group" aria-label="Register as">
        <button type="button" aria-pressed={effectiveMode === 'existing'} disabled={noModels} onClick={() => setMode('existing')}>
          Existing model
        </button>
        <button type="button" aria-pressed={effectiveMode === 'new'} onClick={() => setMode('new')}>
          New model
        </button>
      </div>
      {effectiveMode === 'new' ? (
        <div className="field">
          <label htmlFor={nameId} className="field-label">
            Model name
          </label>
          <input id={nameId} className="input" value={newName} autoFocus onChange={(event) => setNewName(event.target.value)} maxLength={256} />
          {noModels && <span className="field-hint">No registered models yet: this creates the first one.</span>}
        </div>
      ) : (
        <>
          <div className="field">
            <label htmlFor={searchId} className="field-label">
              Find a model
            </label>
            <input id={searchId} className="input" type="search" value={search} onChange={(event) => setSearch(event.target.value)} placeholder="Filter by name…" />
          </div>
          <div className="field">
            <label htmlFor={selectId} className="field-label">
              Registered model
            </label>
            <select id={selectId} className="select" value={existing || names[0] || ''} onChange={(event) => setExisting(event.target.value)} size={Math.min(8, Math.max(3, names.length))}>
              {names.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
            {models.isError && <span className="field-error">Could not list registered models.</span>}
            {models.isSuccess && names.length === 0 && <span className="field-hint">No model matches “{search}”.</span>}
          </div>
        </>
      )}
    </Dialog>
  );
}
