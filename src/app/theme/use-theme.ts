import { useCallback, useEffect, useState } from 'react';
import { applyTheme, readStoredTheme, resolveTheme, storeTheme, systemPrefersDark, type Theme } from './theme';

/** Current theme and a toggle that remembers the choice. Follows OS changes until the user chooses. */
export function useTheme(): { theme: Theme; toggle: () => void } {
  const [theme, setTheme] = useState<Theme>(() => resolveTheme(readStoredTheme(window.localStorage), systemPrefersDark()));

  useEffect(() => {
    applyTheme(theme);
  }, [theme]);

  useEffect(() => {
    if (typeof window.matchMedia !== 'function') return undefined;
    const query = window.matchMedia('(prefers-color-scheme: dark)');
    const onChange = () => {
      if (!readStoredTheme(window.localStorage)) setTheme(query.matches ? 'dark' : 'light');
    };
    query.addEventListener('change', onChange);
    // The OS may have changed between the first render and this subscription (the app mounts
    // after its code loads): catch up once.
    onChange();
    return () => query.removeEventListener('change', onChange);
  }, []);

  const toggle = useCallback(() => {
    setTheme((current) => {
      const next: Theme = current === 'dark' ? 'light' : 'dark';
      storeTheme(window.localStorage, next);
      return next;
    });
  }, []);

  return { theme, toggle };
}
