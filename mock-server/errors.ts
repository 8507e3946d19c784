// MLflow's error shape and the HTTP status each error code maps to (databricks.proto / handlers.py).
// Neutral ground: services, the store and the http layer all throw and read it.

const STATUS_BY_CODE: Record<string, number> = {
  INVALID_PARAMETER_VALUE: 400,
  BAD_REQUEST: 400,
  RESOURCE_ALREADY_EXISTS: 400,
  INVALID_STATE: 400,
  RESOURCE_DOES_NOT_EXIST: 404,
  ENDPOINT_NOT_FOUND: 404,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  ALREADY_EXISTS: 409,
  RESOURCE_CONFLICT: 409,
  ABORTED: 409,
  PAYLOAD_TOO_LARGE: 413,
  REQUEST_LIMIT_EXCEEDED: 429,
  INTERNAL_ERROR: 500,
  NOT_IMPLEMENTED: 501,
  TEMPORARILY_UNAVAILABLE: 503,
};

export class MlflowError extends Error {
  readonly errorCode: string;
  readonly status: number;

  constructor(errorCode: string, message: string, status?: number) {
    super(message);
    this.errorCode = errorCode;
    this.status = status ?? STATUS_BY_CODE[errorCode] ?? 500;
  }

  toJSON(): { error_code: string; message: string } {
    return { error_code: this.errorCode, message: this.message };
  }
}

export const invalidParameter = (message: string): MlflowError => new MlflowError('INVALID_PARAMETER_VALUE', message);

export const notFound = (message: string): MlflowError => new MlflowError('RESOURCE_DOES_NOT_EXIST', message);

export const alreadyExists = (message: string): MlflowError => new MlflowError('RESOURCE_ALREADY_EXISTS', message);

// The request-field errors, worded as MLflow's handlers word them.
export const API_DOCS_HINT = 'See the API docs for more information about request parameters.';

function pythonTypeName(value: unknown): string {
  if (value === null) return 'NoneType';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (typeof value === 'string') return 'str';
  return 'dict';
}

export function formatValue(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
}

export function invalidValue(name: string, value: unknown): Error {
  return invalidParameter(
    `Invalid value ${formatValue(value)} for parameter '${name}' supplied:  Hint: Value was of type '${pythonTypeName(value)}'. ${API_DOCS_HINT}`,
  );
}

export function missingValue(name: string): Error {
  return invalidParameter(`Missing value for required parameter '${name}'. ${API_DOCS_HINT}`);
}
