import { useId, useState } from 'react';
import { Link } from 'react-router';
import { Dialog } from '../../../components/dialog';
import { useRegisterLoggedModel, type LoggedModel } from '../../../entities/logged-models';
import { useRegisteredModelNames } from '../../../entities/registry/api/search-registered-models';
import { paths } from '../../../config/paths';

/** Registers the logged model as a new version (`source=models:/<model_id>`) of a new or existing registered model. */
export function RegisterLoggedModelDialog({ model, onClose }: { model: LoggedModel; onClose: () => void }) {
  const [name, setName] = useState(model.name);
  const names = useRegisteredModelNames(name.trim());
  const register = useRegisterLoggedModel();
  const nameId = useId();
  const listId = useId();
  const chosen = name.trim();
  const exists = names.data?.includes(chosen) === true;

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
          <strong>{version.name}</strong> version <strong>{version.version}</strong> now points at <code>models:/{model.modelId}</code>.
        </p>
      </Dialog>
    );
  }

  const submit = () => {
    if (!chosen || register.isPending) return;
    register.mutate({ model, registeredModelName: chosen });
  };

  return (
    <Dialog
      title="Register logged model"
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
        Source: <code>models:/{model.modelId}</code>
      </p>
      <div className="field">
        <label htmlFor={nameId} className="field-label">
          Registered model
        </label>
        <input id={nameId} className="input" list={listId} value={name} autoFocus maxLength={256} onChange={(event) => setName(event.target.value)} />
        <datalist id={listId}>
          {(names.data ?? []).map((item) => (
            <option key={item} value={item} />
          ))}
        </datalist>
        <span className="field-hint">{!chosen ? 'Name the registered model.' : exists ? `Adds a new version to “${chosen}”.` : `Creates the registered model “${chosen}” with version 1.`}</span>
        {register.isError && <span className="field-error">{register.error.message}</span>}
      </div>
    </Dialog>
  );
}
