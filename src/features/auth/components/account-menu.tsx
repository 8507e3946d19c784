import type { ReactNode } from 'react';
import { Link, useNavigate } from 'react-router';
import { useAuthState } from '../../../lib/auth/current-user';
import { useSignOut } from '../api/auth-requests';

/**
 * The signed-in user in the header, with sign-out and (for admins) the users page. With auth off
 * it shows `fallback` (the "Your name" label).
 */
export function AccountMenu({ fallback }: { fallback: ReactNode }) {
  const state = useAuthState();
  const signOut = useSignOut();
  const navigate = useNavigate();
  if (state === undefined || state.kind === 'off') return fallback;
  if (state.kind === 'signed-out') return null;
  const { user } = state;
  return (
    <div className="account-menu" data-testid="account-menu">
      <span className="account-user" title={user.isAdmin ? 'Signed in (admin)' : 'Signed in'}>
        <svg width="14" height="14" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true">
          <circle cx="12" cy="8" r="4" />
          <path d="M4 21c0-4 3.6-7 8-7s8 3 8 7" />
        </svg>
        <span className="account-user-name" data-testid="signed-in-user">
          {user.username}
        </span>
        {user.isAdmin && <span className="badge badge-info">admin</span>}
      </span>
      {user.isAdmin && (
        <Link className="btn btn-ghost btn-sm" to="/admin/users">
          Users
        </Link>
      )}
      <button
        type="button"
        className="btn btn-ghost btn-sm"
        disabled={signOut.isPending}
        onClick={() => signOut.mutate(undefined, { onSuccess: () => void navigate('/signin', { replace: true }) })}
      >
        Sign out
      </button>
    </div>
  );
}
