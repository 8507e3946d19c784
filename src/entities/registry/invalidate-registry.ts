import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { registryKeys } from './registry-model';

// Other tabs of the app learn of a change at once through this channel (same origin only), so a
// model page open beside the one where a version was promoted follows without a reload.
const CHANNEL_NAME = 'runboard-registry';
let channel: BroadcastChannel | undefined;

function sharedChannel(): BroadcastChannel | undefined {
  if (typeof BroadcastChannel === 'undefined') return undefined;
  // One object for sending and listening: a channel does not hear its own messages.
  channel ??= new BroadcastChannel(CHANNEL_NAME);
  return channel;
}

function refetchModel(queryClient: QueryClient, name: string): Promise<void> {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: registryKeys.model(name) }),
    queryClient.invalidateQueries({ queryKey: registryKeys.models() }),
    queryClient.invalidateQueries({ queryKey: registryKeys.runVersionsAll() }),
  ]).then(() => undefined);
}

/** Tells the app's other tabs that a model changed. */
export function announceModelChange(name: string): void {
  sharedChannel()?.postMessage({ name });
}

/** After any change to a model: refetch everything shown about it, and the models list, here and in other tabs. */
export function invalidateModel(queryClient: QueryClient, name: string): Promise<void> {
  announceModelChange(name);
  return refetchModel(queryClient, name);
}

/** Registry pages refetch what another tab changed. */
export function useRegistrySync(): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    const current = sharedChannel();
    if (!current) return undefined;
    const onMessage = (event: MessageEvent<unknown>) => {
      const name = (event.data as { name?: unknown } | null)?.name;
      if (typeof name === 'string') void refetchModel(queryClient, name);
    };
    current.addEventListener('message', onMessage);
    return () => current.removeEventListener('message', onMessage);
  }, [queryClient]);
}
