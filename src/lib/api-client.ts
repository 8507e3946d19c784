// The one way the SPA talks to a tracking server: MLflow's REST API under /ajax-api/2.0/mlflow
// (the prefix MLflow's own UI uses), with typed errors and cancellation.
import type { ApiErrorBody } from './mlflow/wire-types';

export const API_BASE = '/ajax-api/2.0/mlflow';

/**
 * Who makes changes from this browser ("Your name" in the header), sent with every write as
 * `X-Runboard-User` so the bundled server's registry history can say who did what. A real MLflow
 * server ignores the header. Kept in localStorage: it is a label, not a credential.
 */
export const USER_NAME_STORAGE_KEY = 'runboard.userName';
export const USER_HEADER = 'X-Runboard-User';
export const MAX_USER_NAME_LENGTH = 100;

function storage(): Storage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    // Storage can be switched off (privacy settings); the app works without a name.
    return undefined;
  }
}

/** The saved name, trimmed; '' when none. */
export function readUserName(): string {
  return (storage()?.getItem(USER_NAME_STORAGE_KEY) ?? '').trim().slice(0, MAX_USER_NAME_LENGTH);
}

/** Saves the name ('' forgets it). */
export function saveUserName(name: string): void {
  const trimmed = name.trim().slice(0, MAX_USER_NAME_LENGTH);
  if (trimmed) storage()?.setItem(USER_NAME_STORAGE_KEY, trimmed);
  else storage()?.removeItem(USER_NAME_STORAGE_KEY);
}

/**
 * The user header for a write, or none. Header values must be Latin-1, so the name is sent
 * percent-encoded (the server decodes it); without a name the server falls back to the request's
 * HTTP basic-auth user, which the browser sends by itself when the server asked for one.
 */
export function userHeaders(): Record<string, string> {
  const name = readUserName();
  return name ? { [USER_HEADER]: encodeURIComponent(name) } : {};
}

export class MlflowApiError extends Error {
  readonly errorCode: string;
  readonly status: number;

  constructor(status: number, errorCode: string, message: string) {
    super(message);
    this.name = 'MlflowApiError';
    this.status = status;
    this.errorCode = errorCode;
  }
}

type QueryValue = string | number | boolean | undefined | readonly (string | number)[];

/** Repeated keys for lists (`?run_ids=a&run_ids=b`): MLflow does not read `run_ids[]`. */
export function toQueryString(params: Record<string, QueryValue>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const item of value) search.append(name, String(item));
    else search.append(name, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

async function readError(response: Response): Promise<MlflowApiError> {
  const text = await response.text().catch(() => '');
  try {
    const body = JSON.parse(text) as Partial<ApiErrorBody>;
    if (typeof body.error_code === 'string') {
      return new MlflowApiError(response.status, body.error_code, body.message ?? body.error_code);
    }
  } catch {
    // Not JSON: fall through to a generic message.
  }
  const detail = text && text.length < 200 && !text.trimStart().startsWith('<') ? `: ${text}` : '';
  return new MlflowApiError(response.status, `HTTP_${response.status}`, `The server answered ${response.status} ${response.statusText}${detail}`);
}

export interface RequestOptions {
  signal?: AbortSignal;
  /** Path prefix other than the MLflow API base, e.g. '' for /get-artifact. */
  base?: string;
  /** Extra request headers (e.g. `Range` for artifact tails). */
  headers?: Record<string, string>;
}

export async function apiGet<T>(path: string, params: Record<string, QueryValue> = {}, options: RequestOptions = {}): Promise<T> {
  const response = await fetch(`${options.base ?? API_BASE}${path}${toQueryString(params)}`, { signal: options.signal });
  if (!response.ok) throw await readError(response);
  return (await response.json()) as T;
}

export async function apiSend<T>(
  method: 'POST' | 'PATCH' | 'DELETE',
  path: string,
  body: unknown,
  options: RequestOptions = {},
): Promise<T> {
  const response = await fetch(`${options.base ?? API_BASE}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...userHeaders(), ...options.headers },
    body: JSON.stringify(body),
    signal: options.signal,
  });
  if (!response.ok) throw await readError(response);
  const text = await response.text();
  return (text ? JSON.parse(text) : {}) as T;
}

export const apiPost = <T>(path: string, body: unknown, options?: RequestOptions): Promise<T> => apiSend<T>('POST', path, body, options);

/** Fetches raw bytes or text (artifacts). */
export async function apiFetchRaw(url: string, options: RequestOptions = {}): Promise<Response> {
  const response = await fetch(url, { signal: options.signal, headers: options.headers });
  if (!response.ok) throw await readError(response);
  return response;
}

/** Reads a wire int64 (number or string) as a number; undefined stays undefined. */
export function wireInt(value: number | string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const number = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(number) ? number : undefined;
}

/** Reads a wire double, including the strings NaN / Infinity / -Infinity. */
export function wireDouble(value: number | string | undefined): number {
  if (typeof value === 'number') return value;
  if (value === 'NaN' || value === undefined) return NaN;
  if (value === 'Infinity') return Infinity;
  if (value === '-Infinity') return -Infinity;
  return Number(value);
}

/** Base of Runboard's own routes (extensions a plain MLflow server does not have). */
export const RUNBOARD_API_BASE = '/ajax-api/2.0/runboard';

/** The server has no such route: a real MLflow answering for one of Runboard's extensions. */
export function isMissingEndpoint(error: unknown): boolean {
  return (
    error instanceof MlflowApiError &&
    error.status === 404 &&
    (error.errorCode === 'ENDPOINT_NOT_FOUND' || error.errorCode === 'NOT_FOUND' || error.errorCode.startsWith('HTTP_'))
  );
}
