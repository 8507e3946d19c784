import { useEffect, useId, useRef, type FormEvent, type ReactNode } from 'react';
import './dialog.css';

export interface DialogProps {
  title: string;
  /** Called on Esc, the close button, or a click on the backdrop. */
  onClose: () => void;
  children: ReactNode;
  /** Buttons row; for a form dialog put the submit button here and pass onSubmit. */
  footer?: ReactNode;
  onSubmit?: () => void;
  width?: number;
  /** Ignore Esc/backdrop while something is saving. */
  busy?: boolean;
}

/**
 * A modal built on the native <dialog>: focus is trapped and restored by the browser, Esc closes it.
 * Render it only while it is open.
 */
export function Dialog({ title, onClose, children, footer, onSubmit, width = 480, busy = false }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const onCloseRef = useRef(onClose);
  const busyRef = useRef(busy);
  useEffect(() => {
    onCloseRef.current = onClose;
    busyRef.current = busy;
  });

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return undefined;
    const previouslyFocused = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    // React's autoFocus runs before the dialog opens; choose the first focus here instead:
    // an element marked data-autofocus, else the first field, else the browser's default.
    const first = dialog.querySelector<HTMLElement>('[data-autofocus]') ?? dialog.querySelector<HTMLElement>('.dialog-body :is(input, textarea, select)');
    first?.focus();
    const onCancel = (event: Event) => {
      event.preventDefault();
      if (!busyRef.current) onCloseRef.current();
    };
    dialog.addEventListener('cancel', onCancel);
    return () => {
      dialog.removeEventListener('cancel', onCancel);
      if (dialog.open) dialog.close();
      previouslyFocused?.focus();
    };
  }, []);

  const handleSubmit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit?.();
  };

  const body = (
    <>
      <div className="dialog-header">
        <h2 id={titleId}>{title}</h2>
        <button type="button" className="btn btn-ghost btn-sm btn-icon" aria-label="Close dialog" onClick={() => !busy && onClose()}>
          ×
        </button>
      </div>
      <div className="dialog-body">{children}</div>
      {footer && <div className="dialog-footer">{footer}</div>}
    </>
  );

  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={titleId}
      style={{ width: `min(${width}px, calc(100vw - 32px))` }}
      onMouseDown={(event) => {
        if (event.target === ref.current && !busy) onClose();
      }}
    >
      {onSubmit ? (
        <form onSubmit={handleSubmit} className="dialog-form">
          {body}
        </form>
      ) : (
        <div className="dialog-form">{body}</div>
      )}
    </dialog>
  );
}
