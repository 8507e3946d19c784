export { ToastProvider } from './toast-provider';
export { useToast, type ToastApi, type ToastKind } from './toast-context';
