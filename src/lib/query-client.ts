// One QueryClient for the app: data stays fresh for 30 s, no refetch on focus (no refetch storms),
// no retries for client errors, and mutations report success/failure through `meta` messages.
import { MutationCache, QueryClient } from '@tanstack/react-query';
import { MlflowApiError } from './api-client';

// A type alias (not an interface) so it satisfies react-query's `Record<string, unknown>` bound.
export type MutationToastMeta = {
  /** Toast shown on success; a function gets the mutation's result and variables. */
  successMessage?: string | ((data: unknown, variables: unknown) => string);
  /** Prefix of the failure toast; the server's reason follows. */
  errorMessage?: string;
};

declare module '@tanstack/react-query' {
  interface Register {
    mutationMeta: MutationToastMeta;
  }
}

export interface MutationNotifier {
  success: (message: string) => void;
  error: (message: string) => void;
}

function reason(error: unknown): string {
  if (error instanceof MlflowApiError) return error.message || error.errorCode;
  if (error instanceof Error) return error.message;
  return 'Unknown error';
}

export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (error instanceof MlflowApiError && error.status >= 400 && error.status < 500 && error.status !== 408 && error.status !== 429) return false;
  if (error instanceof DOMException && error.name === 'AbortError') return false;
  return failureCount < 2;
}

export function createQueryClient(notifier?: () => MutationNotifier | undefined): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        gcTime: 5 * 60_000,
        refetchOnWindowFocus: false,
        refetchOnReconnect: true,
        retry: shouldRetry,
        retryDelay: (attempt) => Math.min(500 * 2 ** attempt, 4000),
      },
      mutations: { retry: false },
    },
    mutationCache: new MutationCache({
      onSuccess: (data, variables, _context, mutation) => {
        const message = mutation.meta?.successMessage;
        if (message === undefined) return;
        notifier?.()?.success(typeof message === 'function' ? message(data, variables) : message);
      },
      onError: (error, _variables, _context, mutation) => {
        const prefix = mutation.meta?.errorMessage;
        if (prefix === undefined) return;
        notifier?.()?.error(`${prefix}: ${reason(error)}`);
      },
    }),
  });
}
