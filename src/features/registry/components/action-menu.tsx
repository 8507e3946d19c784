import { useCallback, useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

export type ActionMenuItem =
  | { kind: 'item'; label: string; onSelect: () => void; danger?: boolean; disabled?: boolean }
  | { kind: 'separator' }
  | { kind: 'heading'; label: string }
  /** Why the items below are disabled (e.g. a missing permission). */
  | { kind: 'note'; label: string };

export interface ActionMenuProps {
  /** Accessible name of the trigger button, e.g. "Actions for version 3". */
  label: string;
  items: readonly ActionMenuItem[];
  children: ReactNode;
  className?: string;
}

interface Position {
  top: number;
  left: number;
}

const MENU_WIDTH = 260;

/**
 * A button that opens a menu of actions. The menu is `position: fixed` so table scroll
 * containers do not clip it; ↑/↓/Home/End move between items, Esc closes and returns focus.
 */
export function ActionMenu({ label, items, children, className }: ActionMenuProps) {
  const [position, setPosition] = useState<Position | null>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const menuId = useId();
  const open = position !== null;

  const close = useCallback((focusButton: boolean) => {
    setPosition(null);
    if (focusButton) buttonRef.current?.focus();
  }, []);

  const place = useCallback((): Position | null => {
    const rect = buttonRef.current?.getBoundingClientRect();
    if (!rect) return null;
    const left = Math.max(8, Math.min(rect.right - MENU_WIDTH, window.innerWidth - MENU_WIDTH - 8));
    return { top: rect.bottom + 4, left };
  }, []);

  const toggle = () => {
    if (open) close(false);
    else setPosition(place());
  };

  // Keep the menu on screen: open upwards when it would overflow the bottom.
  useLayoutEffect(() => {
    const menu = menuRef.current;
    const button = buttonRef.current;
    if (!open || !menu || !button) return;
    const rect = menu.getBoundingClientRect();
    if (rect.bottom > window.innerHeight - 8) {
      const buttonRect = button.getBoundingClientRect();
      const top = Math.max(8, buttonRect.top - rect.height - 4);
      if (top !== position.top) setPosition({ ...position, top });
    }
  }, [open, position]);

  useEffect(() => {
    if (open) menuRef.current?.querySelector<HTMLElement>('[role=menuitem]:not([disabled])')?.focus();
  }, [open]);

  useEffect(() => {
    if (!open) return undefined;
    const onPointerDown = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!menuRef.current?.contains(target) && !buttonRef.current?.contains(target)) close(false);
    };
    // Follow the button when the page scrolls (clicks scroll it into view first); close once it is gone.
    const onScroll = (event: Event) => {
      if (menuRef.current?.contains(event.target as Node)) return;
      const rect = buttonRef.current?.getBoundingClientRect();
      if (!rect || rect.bottom < 0 || rect.top > window.innerHeight) close(false);
      else setPosition(place());
    };
    const onResize = () => close(false);
    document.addEventListener('pointerdown', onPointerDown);
    window.addEventListener('scroll', onScroll, true);
    window.addEventListener('resize', onResize);
    return () => {
      document.removeEventListener('pointerdown', onPointerDown);
      window.removeEventListener('scroll', onScroll, true);
      window.removeEventListener('resize', onResize);
    };
  }, [open, close, place]);

  const onMenuKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const entries = Array.from(event.currentTarget.querySelectorAll<HTMLElement>('[role=menuitem]:not([disabled])'));
    const current = entries.indexOf(document.activeElement as HTMLElement);
    let next: number | undefined;
    if (event.key === 'ArrowDown') next = (current + 1) % entries.length;
    else if (event.key === 'ArrowUp') next = (current - 1 + entries.length) % entries.length;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = entries.length - 1;
    else if (event.key === 'Escape' || event.key === 'Tab') {
      event.preventDefault();
      event.stopPropagation();
      close(true);
      return;
    }
    if (next !== undefined) {
      event.preventDefault();
      entries[next]?.focus();
    }
  };

  return (
    <>
      <button
        ref={buttonRef}
        type="button"
        className={className ?? 'btn btn-sm'}
        aria-label={label}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={toggle}
      >
        {children}
      </button>
      {open && (
        <div
          ref={menuRef}
          id={menuId}
          role="menu"
          aria-label={label}
          className="action-menu"
          style={{ top: position.top, left: position.left, width: MENU_WIDTH }}
          onKeyDown={onMenuKeyDown}
        >
          {items.map((item, index) =>
            item.kind === 'separator' ? (
              <div key={`separator-${index}`} role="separator" className="action-menu-separator" />
            ) : item.kind === 'note' ? (
              <div key={`note-${index}`} role="note" className="action-menu-note">
                {item.label}
              </div>
            ) : item.kind === 'heading' ? (
              <div key={`heading-${index}`} role="presentation" className="action-menu-heading">
                {item.label}
              </div>
            ) : (
              <button
                key={`${item.label}-${index}`}
                type="button"
                role="menuitem"
                tabIndex={-1}
                className={`action-menu-item${item.danger ? ' action-menu-item-danger' : ''}`}
                disabled={item.disabled}
                onClick={() => {
                  close(true);
                  item.onSelect();
                }}
              >
                {item.label}
              </button>
            ),
          )}
        </div>
      )}
    </>
  );
}
