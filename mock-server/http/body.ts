// Reads a request body the way MLflow's Flask handlers do: malformed or empty JSON is `{}`, and a
// JSON string that holds JSON is decoded twice (legacy clients).
import { MlflowError, invalidParameter } from '../errors.js';

/**
 * Largest JSON request body. MLflow's biggest legitimate bodies (log-batch: 1,000 metrics, dataset
 * inputs with a 1 MB schema) are far below it, and parsing it stays within ~50 ms of the event loop.
 */
export const MAX_JSON_BODY_BYTES = 16 * 1024 * 1024;
/** Deepest nesting of objects and arrays; MLflow's messages need fewer than 10 levels. */
export const MAX_JSON_DEPTH = 64;

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

function countByte(text: Buffer, byte: number, stopAfter: number): number {
  let count = 0;
  for (let at = text.indexOf(byte); at >= 0 && count <= stopAfter; at = text.indexOf(byte, at + 1)) count += 1;
  return count;
}

/**
 * Refuses JSON nested deeper than MAX_JSON_DEPTH before it is parsed, so that nothing recursive
 * downstream (stringify, validation) can overflow the stack. Bodies with few brackets skip the scan.
 */
export function checkJsonDepth(text: Buffer): void {
  if (countByte(text, OPEN_BRACE, MAX_JSON_DEPTH) + countByte(text, OPEN_BRACKET, MAX_JSON_DEPTH) <= MAX_JSON_DEPTH) return;
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index += 1) {
    const byte = text[index];
    if (inString) {
      if (byte === BACKSLASH) index += 1;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) inString = true;
    else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
      depth += 1;
      if (depth > MAX_JSON_DEPTH) throw invalidParameter(`The request body is nested deeper than the limit of ${MAX_JSON_DEPTH} levels.`);
    } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) depth -= 1;
  }
}

export function parseJsonBody(raw: Buffer | undefined): Record<string, unknown> {
  if (!raw || raw.length === 0) return {};
  checkJsonDepth(raw);
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString('utf8'));
    if (typeof parsed === 'string') {
      checkJsonDepth(Buffer.from(parsed));
      parsed = JSON.parse(parsed);
    }
  } catch (error) {
    if (error instanceof MlflowError) throw error;
    return {};
  }
  if (typeof parsed !== 'object' || parsed === null) return {};
  if (Array.isArray(parsed)) throw invalidParameter('The request body must be a JSON object.');
  return parsed as Record<string, unknown>;
}

/** POST and PUT must say `application/json` (parameters after `;` are ignored). */
export function checkJsonContentType(contentType: string | undefined): void {
  if (contentType === undefined) throw invalidParameter('Bad Request. Content-Type header is missing.');
  const mediaType = contentType.split(';')[0]?.trim().toLowerCase();
  if (mediaType !== 'application/json') {
    throw invalidParameter("Bad Request. Content-Type must be one of ['application/json'].");
  }
}

export function parseQueryString(url: string): Record<string, string[]> {
  const question = url.indexOf('?');
  const query: Record<string, string[]> = {};
  if (question < 0) return query;
  for (const [name, value] of new URLSearchParams(url.slice(question + 1))) {
    (query[name] ??= []).push(value);
  }
  return query;
}
