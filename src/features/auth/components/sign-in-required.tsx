import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { PageSkeleton } from '../../../components/skeleton/skeleton';
import { useAuthState } from '../../../lib/auth/current-user';

/** With auth on and nobody signed in, pages wait behind /signin (and come back after). */
export function SignInRequired({ children }: { children: ReactNode }) {
  const state = useAuthState();
  const location = useLocation();
  if (state === undefined) return <PageSkeleton label="Checking who is signed in" />;
  if (state.kind === 'signed-out') {
    const next = `${location.pathname}${location.search}${location.hash}`;
    return <Navigate to={`/signin?next=${encodeURIComponent(next)}`} replace />;
  }
  return children;
}
