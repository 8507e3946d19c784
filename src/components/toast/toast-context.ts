import { createContext, useContext } from 'react';

export type ToastKind = 'success' | 'error';

export interface ToastApi {
  /** Shows a short confirmation that disappears on its own. */
  success: (message: string) => void;
  /** Shows a failure that stays until dismissed (or longer than a success). */
  error: (message: string) => void;
}

export const ToastContext = createContext<ToastApi | null>(null);

/** The app's toasts: `const toast = useToast(); toast.success('Saved')`. Needs a `ToastProvider`. */
export function useToast(): ToastApi {
  const api = useContext(ToastContext);
  if (!api) throw new Error('useToast() needs a <ToastProvider> above it');
  return api;
}
