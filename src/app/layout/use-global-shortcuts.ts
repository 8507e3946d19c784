import { useEffect } from 'react';

function isEditable(element: Element | null): boolean {
  if (!(element instanceof HTMLElement)) return false;
  return element.isContentEditable || element.matches('input, textarea, select');
}

function isVisible(element: HTMLElement): boolean {
  return element.offsetParent !== null || element.getClientRects().length > 0;
}

/** `/` focuses the page's search box (the first visible `[data-search-input]`). */
export function useGlobalShortcuts(): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
      if (isEditable(document.activeElement)) return;
      if (document.querySelector('dialog[open]')) return;
      const input = Array.from(document.querySelectorAll<HTMLElement>('[data-search-input]')).find(isVisible);
      if (!input) return;
      event.preventDefault();
      input.focus();
      if (input instanceof HTMLInputElement) input.select();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);
}
