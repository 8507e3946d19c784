// The run under the pointer, shared by every chart of a view (highlighted everywhere) without
// re-rendering the whole view: components subscribe with useSyncExternalStore.
import { createContext, useContext, useSyncExternalStore } from 'react';

export interface HoverStore {
  get: () => string | null;
  set: (runId: string | null) => void;
  subscribe: (listener: () => void) => () => void;
}

export function createHoverStore(): HoverStore {
  let current: string | null = null;
  const listeners = new Set<() => void>();
  return {
    get: () => current,
    set: (runId) => {
      if (runId === current) return;
      current = runId;
      for (const listener of listeners) listener();
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export const HoverStoreContext = createContext<HoverStore | null>(null);

export function useHoverStore(): HoverStore {
  const store = useContext(HoverStoreContext);
  if (!store) throw new Error('useHoverStore needs a HoverStoreContext provider');
  return store;
}

export function useHoveredRun(): string | null {
  const store = useHoverStore();
  return useSyncExternalStore(store.subscribe, store.get, store.get);
}
