import type { KeyboardEvent } from 'react';

/** Index of the item to focus after a key press, or undefined when the key is not a move. */
export function nextIndex(key: string, current: number, count: number): number | undefined {
  if (count === 0) return undefined;
  switch (key) {
    case 'ArrowDown':
      return current < 0 ? 0 : Math.min(current + 1, count - 1);
    case 'ArrowUp':
      return current < 0 ? count - 1 : Math.max(current - 1, 0);
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return undefined;
  }
}

/**
 * Keyboard handler for a list container: ↑/↓/Home/End move focus between its `[data-nav-item]`
 * elements (links or buttons), so long lists need no Tab marathon.
 */
export function handleArrowNavigation(event: KeyboardEvent<HTMLElement>): void {
  if (event.altKey || event.ctrlKey || event.metaKey) return;
  const target = event.target as HTMLElement;
  if (target.matches('input:not([type=checkbox]), textarea, select, [contenteditable=true]')) return;
  const items = Array.from(event.currentTarget.querySelectorAll<HTMLElement>('[data-nav-item]'));
  const current = items.findIndex((item) => item === target || item.contains(target));
  const next = nextIndex(event.key, current, items.length);
  if (next === undefined) return;
  event.preventDefault();
  items[next]?.focus();
}
