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

/**
 * A float as Python's repr() prints it: always a decimal point or an exponent (`9.0`, `1e+16`,
 * `1e-05`). MLflow's messages show what Python parsed, so a JSON `9.0` is reported as `9.0`.
 */
export function pythonFloatRepr(value: number): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? 'nan' : value > 0 ? 'inf' : '-inf';
  const magnitude = Math.abs(value);
  const text = magnitude !== 0 && (magnitude >= 1e16 || magnitude < 1e-4) ? value.toExponential() : String(value);
  if (/[e.]/.test(text)) return text.replace(/e([+-])(\d)$/, 'e$10$2');
  return `${text}.0`;
}

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

/** `asFloat`: the value was written as a JSON float (`9.0`, `1e3`), which Python keeps a float. */
export function invalidValue(name: string, value: unknown, asFloat = false): Error {
  const float = asFloat && typeof value === 'number';
  const shown = float ? pythonFloatRepr(value) : formatValue(value);
  const type = float ? 'float' : pythonTypeName(value);
  return invalidParameter(`Invalid value ${shown} for parameter '${name}' supplied:  Hint: Value was of type '${type}'. ${API_DOCS_HINT}`);
}

export function missingValue(name: string): Error {
  return invalidParameter(`Missing value for required parameter '${name}'. ${API_DOCS_HINT}`);
}
