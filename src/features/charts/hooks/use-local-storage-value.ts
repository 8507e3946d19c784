// JSON values in localStorage, re-read when any component (this feature's or the runs table's)
// writes the same key: same tab through the `runboard:local-storage` event, other tabs through
// `storage`.
import { useCallback, useSyncExternalStore } from 'react';

const CHANGE_EVENT = 'runboard:local-storage';

function subscribe(callback: () => void): () => void {
  window.addEventListener('storage', callback);
  window.addEventListener(CHANGE_EVENT, callback);
  return () => {
    window.removeEventListener('storage', callback);
    window.removeEventListener(CHANGE_EVENT, callback);
  };
}

export function readStorage(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

export function writeStorage(key: string, value: unknown): void {
  try {
    if (value === undefined) window.localStorage.removeItem(key);
    else window.localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // storage disabled or full: nothing to remember
  }
  window.dispatchEvent(new Event(CHANGE_EVENT));
}

export function parseJson(raw: string | null): unknown {
  if (raw === null) return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}

/** The raw stored string (stable between renders), and a writer. */
export function useLocalStorageRaw(key: string): [string | null, (value: unknown) => void] {
  const raw = useSyncExternalStore(
    subscribe,
    () => readStorage(key),
    () => null,
  );
  const write = useCallback((value: unknown) => writeStorage(key, value), [key]);
  return [raw, write];
}
