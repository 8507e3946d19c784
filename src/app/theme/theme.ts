// The active theme lives on <html data-theme="light|dark">; all CSS keys off it. The user's choice
// is remembered in localStorage; without one the OS preference decides.

export type Theme = 'light' | 'dark';

export const THEME_STORAGE_KEY = 'runboard.theme';

export function isTheme(value: unknown): value is Theme {
  return value === 'light' || value === 'dark';
}

export function readStoredTheme(storage: Pick<Storage, 'getItem'> | undefined): Theme | undefined {
  try {
    const value = storage?.getItem(THEME_STORAGE_KEY);
    return isTheme(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

export function storeTheme(storage: Pick<Storage, 'setItem'> | undefined, theme: Theme): void {
  try {
    storage?.setItem(THEME_STORAGE_KEY, theme);
  } catch {
    // Private mode or storage disabled: the choice lasts for this page only.
  }
}

/** The stored choice wins; otherwise follow the OS. */
export function resolveTheme(stored: Theme | undefined, systemPrefersDark: boolean): Theme {
  return stored ?? (systemPrefersDark ? 'dark' : 'light');
}

export function systemPrefersDark(): boolean {
  return typeof window !== 'undefined' && typeof window.matchMedia === 'function' && window.matchMedia('(prefers-color-scheme: dark)').matches;
}

export function applyTheme(theme: Theme): void {
  document.documentElement.dataset.theme = theme;
}

/** Called once before the first render so the page never flashes the wrong theme. */
export function applyInitialTheme(): Theme {
  const theme = resolveTheme(readStoredTheme(window.localStorage), systemPrefersDark());
  applyTheme(theme);
  return theme;
}
