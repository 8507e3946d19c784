import { describe, expect, it } from 'vitest';
import { readStoredTheme, resolveTheme, storeTheme, THEME_STORAGE_KEY } from './theme';

function memoryStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return {
    getItem: (key: string) => data.get(key) ?? null,
    setItem: (key: string, value: string) => void data.set(key, value),
    data,
  };
}

describe('theme', () => {
  it('follows the OS when nothing is stored', () => {
    expect(resolveTheme(undefined, true)).toBe('dark');
    expect(resolveTheme(undefined, false)).toBe('light');
  });

  it('prefers the stored choice over the OS', () => {
    expect(resolveTheme('light', true)).toBe('light');
    expect(resolveTheme('dark', false)).toBe('dark');
  });

  it('reads only valid stored values', () => {
    expect(readStoredTheme(memoryStorage({ [THEME_STORAGE_KEY]: 'dark' }))).toBe('dark');
    expect(readStoredTheme(memoryStorage({ [THEME_STORAGE_KEY]: 'purple' }))).toBeUndefined();
    expect(readStoredTheme(undefined)).toBeUndefined();
  });

  it('survives storage that throws', () => {
    const throwing = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
    };
    expect(readStoredTheme(throwing)).toBeUndefined();
    expect(() => storeTheme(throwing, 'dark')).not.toThrow();
  });

  it('stores the choice', () => {
    const storage = memoryStorage();
    storeTheme(storage, 'dark');
    expect(storage.data.get(THEME_STORAGE_KEY)).toBe('dark');
  });
});
