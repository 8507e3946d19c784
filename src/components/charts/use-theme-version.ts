import { useSyncExternalStore } from 'react';

// Canvas charts read colours from CSS variables, so they redraw when <html data-theme> changes.
function subscribe(callback: () => void): () => void {
  const observer = new MutationObserver(callback);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme', 'class', 'style'] });
  return () => observer.disconnect();
}

export function useThemeVersion(): string {
  return useSyncExternalStore(
    subscribe,
    () => document.documentElement.dataset.theme ?? 'light',
    () => 'light',
  );
}

export interface ChartColors {
  grid: string;
  axis: string;
  text: string;
  background: string;
  accent: string;
  font: string;
}

export function readChartColors(): ChartColors {
  const style = getComputedStyle(document.documentElement);
  const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return {
    grid: read('--chart-grid', '#e3e6ea'),
    axis: read('--border-strong', '#b7bfca'),
    text: read('--text-muted', '#57606a'),
    background: read('--surface', '#ffffff'),
    accent: read('--accent', '#1f5fcc'),
    font: `11px ${read('--font-sans', 'sans-serif')}`,
  };
}
