import { MlflowApiError } from '../../lib/api-client';
import { errorMessage } from './error-message';

/** Inline error with the server's reason and a retry button. */
export function ErrorPanel({ error, title = 'Could not load this', onRetry }: { error: unknown; title?: string; onRetry?: () => void }) {
  return (
    <div className="inline-error" role="alert">
      <div>
        <strong>{title}.</strong> {errorMessage(error)}
        {error instanceof MlflowApiError && <span className="muted"> ({error.errorCode})</span>}
      </div>
      {onRetry && (
        <button type="button" className="btn btn-sm" onClick={onRetry}>
          Retry
        </button>
      )}
    </div>
  );
}
