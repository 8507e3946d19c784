import { MlflowApiError } from '../../lib/api-client';

/** A readable sentence for any thrown value, with MLflow's error code when there is one. */
export function errorMessage(error: unknown): string {
  if (error instanceof MlflowApiError) return error.message || error.errorCode;
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  return 'Something went wrong.';
}

export function isNotFound(error: unknown): boolean {
  return error instanceof MlflowApiError && (error.status === 404 || error.errorCode === 'RESOURCE_DOES_NOT_EXIST');
}
