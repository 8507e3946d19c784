import { useId, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ConfirmDialog, Dialog } from '../../../components/dialog';
import { useDocumentTitle } from '../../../components/document-title/use-document-title';
import { EmptyState } from '../../../components/empty-state/empty-state';
import { ErrorPanel } from '../../../components/error-view';
import { PageSkeleton } from '../../../components/skeleton/skeleton';
import { PERMISSION_NAMES, useAuthState, type PermissionName, type UserWire } from '../../../lib/auth/current-user';
import {
  useCreateUser,
  useDeleteUser,
  useGrantPermission,
  useGrantTargets,
  useRevokePermission,
  useUpdateAdmin,
  useUpdatePassword,
  useUsers,
  type GrantTarget,
  type NamedOption,
} from '../api/auth-requests';
import './auth.css';

const PERMISSION_LABELS: Record<PermissionName, string> = {
  READ: 'Read',
  EDIT: 'Edit',
  MANAGE: 'Manage',
  NO_PERMISSIONS: 'No access',
};

/** `/admin/users`: users (create, delete, admin rights, passwords) and their permissions per experiment and model. */
export function AdminUsersPage() {
  useDocumentTitle('Users and permissions');
  const state = useAuthState();
  const users = useUsers();
  const [params, setParams] = useSearchParams();
  const [resetting, setResetting] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<string | null>(null);
  const updateAdmin = useUpdateAdmin();
  const deleteUser = useDeleteUser();

  if (state === undefined) return <PageSkeleton label="Loading users" />;
  if (state.kind !== 'signed-in' || !state.user.isAdmin) {
    return (
      <div className="page">
        <EmptyState title="Admins only" action={<Link to="/experiments">Experiments</Link>}>
          {state.kind === 'off'
            ? 'This server has no users: start it with --app-name basic-auth to manage users.'
            : 'Only admins can manage users and permissions.'}
        </EmptyState>
      </div>
    );
  }
  const me = state.user.username;
  const list = users.data ?? [];
  const selectedName = params.get('user') ?? list.find((user) => !user.is_admin)?.username ?? list[0]?.username;
  const selected = list.find((user) => user.username === selectedName);
  const select = (username: string) => setParams({ user: username }, { replace: true });

  return (
    <div className="page admin-users-page">
      <div className="page-header">
        <div>
          <h1>Users and permissions</h1>
          <p className="muted page-subtitle">
            Users sign in here and in the <code>mlflow</code> client. Without a permission of their own, users may{' '}
            <strong>{PERMISSION_LABELS[state.defaultPermission].toLowerCase()}</strong> every experiment and model.
          </p>
        </div>
      </div>
      <div className="admin-grid">
        <section className="panel" aria-labelledby="users-heading">
          <div className="panel-header">
            <h2 id="users-heading">Users {users.data && <span className="muted">{list.length}</span>}</h2>
          </div>
          {users.isError ? (
            <div className="panel-body">
              <ErrorPanel error={users.error} title="Could not load the users" onRetry={() => void users.refetch()} />
            </div>
          ) : (
            <table className="table admin-users-table" aria-label="Users" aria-busy={users.isPending}>
              <thead>
                <tr>
                  <th scope="col">User</th>
                  <th scope="col">Role</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.map((user) => {
                  const self = user.username === me;
                  return (
                    <tr
                      key={user.id}
                      aria-selected={user.username === selectedName}
                      className={user.username === selectedName ? 'admin-row-selected' : undefined}
                    >
                      <td>
                        <button
                          type="button"
                          className="link-button"
                          onClick={() => select(user.username)}
                          aria-label={`Permissions of ${user.username}`}
                        >
                          {user.username}
                        </button>
                        {self && <span className="muted"> (you)</span>}
                      </td>
                      <td>{user.is_admin ? <span className="badge badge-info">admin</span> : <span className="muted">user</span>}</td>
                      <td className="admin-actions-cell">
                        <div className="admin-actions">
                          <button
                            type="button"
                            className="btn btn-sm"
                            disabled={self || updateAdmin.isPending}
                            title={self ? 'You cannot change your own admin rights' : undefined}
                            onClick={() => updateAdmin.mutate({ username: user.username, isAdmin: !user.is_admin })}
                          >
                            {user.is_admin ? 'Remove admin' : 'Make admin'}
                          </button>
                          <button type="button" className="btn btn-sm" onClick={() => setResetting(user.username)}>
                            Reset password
                          </button>
                          <button
                            type="button"
                            className="btn btn-sm btn-ghost"
                            disabled={self}
                            title={self ? 'You cannot delete yourself' : undefined}
                            aria-label={`Delete ${user.username}`}
                            onClick={() => setDeleting(user.username)}
                          >
                            Delete
                          </button>
                        </div>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </section>
        <CreateUserPanel onCreated={select} />
      </div>

      {selected && <PermissionsPanel user={selected} defaultPermission={state.defaultPermission} />}

      {resetting && <ResetPasswordDialog username={resetting} onClose={() => setResetting(null)} />}
      {deleting && (
        <ConfirmDialog
          title="Delete user?"
          confirmLabel="Delete"
          danger
          busy={deleteUser.isPending}
          onCancel={() => setDeleting(null)}
          onConfirm={() => deleteUser.mutate(deleting, { onSuccess: () => setDeleting(null) })}
        >
          “<strong>{deleting}</strong>” will no longer be able to sign in, and their permissions are removed. What they logged stays.
        </ConfirmDialog>
      )}
    </div>
  );
}

function CreateUserPanel({ onCreated }: { onCreated: (username: string) => void }) {
  const createUser = useCreateUser();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const nameId = useId();
  const passwordId = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const name = username.trim();
    createUser.mutate(
      { username: name, password },
      {
        onSuccess: () => {
          setUsername('');
          setPassword('');
          onCreated(name);
        },
      },
    );
  };
  return (
    <section className="panel" aria-labelledby="create-user-heading">
      <div className="panel-header">
        <h2 id="create-user-heading">Add a user</h2>
      </div>
      <form className="panel-body admin-form" onSubmit={submit}>
        <div className="field">
          <label className="field-label" htmlFor={nameId}>
            User name
          </label>
          <input id={nameId} className="input" autoComplete="off" value={username} onChange={(event) => setUsername(event.target.value)} />
        </div>
        <div className="field">
          <label className="field-label" htmlFor={passwordId}>
            Password
          </label>
          <input
            id={passwordId}
            className="input"
            type="password"
            autoComplete="new-password"
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
          <span className="field-hint">Share it with them privately; they can change it later.</span>
        </div>
        <div>
          <button type="submit" className="btn btn-primary" disabled={createUser.isPending || !username.trim() || !password}>
            Create user
          </button>
        </div>
      </form>
    </section>
  );
}

function ResetPasswordDialog({ username, onClose }: { username: string; onClose: () => void }) {
  const updatePassword = useUpdatePassword();
  const [password, setPassword] = useState('');
  const id = useId();
  return (
    <Dialog
      title={`New password for ${username}`}
      onClose={onClose}
      busy={updatePassword.isPending}
      onSubmit={() => password && updatePassword.mutate({ username, password }, { onSuccess: onClose })}
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={!password || updatePassword.isPending}>
            Set password
          </button>
        </>
      }
    >
      <div className="field">
        <label className="field-label" htmlFor={id}>
          New password
        </label>
        <input
          id={id}
          className="input"
          type="password"
          autoComplete="new-password"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
        <span className="field-hint">Their signed-in sessions end, and scripts need the new password.</span>
      </div>
    </Dialog>
  );
}

function PermissionsPanel({ user, defaultPermission }: { user: UserWire; defaultPermission: PermissionName }) {
  const targets = useGrantTargets();
  const experimentNames = new Map((targets.experiments.data ?? []).map((option) => [option.id, option.name]));
  const experimentGrants = (user.experiment_permissions ?? []).map((grant): GrantRow => ({
    target: { kind: 'experiment', experimentId: grant.experiment_id },
    key: grant.experiment_id,
    label: experimentNames.get(grant.experiment_id) ?? `Experiment ${grant.experiment_id}`,
    permission: grant.permission,
  }));
  const modelGrants = (user.registered_model_permissions ?? []).map((grant): GrantRow => ({
    target: { kind: 'registered-model', name: grant.name },
    key: grant.name,
    label: grant.name,
    permission: grant.permission,
  }));
  return (
    <section className="panel admin-permissions" aria-labelledby="permissions-heading">
      <div className="panel-header">
        <h2 id="permissions-heading">Permissions of {user.username}</h2>
      </div>
      <div className="panel-body">
        {user.is_admin ? (
          <p className="muted">Admins may do everything; their permissions below apply only if they stop being an admin.</p>
        ) : (
          <p className="muted">
            Everywhere else: <strong>{PERMISSION_LABELS[defaultPermission]}</strong>. Read views, Edit also changes (log runs, promote
            versions, set aliases), Manage also deletes and grants permissions.
          </p>
        )}
        <div className="admin-grants">
          <GrantList
            title="Experiments"
            username={user.username}
            grants={experimentGrants}
            options={targets.experiments.data ?? []}
            targetOf={(id) => ({ kind: 'experiment', experimentId: id })}
          />
          <GrantList
            title="Registered models"
            username={user.username}
            grants={modelGrants}
            options={targets.models.data ?? []}
            targetOf={(name) => ({ kind: 'registered-model', name })}
          />
        </div>
      </div>
    </section>
  );
}

interface GrantRow {
  target: GrantTarget;
  key: string;
  label: string;
  permission: string;
}

function GrantList({
  title,
  username,
  grants,
  options,
  targetOf,
}: {
  title: string;
  username: string;
  grants: GrantRow[];
  options: NamedOption[];
  targetOf: (id: string) => GrantTarget;
}) {
  const grant = useGrantPermission();
  const revoke = useRevokePermission();
  const [choice, setChoice] = useState('');
  const [permission, setPermission] = useState<PermissionName>('EDIT');
  const headingId = useId();
  const choiceId = useId();
  const permissionId = useId();
  const granted = new Set(grants.map((row) => row.key));
  const available = options.filter((option) => !granted.has(option.id));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (choice) grant.mutate({ target: targetOf(choice), username, permission }, { onSuccess: () => setChoice('') });
  };
  const noun = title === 'Experiments' ? 'experiment' : 'model';
  return (
    <div className="admin-grant-list">
      <h3 id={headingId}>{title}</h3>
      {grants.length === 0 ? (
        <p className="muted">No {noun} permissions.</p>
      ) : (
        <table className="table" aria-labelledby={headingId}>
          <tbody>
            {grants.map((row) => (
              <tr key={row.key}>
                <td>{row.label}</td>
                <td>
                  <select
                    className="select"
                    aria-label={`Permission of ${username} on ${row.label}`}
                    value={row.permission}
                    onChange={(event) => grant.mutate({ target: row.target, username, permission: event.target.value as PermissionName })}
                  >
                    {PERMISSION_NAMES.map((name) => (
                      <option key={name} value={name}>
                        {PERMISSION_LABELS[name]}
                      </option>
                    ))}
                  </select>
                </td>
                <td className="admin-actions-cell">
                  <div className="admin-actions">
                    <button
                      type="button"
                      className="btn btn-sm btn-ghost"
                      aria-label={`Revoke ${username}'s permission on ${row.label}`}
                      onClick={() => revoke.mutate({ target: row.target, username })}
                    >
                      Remove
                    </button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form className="admin-grant-form" onSubmit={submit}>
        <label className="visually-hidden" htmlFor={choiceId}>
          {`Grant on ${noun}`}
        </label>
        <select id={choiceId} className="select" value={choice} onChange={(event) => setChoice(event.target.value)}>
          <option value="">Choose {noun === 'experiment' ? 'an experiment' : 'a model'}…</option>
          {available.map((option) => (
            <option key={option.id} value={option.id}>
              {option.name}
            </option>
          ))}
        </select>
        <label className="visually-hidden" htmlFor={permissionId}>
          Permission to grant
        </label>
        <select
          id={permissionId}
          className="select"
          value={permission}
          onChange={(event) => setPermission(event.target.value as PermissionName)}
        >
          {PERMISSION_NAMES.map((name) => (
            <option key={name} value={name}>
              {PERMISSION_LABELS[name]}
            </option>
          ))}
        </select>
        <button type="submit" className="btn btn-sm btn-primary" disabled={!choice || grant.isPending}>
          Grant
        </button>
      </form>
    </div>
  );
}
