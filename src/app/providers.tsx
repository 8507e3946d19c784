import { QueryClientProvider } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { ToastProvider, useToast } from '../components/toast';
import { createQueryClient } from '../lib/query-client';

function QueryProvider({ children }: { children: ReactNode }) {
  const toast = useToast();
  // The toast API is stable, so the client (and its cache) is created once.
  const [queryClient] = useState(() => createQueryClient(() => toast));
  return <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>;
}

export function AppProviders({ children }: { children: ReactNode }) {
  return (
    <ToastProvider>
      <QueryProvider>{children}</QueryProvider>
    </ToastProvider>
  );
}
