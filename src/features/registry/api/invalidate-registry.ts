import type { QueryClient } from '@tanstack/react-query';
import { registryKeys } from './registry-model';

/** After any change to a model: refetch everything shown about it, and the models list. */
export function invalidateModel(queryClient: QueryClient, name: string): Promise<void> {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: registryKeys.model(name) }),
    queryClient.invalidateQueries({ queryKey: registryKeys.models() }),
  ]).then(() => undefined);
}
