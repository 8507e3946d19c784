// The "⋮" menu of a column header: pin / unpin, move left / right, hide.
import { useRef, useState } from 'react';
import { Popover } from './popover';

export interface ColumnMenuProps {
  label: string;
  pinned: boolean;
  canMoveLeft: boolean;
  canMoveRight: boolean;
  onTogglePin: () => void;
  onMove: (direction: -1 | 1) => void;
  onHide: () => void;
}

export function ColumnMenu({ label, pinned, canMoveLeft, canMoveRight, onTogglePin, onMove, onHide }: ColumnMenuProps) {
  const [open, setOpen] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const run = (action: () => void) => () => {
    setOpen(false);
    action();
  };
  return (
    <>
      <button
        ref={buttonRef}
        type="button"
        className="rb-column-menu-button"
        aria-label={`Column options: ${label}`}
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen((value) => !value)}
        draggable={false}
      >
        ⋮
      </button>
      {open && (
        <Popover anchorRef={buttonRef} onClose={() => setOpen(false)} label={`Options for ${label}`} role="menu" align="end" className="rb-menu">
          <button type="button" role="menuitem" onClick={run(onTogglePin)} autoFocus>
            {pinned ? 'Unpin column' : 'Pin column to the left'}
          </button>
          <button type="button" role="menuitem" onClick={run(() => onMove(-1))} disabled={!canMoveLeft}>
            Move left
          </button>
          <button type="button" role="menuitem" onClick={run(() => onMove(1))} disabled={!canMoveRight}>
            Move right
          </button>
          <button type="button" role="menuitem" onClick={run(onHide)}>
            Hide column
          </button>
        </Popover>
      )}
    </>
  );
}
