// JSON state in localStorage, shared by every component reading the same key (same tab through
// a custom event, other tabs through the storage event). Unreadable values fall back.
import { useCallback, useMemo, useSyncExternalStore } from 'react';

const CHANGE_EVENT = 'runboard:local-storage';

function read(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

function subscribe(callback: () => void): () => void {
  window.addEventListener('storage', callback);
  window.addEventListener(CHANGE_EVENT, callback);
  return () => {
    window.removeEventListener('storage', callback);
    window.removeEventListener(CHANGE_EVENT, callback);
  };
}

export function writeLocalStorage(key: string, value: unknown): void {
  try {
    if (value === undefined) window.localStorage.removeItem(key);
    else window.localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage full or disabled: the state still lives for this render tree via the event below.
  }
  window.dispatchEvent(new Event(CHANGE_EVENT));
}

export function useLocalStorageState<T>(key: string, fallback: T, validate: (value: unknown) => value is T): [T, (next: T | ((previous: T) => T)) => void] {
  const raw = useSyncExternalStore(
    subscribe,
    () => read(key),
    () => null,
  );
  const value = useMemo(() => {
    if (raw === null) return fallback;
    try {
      const parsed: unknown = JSON.parse(raw);
      return validate(parsed) ? parsed : fallback;
    } catch {
      return fallback;
    }
    // fallback / validate are expected to be stable (module constants).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [raw]);
  const setValue = useCallback(
    (next: T | ((previous: T) => T)) => {
      let current = fallback;
      const stored = read(key);
      if (stored !== null) {
        try {
          const parsed: unknown = JSON.parse(stored);
          if (validate(parsed)) current = parsed;
        } catch {
          // keep the fallback
        }
      }
      const resolved = typeof next === 'function' ? (next as (previous: T) => T)(current) : next;
      writeLocalStorage(key, resolved);
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [key],
  );
  return [value, setValue];
}

export function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

export function isStringRecord(value: unknown): value is Record<string, string> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((item) => typeof item === 'string');
}
