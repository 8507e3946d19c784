export { errorMessage, isNotFound } from './error-message';
export { ErrorPanel } from './error-panel';
export { PanelErrorBoundary } from './panel-error-boundary';
