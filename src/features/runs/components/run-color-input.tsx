// One colour input for the whole table: a swatch click points it at a run and opens the
// browser's colour picker. (One <input type="color"> per row would cost a DOM input for every
// row scrolled into view.)
import { useCallback, useRef, type ReactNode } from 'react';

export function useRunColorInput(onChange: (runId: string, color: string) => void): { input: ReactNode; open: (runId: string, color: string, anchor: HTMLElement) => void } {
  const inputRef = useRef<HTMLInputElement>(null);
  const target = useRef<string | null>(null);

  const open = useCallback((runId: string, color: string, anchor: HTMLElement) => {
    const input = inputRef.current;
    if (!input) return;
    target.current = runId;
    input.value = color;
    const rect = anchor.getBoundingClientRect();
    input.style.top = `${rect.bottom}px`;
    input.style.left = `${rect.left}px`;
    input.dataset.runId = runId;
    try {
      input.showPicker();
    } catch {
      input.click();
    }
  }, []);

  const input = (
    <input
      ref={inputRef}
      type="color"
      className="rb-color-input"
      aria-label="Run colour"
      tabIndex={-1}
      onChange={(event) => {
        if (target.current) onChange(target.current, event.target.value);
      }}
    />
  );
  return { input, open };
}
