import { useQueryClient } from '@tanstack/react-query';
import { useEffect, type ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { PageSkeleton } from '../../../components/skeleton/skeleton';
import { MlflowApiError } from '../../../lib/api-client';
import { AUTH_QUERY_KEY, useAuthState } from '../../../lib/auth/current-user';

/** With auth on and nobody signed in, pages wait behind /signin (and come back after). */
export function SignInRequired({ children }: { children: ReactNode }) {
  const state = useAuthState();
  const location = useLocation();
  useSessionExpiry();
  if (state === undefined) return <PageSkeleton label="Checking who is signed in" />;
  if (state.kind === 'signed-out') {
    const next = `${location.pathname}${location.search}${location.hash}`;
    return <Navigate to={`/signin?next=${encodeURIComponent(next)}`} replace />;
  }
  return children;
}

/** A 401 on any query means the session ended (signed out elsewhere, password changed): ask again. */
function useSessionExpiry(): void {
  const queryClient = useQueryClient();
  useEffect(
    () =>
      queryClient.getQueryCache().subscribe((event) => {
        if (event.type !== 'updated' || event.action.type !== 'error') return;
        const queryKey: readonly unknown[] = event.query.queryKey as readonly unknown[];
        if (queryKey[0] === AUTH_QUERY_KEY[0]) return;
        if (event.action.error instanceof MlflowApiError && event.action.error.status === 401) {
          void queryClient.invalidateQueries({ queryKey: AUTH_QUERY_KEY });
        }
      }),
    [queryClient],
  );
}
