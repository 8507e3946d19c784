import { useState } from 'react';
import type { RegistryChange } from '../utils/registry-change';
import { useRegistryChange } from './use-registry-change';

/** The confirm-then-apply flow of promotions: `request` opens the confirmation, `confirm` applies. */
export function usePromotion(name: string) {
  const mutation = useRegistryChange(name);
  const [pending, setPending] = useState<RegistryChange | null>(null);
  const [newAliasFor, setNewAliasFor] = useState<string | null>(null);
  return {
    /** The change waiting for confirmation. */
    pending,
    /** Version whose "Set an alias" dialog is open. */
    newAliasFor,
    request: (change: RegistryChange) => setPending(change),
    requestNewAlias: (version: string) => setNewAliasFor(version),
    cancel: () => {
      setPending(null);
      setNewAliasFor(null);
    },
    confirm: (change: RegistryChange) => {
      setPending(null);
      setNewAliasFor(null);
      mutation.mutate(change);
    },
    isApplying: mutation.isPending,
  };
}
