// MLflow's OSS page tokens: standard base64 (with padding) of `{"offset": N}`, spaced exactly
// like Python's json.dumps. Clients must treat tokens as opaque; only servers decode them.
// btoa/atob and TextDecoder exist in both browsers and Node >= 16, so no Buffer here.

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const DIGITS = /^\d+$/;

/** A page token the server refuses (400 INVALID_PARAMETER_VALUE); shaped like FilterSyntaxError. */
export class PageTokenError extends Error {
  readonly position = 0;
  readonly length: number;

  constructor(message: string, token: string) {
    super(message);
    this.name = 'PageTokenError';
    this.length = token.length;
  }
}

export function encodePageToken(offset: number): string {
  if (!Number.isSafeInteger(offset) || offset <= 0) {
    throw new RangeError(`Page token offset must be a positive integer, got ${offset}`);
  }
  // ASCII only, so btoa's Latin-1 restriction cannot bite.
  return btoa(`{"offset": ${offset}}`);
}

/**
 * Returns the offset a token points at. An empty token means "first page" and gives 0,
 * as MLflow does; a token that encodes offset 0 is refused.
 * @throws PageTokenError
 */
export function decodePageToken(token: string): number {
  if (token === '') return 0;
  const parsed = parseTokenJson(token, decodeBase64(token));
  const offset = typeof parsed === 'object' && parsed !== null ? (parsed as { offset?: unknown }).offset : undefined;
  const value = toPositiveInteger(offset);
  if (value === undefined) {
    throw new PageTokenError(`Invalid page token, parsed value=${JSON.stringify(parsed)}`, token);
  }
  return value;
}

function decodeBase64(token: string): string {
  if (!BASE64.test(token)) throw new PageTokenError('Invalid page token, could not base64-decode', token);
  try {
    const binary = atob(token);
    const bytes = Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new PageTokenError('Invalid page token, could not base64-decode', token);
  }
}

function parseTokenJson(token: string, text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new PageTokenError(`Invalid page token, decoded value=${text}`, token);
  }
}

// MLflow runs int() on the offset, so a numeric string is accepted as well.
function toPositiveInteger(offset: unknown): number | undefined {
  const value = typeof offset === 'string' && DIGITS.test(offset) ? Number(offset) : offset;
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : undefined;
}
