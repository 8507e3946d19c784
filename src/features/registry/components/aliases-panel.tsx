import { Link } from 'react-router';
import type { AliasPointer } from '../../../entities/registry/registry-model';
import type { RegistryChange } from '../utils/registry-change';
import { AliasChip } from './alias-chip';
import { versionPath } from './versions-table';

/** Where each alias points; chips drag onto version rows, Remove asks first. */
export function AliasesPanel({
  name,
  aliases,
  onChange,
  removeDenied,
}: {
  name: string;
  aliases: readonly AliasPointer[];
  onChange: (change: RegistryChange) => void;
  /** Why the user may not remove aliases (a missing permission). */
  removeDenied?: string;
}) {
  return (
    <section className="panel" aria-labelledby="aliases-heading">
      <div className="panel-header">
        <h2 id="aliases-heading">Aliases</h2>
      </div>
      <div className="panel-body">
        {aliases.length === 0 ? (
          <p className="muted">No aliases yet. Set one from a version’s Actions menu, e.g. @champion for the version serving traffic.</p>
        ) : (
          <ul className="aliases-list">
            {aliases.map((pointer) => (
              <li key={pointer.alias}>
                <AliasChip alias={pointer.alias} draggable />
                <span aria-hidden="true" className="muted">
                  →
                </span>
                <Link to={versionPath(name, pointer.version)}>Version {pointer.version}</Link>
                <button
                  type="button"
                  className="btn btn-sm btn-ghost aliases-remove"
                  aria-label={`Remove alias ${pointer.alias}`}
                  disabled={removeDenied !== undefined}
                  title={removeDenied}
                  onClick={() => onChange({ kind: 'delete-alias', alias: pointer.alias })}
                >
                  Remove
                </button>
              </li>
            ))}
          </ul>
        )}
        {aliases.length > 0 && <p className="field-hint aliases-hint">Drag a chip onto a version row to move the alias there.</p>}
      </div>
    </section>
  );
}
