// Reads a request body the way MLflow's Flask handlers do: malformed or empty JSON is `{}`, and a
// JSON string that holds JSON is decoded twice (legacy clients).
import { invalidParameter } from '../errors.js';

export function parseJsonBody(raw: Buffer | undefined): Record<string, unknown> {
  if (!raw || raw.length === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString('utf8'));
    if (typeof parsed === 'string') parsed = JSON.parse(parsed);
  } catch {
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
