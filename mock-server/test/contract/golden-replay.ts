// Replays the golden MLflow 2.17.2 exchanges (shared/golden/mlflow-2.17.2/*.json) against a running
// server and compares the answers under the rules of shared/golden/README.md.
//
// Pure apart from the HTTP calls and the file loader: bindings live in a ReplayState that the
// caller owns, so a test runner can replay one exchange per test and keep going after a failure.
import { randomInt } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

// ---------------------------------------------------------------------------------------------
// Golden file format
// ---------------------------------------------------------------------------------------------

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export type RequestBodyKind = 'json' | 'text' | 'base64' | 'none';
export type ResponseBodyKind = 'json' | 'text' | 'base64' | 'empty' | 'html';

export interface GoldenRequest {
  method: string;
  path: string;
  query: [string, string][];
  headers?: Record<string, string>;
  body_kind: RequestBodyKind;
  body: Json;
}

export interface GoldenResponse {
  status: number;
  content_type: string;
  headers?: Record<string, string>;
  body_kind: ResponseBodyKind;
  body: Json;
  body_summary?: string;
}

export interface Exchange {
  seq: number;
  note?: string;
  quirk?: string;
  delay_ms?: number;
  request: GoldenRequest;
  response: GoldenResponse;
}

export interface GoldenFile {
  /** File name without folder, e.g. `02_experiments_crud.json`; keys the quirk table. */
  name: string;
  exchanges: Exchange[];
}

export interface ExchangeResult {
  seq: number;
  ok: boolean;
  /** Why the answer does not match: JSON paths, expected vs actual. Only when `ok` is false. */
  diff?: string;
  /** Which acceptable answer matched when it was not the recorded one. */
  matched?: string;
}

const REQUEST_BODY_KINDS: readonly string[] = ['json', 'text', 'base64', 'none'];
const RESPONSE_BODY_KINDS: readonly string[] = ['json', 'text', 'base64', 'empty', 'html'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return isRecord(value) && Object.values(value).every((v) => typeof v === 'string');
}

function checkExchange(raw: unknown, where: string): Exchange {
  const fail = (what: string): never => {
    throw new Error(`${where}: malformed golden exchange (${what})`);
  };
  if (!isRecord(raw)) return fail('not an object');
  const { seq, note, quirk, delay_ms: delayMs, request, response } = raw;
  if (typeof seq !== 'number') fail('seq');
  if (note !== undefined && typeof note !== 'string') fail('note');
  if (quirk !== undefined && typeof quirk !== 'string') fail('quirk');
  if (delayMs !== undefined && typeof delayMs !== 'number') fail('delay_ms');
  if (!isRecord(request)) return fail('request');
  if (typeof request.method !== 'string' || typeof request.path !== 'string') fail('request method/path');
  const query = request.query ?? [];
  if (
    !Array.isArray(query) ||
    !query.every((pair) => Array.isArray(pair) && pair.length === 2 && pair.every((part) => typeof part === 'string'))
  ) {
    fail('request.query');
  }
  if (request.headers !== undefined && !isStringRecord(request.headers)) fail('request.headers');
  if (typeof request.body_kind !== 'string' || !REQUEST_BODY_KINDS.includes(request.body_kind)) {
    fail('request.body_kind');
  }
  if (!isRecord(response)) return fail('response');
  if (typeof response.status !== 'number') fail('response.status');
  if (typeof response.content_type !== 'string') fail('response.content_type');
  if (response.headers !== undefined && !isStringRecord(response.headers)) fail('response.headers');
  if (typeof response.body_kind !== 'string' || !RESPONSE_BODY_KINDS.includes(response.body_kind)) {
    fail('response.body_kind');
  }
  if (response.body_summary !== undefined && typeof response.body_summary !== 'string') {
    fail('response.body_summary');
  }
  // The checks above make these casts sound; the JSON bodies are JSON by construction.
  return {
    ...(raw as unknown as Exchange),
    request: {
      ...(request as unknown as GoldenRequest),
      query: query as [string, string][],
    },
  };
}

/** Reads and checks one golden file. */
export function loadGoldenFile(filePath: string): GoldenFile {
  const parsed: unknown = JSON.parse(readFileSync(filePath, 'utf8'));
  const name = path.basename(filePath);
  if (!Array.isArray(parsed)) throw new Error(`${name}: a golden file must hold a JSON array`);
  return {
    name,
    exchanges: parsed.map((raw, index) => checkExchange(raw, `${name}[${index}]`)),
  };
}

/** The golden files of a folder, in replay order (by name). */
export function listGoldenFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => path.join(dir, name));
}

/** A fresh `<uniq>`: 8 random lower-case letters (some filters test case sensitivity). */
export function randomUniq(): string {
  let out = '';
  for (let i = 0; i < 8; i += 1) out += String.fromCharCode(97 + randomInt(26));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Placeholders and bindings
// ---------------------------------------------------------------------------------------------

/** Per-file replay state. `bindings` maps a numbered placeholder (`<run_id:2>`) to its value. */
export interface ReplayState {
  file: GoldenFile;
  uniq: string;
  bindings: Map<string, string>;
}

export function createReplayState(file: GoldenFile, uniq: string): ReplayState {
  return { file, uniq, bindings: new Map() };
}

const PLACEHOLDER_SOURCE =
  '<(?:uniq|ts|artifacts_destination|backend_store_uri|(?:exp_id|run_id|run_name|page_token):\\d+)>';
const hasPlaceholder = (text: string): boolean => new RegExp(PLACEHOLDER_SOURCE).test(text);
const isNumbered = (placeholder: string): boolean => placeholder.includes(':');
/** Kinds whose distinct placeholders must stand for distinct values (page tokens may repeat). */
const UNIQUE_KINDS = ['exp_id', 'run_id', 'run_name'];
const kindOf = (placeholder: string): string => placeholder.slice(1).split(':')[0] ?? '';

/** Fills `<uniq>` and bound placeholders; unbound numbered ones stay as written and are reported. */
export function fillPlaceholders(
  text: string,
  uniq: string,
  bindings: ReadonlyMap<string, string>,
  unbound?: Set<string>,
): string {
  return text.replace(new RegExp(PLACEHOLDER_SOURCE, 'g'), (placeholder) => {
    if (placeholder === '<uniq>') return uniq;
    const bound = bindings.get(placeholder);
    if (bound !== undefined) return bound;
    if (isNumbered(placeholder)) unbound?.add(placeholder);
    return placeholder;
  });
}

function fillJson(value: Json, uniq: string, bindings: ReadonlyMap<string, string>, unbound: Set<string>): Json {
  if (typeof value === 'string') return fillPlaceholders(value, uniq, bindings, unbound);
  if (Array.isArray(value)) return value.map((item) => fillJson(item, uniq, bindings, unbound));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, Json> = {};
    for (const [key, item] of Object.entries(value)) {
      out[fillPlaceholders(key, uniq, bindings, unbound)] = fillJson(item, uniq, bindings, unbound);
    }
    return out;
  }
  return value;
}

// ---------------------------------------------------------------------------------------------
// Sending a request
// ---------------------------------------------------------------------------------------------

export interface PreparedRequest {
  method: string;
  /** Path and query exactly as they go on the wire. */
  target: string;
  contentType?: string;
  body?: Uint8Array;
  /** Numbered placeholders the request needed but no earlier answer bound. */
  unbound: string[];
}

export function prepareRequest(request: GoldenRequest, state: ReplayState): PreparedRequest {
  const unbound = new Set<string>();
  const fill = (text: string): string => fillPlaceholders(text, state.uniq, state.bindings, unbound);
  const pathPart = fill(request.path);
  // Form encoding, pairs in order, repeated names kept.
  const query = new URLSearchParams(request.query.map(([name, value]) => [fill(name), fill(value)])).toString();
  const target = query === '' ? pathPart : `${pathPart}?${query}`;
  const contentType = request.headers?.['Content-Type'];
  const method = request.method.toUpperCase();
  let body: Uint8Array | undefined;
  switch (request.body_kind) {
    case 'json':
      body = Buffer.from(JSON.stringify(fillJson(request.body, state.uniq, state.bindings, unbound)), 'utf8');
      break;
    case 'text':
      body = Buffer.from(fill(typeof request.body === 'string' ? request.body : ''), 'utf8');
      break;
    case 'base64':
      body = Buffer.from(typeof request.body === 'string' ? request.body : '', 'base64');
      break;
    case 'none':
      // README: no body, but POST/PUT/PATCH/DELETE go out with Content-Length: 0.
      body = method === 'GET' || method === 'HEAD' ? undefined : new Uint8Array(0);
      break;
  }
  return {
    method,
    target,
    ...(contentType === undefined ? {} : { contentType }),
    ...(body === undefined ? {} : { body }),
    unbound: [...unbound],
  };
}

export interface ActualResponse {
  status: number;
  contentType: string | null;
  contentDisposition: string | null;
  body: Uint8Array;
}

const REQUEST_TIMEOUT_MS = 20_000;

/**
 * Whether Node's fetch cannot put this request on the wire as written. Measured on Node 20:
 * - the WHATWG URL parser resolves `..`, `.` and their `%2E` spellings, so such paths change;
 * - fetch refuses a body on GET/HEAD (one exchange sends a JSON body on a GET);
 * - fetch sends no `Content-Length: 0` for an empty DELETE body.
 * Those requests go through node:http, which sends the target and headers verbatim.
 */
function fetchCannotSend(baseUrl: string, prepared: PreparedRequest): boolean {
  const { method, target, body } = prepared;
  if ((method === 'GET' || method === 'HEAD') && body !== undefined) return true;
  if (method === 'DELETE' && body !== undefined && body.length === 0) return true;
  try {
    const url = new URL(baseUrl + target);
    return url.pathname + url.search !== target;
  } catch {
    return true;
  }
}

/**
 * The SPA's upload route needs a header a cross-site form cannot send (Runboard's CSRF guard;
 * MLflow ignores it): the replay sends it as the SPA does.
 */
function clientHeaders(target: string): Record<string, string> {
  return target.includes('/upload-artifact') ? { 'X-Requested-With': 'runboard' } : {};
}

async function sendWithFetch(baseUrl: string, prepared: PreparedRequest): Promise<ActualResponse> {
  const headers: Record<string, string> = clientHeaders(prepared.target);
  if (prepared.contentType !== undefined) headers['Content-Type'] = prepared.contentType;
  const response = await fetch(baseUrl + prepared.target, {
    method: prepared.method,
    headers,
    // A Uint8Array body makes fetch add no Content-Type of its own (copied: fetch's types want
    // a plain ArrayBuffer behind it).
    ...(prepared.body === undefined ? {} : { body: new Uint8Array(prepared.body) }),
    redirect: 'manual',
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    contentDisposition: response.headers.get('content-disposition'),
    body: new Uint8Array(await response.arrayBuffer()),
  };
}

function sendWithNodeHttp(baseUrl: string, prepared: PreparedRequest): Promise<ActualResponse> {
  const base = new URL(baseUrl);
  const headers: Record<string, string> = clientHeaders(prepared.target);
  if (prepared.contentType !== undefined) headers['Content-Type'] = prepared.contentType;
  if (prepared.body !== undefined) headers['Content-Length'] = String(prepared.body.length);
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: base.hostname,
        port: base.port,
        method: prepared.method,
        path: prepared.target, // sent verbatim: node:http does not normalise the path
        headers,
        timeout: REQUEST_TIMEOUT_MS,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const disposition = response.headers['content-disposition'];
          resolve({
            status: response.statusCode ?? 0,
            contentType: response.headers['content-type'] ?? null,
            contentDisposition: typeof disposition === 'string' ? disposition : null,
            body: new Uint8Array(Buffer.concat(chunks)),
          });
        });
      },
    );
    request.on('timeout', () => request.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`)));
    request.on('error', reject);
    request.end(prepared.body === undefined ? undefined : Buffer.from(prepared.body));
  });
}

export function sendPrepared(baseUrl: string, prepared: PreparedRequest): Promise<ActualResponse> {
  const base = baseUrl.replace(/\/+$/, '');
  return fetchCannotSend(base, prepared) ? sendWithNodeHttp(base, prepared) : sendWithFetch(base, prepared);
}

// ---------------------------------------------------------------------------------------------
// Comparing JSON
// ---------------------------------------------------------------------------------------------

/** A value test for hand-written expectations (quirk alternatives, unit tests). */
export class Matcher {
  constructor(
    readonly description: string,
    readonly test: (actual: unknown) => boolean,
  ) {}
}

export type Expected = null | boolean | number | string | Matcher | Expected[] | { [key: string]: Expected };

export const anyNonEmptyString = new Matcher('any non-empty string', (v) => typeof v === 'string' && v !== '');
export const oneOf = (values: readonly string[]): Matcher =>
  new Matcher(
    `one of ${values.map((v) => JSON.stringify(v)).join(', ')}`,
    (v) => typeof v === 'string' && values.includes(v),
  );

const MAX_DIFFS = 15;

interface CompareContext {
  uniq: string;
  bindings: Map<string, string>;
  diffs: string[];
}

function show(value: unknown, limit = 160): string {
  if (value === undefined) return '(missing)';
  if (value instanceof Matcher) return `<${value.description}>`;
  const text = JSON.stringify(value) ?? typeof value;
  return text.length > limit ? `${text.slice(0, limit)}…` : text;
}

function addDiff(ctx: CompareContext, message: string): void {
  ctx.diffs.push(message);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Expected string → anchored pattern: literal text escaped, bound values as literals, `<ts>` as an
 * integer, server paths as any text, unbound placeholders as captures (a repeat is a backreference).
 */
function placeholderPattern(
  expected: string,
  uniq: string,
  bindings: ReadonlyMap<string, string>,
): { regex: RegExp; captures: string[] } {
  const captures: string[] = [];
  let source = '';
  let last = 0;
  const re = new RegExp(PLACEHOLDER_SOURCE, 'g');
  for (let m = re.exec(expected); m !== null; m = re.exec(expected)) {
    source += escapeRegExp(expected.slice(last, m.index));
    last = m.index + m[0].length;
    const placeholder = m[0];
    const bound = bindings.get(placeholder);
    if (placeholder === '<uniq>') source += escapeRegExp(uniq);
    else if (placeholder === '<ts>') source += '-?\\d+';
    else if (placeholder === '<artifacts_destination>' || placeholder === '<backend_store_uri>') source += '[\\s\\S]*?';
    else if (bound !== undefined) source += escapeRegExp(bound);
    else {
      const earlier = captures.indexOf(placeholder);
      if (earlier >= 0) source += `\\${earlier + 1}`;
      else {
        captures.push(placeholder);
        source += '([\\s\\S]+?)';
      }
    }
  }
  source += escapeRegExp(expected.slice(last));
  return { regex: new RegExp(`^${source}$`), captures };
}

function bind(ctx: CompareContext, placeholder: string, value: string, where: string): void {
  if (UNIQUE_KINDS.includes(kindOf(placeholder))) {
    for (const [other, otherValue] of ctx.bindings) {
      if (other !== placeholder && otherValue === value && kindOf(other) === kindOf(placeholder)) {
        addDiff(ctx, `${where}: ${placeholder} came back as ${show(value)}, the value already bound to ${other}`);
      }
    }
  }
  ctx.bindings.set(placeholder, value);
}

function compareString(expected: string, actual: unknown, where: string, ctx: CompareContext): void {
  if (!hasPlaceholder(expected)) {
    if (actual !== expected) addDiff(ctx, `${where}: expected ${show(expected)}, got ${show(actual)}`);
    return;
  }
  if (expected === '<ts>') {
    if (typeof actual !== 'number' || !Number.isInteger(actual)) {
      addDiff(ctx, `${where}: expected an integer timestamp (<ts>), got ${show(actual)}`);
    }
    return;
  }
  const { regex, captures } = placeholderPattern(expected, ctx.uniq, ctx.bindings);
  const shown = fillPlaceholders(expected, ctx.uniq, ctx.bindings);
  if (typeof actual !== 'string') {
    addDiff(ctx, `${where}: expected a string ${show(shown)}, got ${show(actual)}`);
    // Best effort: an id that came back as a number still binds, so later requests can use it.
    const only = captures[0];
    if (captures.length === 1 && only !== undefined && expected === only && typeof actual === 'number') {
      bind(ctx, only, String(actual), where);
    }
    return;
  }
  const match = regex.exec(actual);
  if (match === null) {
    addDiff(ctx, `${where}: expected ${show(shown)}, got ${show(actual)}`);
    return;
  }
  captures.forEach((placeholder, index) => {
    const value = match[index + 1];
    if (value !== undefined) bind(ctx, placeholder, value, where);
  });
}

/** A set item's key as text, in full (tag keys of 250 characters must not be truncated). */
const keyText = (value: unknown): string => JSON.stringify(value) ?? '(none)';

/** The items of these arrays are compared as sets, matched by a key. */
function setKey(arrayKey: string | undefined, parentKey: string | undefined): ((item: unknown) => string) | undefined {
  const field =
    (name: string) =>
    (item: unknown): string =>
      keyText(isRecord(item) ? item[name] : item);
  switch (arrayKey) {
    case 'tags':
    case 'params':
      return field('key');
    case 'metrics':
      // Only a run's `data.metrics`; metric histories are ordered.
      return parentKey === 'data' ? field('key') : undefined;
    case 'aliases':
      // Registered models list {alias, version}; model versions list alias names.
      return (item) => keyText(isRecord(item) ? item.alias : item);
    case 'latest_versions':
      return field('version');
    case 'files':
      return field('path');
    case 'dataset_inputs':
      return (item) => {
        const dataset = isRecord(item) && isRecord(item.dataset) ? item.dataset : {};
        return `${keyText(dataset.name)} / ${keyText(dataset.digest)}`;
      };
    default:
      return undefined;
  }
}

const shortKey = (key: string): string => (key.length > 60 ? `${key.slice(0, 60)}…` : key);

function compareSet(
  expected: Expected[],
  actual: unknown[],
  where: string,
  keyOf: (item: unknown) => string,
  ctx: CompareContext,
): void {
  const used = new Set<number>();
  for (const item of expected) {
    // Fill what is known so the key can be looked up; an unbound placeholder in a key is
    // matched as a pattern (a key that holds one is rare: names carry <uniq>, which is known).
    const rawKey = keyOf(item);
    const key = fillPlaceholders(rawKey, ctx.uniq, ctx.bindings);
    const pattern = hasPlaceholder(key) ? placeholderPattern(rawKey, ctx.uniq, ctx.bindings).regex : undefined;
    const index = actual.findIndex((candidate, i) => {
      if (used.has(i)) return false;
      const candidateKey = keyOf(candidate);
      return pattern === undefined ? candidateKey === key : pattern.test(candidateKey);
    });
    if (index < 0) {
      addDiff(ctx, `${where}: missing item ${shortKey(key)}: ${show(item)}`);
      continue;
    }
    used.add(index);
    compareValue(item, actual[index], `${where}[${shortKey(key)}]`, ctx, undefined);
  }
  actual.forEach((item, i) => {
    if (!used.has(i)) addDiff(ctx, `${where}: unexpected item ${shortKey(keyOf(item))}: ${show(item)}`);
  });
}

function compareValue(
  expected: Expected,
  actual: unknown,
  where: string,
  ctx: CompareContext,
  ownKey: string | undefined,
  parentKey?: string,
): void {
  if (expected instanceof Matcher) {
    if (!expected.test(actual)) addDiff(ctx, `${where}: expected ${expected.description}, got ${show(actual)}`);
    return;
  }
  if (expected === null || typeof expected === 'boolean') {
    if (actual !== expected) addDiff(ctx, `${where}: expected ${show(expected)}, got ${show(actual)}`);
    return;
  }
  if (typeof expected === 'number') {
    if (typeof actual === 'number' && actual === expected) return;
    // SQLite stores ±Infinity as ±DBL_MAX; true infinities as "Infinity"/"-Infinity" are fine too.
    if (Math.abs(expected) === Number.MAX_VALUE && actual === (expected > 0 ? 'Infinity' : '-Infinity')) return;
    addDiff(ctx, `${where}: expected ${show(expected)}, got ${show(actual)}`);
    return;
  }
  if (typeof expected === 'string') {
    compareString(expected, actual, where, ctx);
    return;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) {
      addDiff(ctx, `${where}: expected an array ${show(expected)}, got ${show(actual)}`);
      return;
    }
    const keyOf = setKey(ownKey, parentKey);
    if (keyOf !== undefined) {
      compareSet(expected, actual as unknown[], where, keyOf, ctx);
      return;
    }
    if (expected.length !== actual.length) {
      addDiff(ctx, `${where}: expected ${expected.length} items, got ${actual.length}`);
    }
    const common = Math.min(expected.length, actual.length);
    for (let i = 0; i < common; i += 1) {
      compareValue(expected[i] ?? null, actual[i], `${where}[${i}]`, ctx, ownKey, parentKey);
    }
    for (let i = common; i < expected.length; i += 1) addDiff(ctx, `${where}[${i}]: missing ${show(expected[i])}`);
    for (let i = common; i < actual.length; i += 1) addDiff(ctx, `${where}[${i}]: unexpected ${show(actual[i])}`);
    return;
  }
  // Object.
  if (!isRecord(actual)) {
    addDiff(ctx, `${where}: expected an object ${show(expected)}, got ${show(actual)}`);
    return;
  }
  // An error answer: error_code must be equal, the message is informative only.
  const isError = where === '$' && 'error_code' in expected;
  const actualKeys = new Set(Object.keys(actual));
  for (const [rawKey, item] of Object.entries(expected)) {
    const key = fillPlaceholders(rawKey, ctx.uniq, ctx.bindings);
    const at = `${where}.${key}`;
    if (!(key in actual)) {
      addDiff(ctx, `${at}: missing key (expected ${show(item)})`);
      continue;
    }
    actualKeys.delete(key);
    if (isError && key === 'message') continue;
    compareValue(item, actual[key], at, ctx, key, ownKey);
  }
  for (const key of actualKeys) addDiff(ctx, `${where}.${key}: unexpected key (got ${show(actual[key])})`);
}

/**
 * Compares a JSON value with an expected one (placeholders, set-like arrays, ±Infinity, error
 * messages ignored at the top level). Binds new placeholders into `bindings`. Returns the diffs.
 */
export function compareJson(
  expected: Expected,
  actual: unknown,
  uniq: string,
  bindings: Map<string, string>,
): string[] {
  const ctx: CompareContext = { uniq, bindings, diffs: [] };
  compareValue(expected, actual, '$', ctx, undefined);
  return ctx.diffs;
}

// ---------------------------------------------------------------------------------------------
// Comparing a response
// ---------------------------------------------------------------------------------------------

export interface ExpectedResponse {
  /** A status or an inclusive range. */
  status: number | readonly [number, number];
  /** Media type; undefined accepts any. */
  content_type?: string;
  headers?: Record<string, string>;
  /** `any` checks the status only. */
  body_kind: ResponseBodyKind | 'any';
  body: Expected;
}

const mediaType = (contentType: string | null | undefined): string =>
  (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';

/** `attachment; filename="a.txt"` and `attachment; filename=a.txt` are the same. */
function normaliseDisposition(value: string): string {
  const [kind = '', ...params] = value.split(';').map((part) => part.trim());
  const normalised = params
    .map((param) => {
      const eq = param.indexOf('=');
      if (eq < 0) return param.toLowerCase();
      const name = param.slice(0, eq).trim().toLowerCase();
      let val = param.slice(eq + 1).trim();
      if (val.startsWith('"') && val.endsWith('"') && val.length >= 2) val = val.slice(1, -1);
      return `${name}=${val}`;
    })
    .sort();
  return [kind.toLowerCase(), ...normalised].join('; ');
}

const textOf = (body: Uint8Array): string => new TextDecoder().decode(body);

function parseJson(body: Uint8Array): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(textOf(body)) as unknown };
  } catch {
    return { ok: false };
  }
}

function describeBody(actual: ActualResponse): string {
  if (actual.body.length === 0) return '(empty body)';
  const text = textOf(actual.body);
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

function statusMatches(expected: ExpectedResponse['status'], status: number): boolean {
  return typeof expected === 'number' ? status === expected : status >= expected[0] && status <= expected[1];
}

function showStatus(status: ExpectedResponse['status']): string {
  if (typeof status === 'number') return String(status);
  return status[0] === status[1] ? String(status[0]) : `${status[0]}-${status[1]}`;
}

/**
 * Compares one answer with one expected response. `requestPath` is the golden request path
 * (for the /health and /version allowances). Binds placeholders into `bindings`.
 */
export function compareResponse(
  expected: ExpectedResponse,
  actual: ActualResponse,
  requestPath: string,
  uniq: string,
  bindings: Map<string, string>,
): string[] {
  const diffs: string[] = [];
  if (!statusMatches(expected.status, actual.status)) {
    diffs.push(`status: expected ${showStatus(expected.status)}, got ${actual.status}`);
  }
  if (expected.body_kind === 'any') return diffs;

  const actualType = mediaType(actual.contentType);
  const isHealthOrVersion = requestPath === '/health' || requestPath === '/version';

  if (expected.body_kind === 'html') {
    // Framework pages: the status is what counts. Error pages may be JSON errors instead.
    const isErrorPage = typeof expected.status === 'number' && expected.status >= 400;
    if (actualType === 'text/html') return diffs;
    if (isErrorPage && actualType === 'application/json') {
      const parsed = parseJson(actual.body);
      if (!parsed.ok || !isRecord(parsed.value) || typeof parsed.value.error_code !== 'string') {
        diffs.push(`body: expected an HTML page or a JSON error {error_code, message}, got ${describeBody(actual)}`);
      }
      return diffs;
    }
    diffs.push(
      `content type: expected text/html${isErrorPage ? ' (or a JSON error)' : ''}, got ${show(actual.contentType)}`,
    );
    return diffs;
  }

  if (expected.content_type !== undefined) {
    const want = mediaType(expected.content_type);
    const acceptable = isHealthOrVersion && want === 'text/html' ? ['text/html', 'text/plain'] : [want];
    if (!acceptable.includes(actualType)) {
      diffs.push(`content type: expected ${acceptable.join(' or ')}, got ${show(actual.contentType)}`);
    }
  }

  const wantDisposition = expected.headers?.['Content-Disposition'];
  if (wantDisposition !== undefined) {
    if (actual.contentDisposition === null) {
      diffs.push(`Content-Disposition: expected ${show(wantDisposition)}, got (missing)`);
    } else if (normaliseDisposition(actual.contentDisposition) !== normaliseDisposition(wantDisposition)) {
      diffs.push(`Content-Disposition: expected ${show(wantDisposition)}, got ${show(actual.contentDisposition)}`);
    }
  }

  switch (expected.body_kind) {
    case 'json': {
      if (actual.body.length === 0) {
        diffs.push(`body: expected JSON ${show(expected.body)}, got an empty body`);
        break;
      }
      const parsed = parseJson(actual.body);
      if (!parsed.ok) {
        diffs.push(`body: expected JSON ${show(expected.body)}, got non-JSON ${show(describeBody(actual))}`);
        break;
      }
      diffs.push(...compareJson(expected.body, parsed.value, uniq, bindings).map((d) => `body ${d}`));
      break;
    }
    case 'text': {
      const text = textOf(actual.body);
      if (requestPath === '/version') {
        // Any non-empty version string is acceptable in place of 2.17.2.
        if (text.trim() === '') diffs.push('body: expected a non-empty version string, got an empty body');
        break;
      }
      const want =
        typeof expected.body === 'string' ? fillPlaceholders(expected.body, uniq, bindings) : show(expected.body);
      if (text !== want) diffs.push(`body: expected text ${show(want, 300)}, got ${show(text, 300)}`);
      break;
    }
    case 'base64': {
      const want = Buffer.from(typeof expected.body === 'string' ? expected.body : '', 'base64');
      const got = Buffer.from(actual.body);
      if (!want.equals(got)) {
        let at = 0;
        while (at < want.length && at < got.length && want[at] === got[at]) at += 1;
        diffs.push(
          `body: expected ${want.length} bytes (base64 ${show(want.toString('base64'))}), got ${got.length} bytes ` +
            `(base64 ${show(got.toString('base64'))}), first difference at byte ${at}`,
        );
      }
      break;
    }
    case 'empty':
      if (actual.body.length !== 0) diffs.push(`body: expected no body, got ${show(describeBody(actual))}`);
      break;
  }
  return diffs;
}

// ---------------------------------------------------------------------------------------------
// Quirks: acceptable alternatives to accidental MLflow 2.17.2 answers
// ---------------------------------------------------------------------------------------------

export type QuirkAlternative =
  /** A JSON error `{error_code, message}` with this status and one of these codes (any if omitted). */
  | { kind: 'error'; status: number; codes?: readonly string[] }
  /** Any answer whose status is in this inclusive range. */
  | { kind: 'status'; status: readonly [number, number] }
  /** A full expected response built from the recorded one (and the other exchanges of the file). */
  | {
      kind: 'response';
      description: string;
      build: (recorded: GoldenResponse, exchanges: readonly Exchange[]) => ExpectedResponse;
    };

export interface QuirkRule {
  /** The quirk's reason, in a few words. */
  reason: string;
  alternatives: readonly QuirkAlternative[];
}

const IPV = 'INVALID_PARAMETER_VALUE';
const invalidParameter400: QuirkAlternative = {
  kind: 'error',
  status: 400,
  codes: [IPV],
};
const any400: QuirkAlternative = { kind: 'error', status: 400 };

function recordedAsExpected(recorded: GoldenResponse): ExpectedResponse {
  return {
    status: recorded.status,
    content_type: recorded.content_type,
    ...(recorded.headers === undefined ? {} : { headers: recorded.headers }),
    body_kind: recorded.body_kind,
    body: recorded.body,
  };
}

function responseOf(exchanges: readonly Exchange[], seq: number): GoldenResponse {
  const found = exchanges.find((exchange) => exchange.seq === seq);
  if (found === undefined) throw new Error(`quirk table: no exchange ${seq} in this file`);
  return found.response;
}

/** Deep copy of a JSON object, for editing a recorded body. */
function jsonObject(value: Json): Record<string, Json> {
  if (!isRecord(value)) throw new Error('quirk table: expected a JSON object body');
  return structuredClone(value);
}

/**
 * Every `quirk` exchange of the golden files, keyed `file#seq`. The recorded answer is always
 * accepted; these are the other answers each quirk text names as acceptable.
 */
export const QUIRK_ALTERNATIVES: Readonly<Record<string, QuirkRule>> = {
  '02_experiments_crud.json#7': {
    reason: '2.17.2 does not validate artifact_location; newer MLflow answers 400',
    alternatives: [invalidParameter400],
  },
  '02_experiments_crud.json#10': {
    reason: 'tag without key accepted by accident',
    alternatives: [invalidParameter400],
  },
  '02_experiments_crud.json#21': {
    reason: 'duplicate-name constraint error reported as BAD_REQUEST',
    alternatives: [{ kind: 'error', status: 400, codes: ['RESOURCE_ALREADY_EXISTS'] }],
  },
  '02_experiments_crud.json#28': {
    reason: 'INVALID_STATE maps to HTTP 500 in MLflow',
    alternatives: [{ kind: 'error', status: 400, codes: ['INVALID_STATE', IPV] }],
  },
  '03_experiment_tags.json#19': {
    reason: 'duplicate tag key reported as RESOURCE_ALREADY_EXISTS',
    alternatives: [invalidParameter400],
  },
  '04_experiments_search.json#35': {
    reason: 'omitted max_results read as 0; a server may default it to 1000',
    alternatives: [
      {
        kind: 'response',
        description: '200 with every match, as with max_results 50000 (exchange 38)',
        build: (_recorded, exchanges) => recordedAsExpected(responseOf(exchanges, 38)),
      },
    ],
  },
  '05_runs_lifecycle.json#19': {
    reason: 'unparseable status enum dropped',
    alternatives: [invalidParameter400],
  },
  '05_runs_lifecycle.json#32': {
    reason: 'run_uuid alone treated as an empty run_id',
    alternatives: [invalidParameter400],
  },
  '05_runs_lifecycle.json#35': {
    reason: 'omitted start_time stored as 0; the current time is fine',
    alternatives: [
      {
        kind: 'response',
        description: 'the recorded run with any integer start_time',
        build: (recorded) => {
          const body = jsonObject(recorded.body);
          const run = body.run;
          if (isRecord(run) && isRecord(run.info)) run.info.start_time = '<ts>';
          return { ...recordedAsExpected(recorded), body };
        },
      },
    ],
  },
  '05_runs_lifecycle.json#36': {
    reason: 'run tag without key accepted by accident',
    alternatives: [invalidParameter400],
  },
  '06_run_logging.json#54': {
    reason: 'fractional step dropped by accident',
    alternatives: [invalidParameter400],
  },
  '07_log_batch.json#33': {
    reason: 'non-numeric metric value stored with defaults',
    alternatives: [invalidParameter400],
  },
  '08_metric_history.json#7': {
    reason: 'SQL store ignores max_results on get-history; paginating differs',
    alternatives: [
      {
        kind: 'response',
        description: 'the first 5 points and a next_page_token',
        build: (recorded) => {
          const metrics = jsonObject(recorded.body).metrics;
          return {
            ...recordedAsExpected(recorded),
            body: {
              metrics: Array.isArray(metrics) ? metrics.slice(0, 5) : [],
              next_page_token: anyNonEmptyString,
            },
          };
        },
      },
    ],
  },
  '08_metric_history.json#11': {
    // The text names no answer; a paginating server refuses a token it cannot decode.
    reason: 'SQL store ignores page_token on get-history; paginating differs',
    alternatives: [invalidParameter400],
  },
  '08_metric_history.json#12': {
    reason: 'SQL store ignores a non-numeric max_results; 400 is acceptable',
    alternatives: [any400],
  },
  '09_runs_search.json#60': {
    reason: 'filter parser forgives a trailing AND',
    alternatives: [invalidParameter400],
  },
  '09_runs_search.json#63': {
    reason: 'unparseable run_view_type dropped',
    alternatives: [invalidParameter400],
  },
  '09_runs_search.json#85': {
    reason: 'experiment_ids string read as a list of characters',
    alternatives: [invalidParameter400],
  },
  '10_run_inputs_and_log_model.json#21': {
    reason: 'datasets stay attached to the experiment that logged them first',
    alternatives: [
      {
        kind: 'response',
        description: 'the dataset listed for the second experiment too',
        build: () => ({
          status: 200,
          content_type: 'application/json',
          body_kind: 'json',
          body: {
            dataset_summaries: [
              {
                experiment_id: '<exp_id:2>',
                name: 'gold-<uniq>-iris',
                digest: 'd1e2f3a4',
                context: 'training',
              },
            ],
          },
        }),
      },
    ],
  },
  '10_run_inputs_and_log_model.json#31': {
    reason: 'dataset without source accepted by accident',
    alternatives: [invalidParameter400],
  },
  '11_artifacts.json#14': {
    reason: 'missing artifact download answers 500',
    alternatives: [{ kind: 'error', status: 404, codes: ['RESOURCE_DOES_NOT_EXIST'] }],
  },
  '11_artifacts.json#33': {
    reason: 'missing file on /get-artifact gives an HTML 500',
    alternatives: [{ kind: 'status', status: [404, 404] }],
  },
  '13_model_versions.json#26': {
    reason: 'runs:/ source cannot be resolved, 500',
    alternatives: [
      {
        kind: 'response',
        description: 'the file served (as for version 1, exchange 25)',
        build: (_recorded, exchanges) => recordedAsExpected(responseOf(exchanges, 25)),
      },
      { kind: 'status', status: [400, 499] },
    ],
  },
  '13_model_versions.json#39': {
    reason: 'archive flag with a non-active stage gives 500',
    alternatives: [invalidParameter400],
  },
  '14_aliases_and_registry_search.json#42': {
    reason: 'max_results 0 accepted by accident',
    alternatives: [invalidParameter400],
  },
  '14_aliases_and_registry_search.json#52': {
    reason: 'newer MLflow removes aliases of a deleted version',
    alternatives: [
      {
        kind: 'response',
        description: "the recorded model without 'aliases'",
        build: (recorded) => {
          const body = jsonObject(recorded.body);
          const model = body.registered_model;
          if (isRecord(model)) delete model.aliases;
          return { ...recordedAsExpected(recorded), body };
        },
      },
    ],
  },
  '14_aliases_and_registry_search.json#53': {
    reason: 'a server that drops dangling aliases answers alias not found',
    alternatives: [invalidParameter400],
  },
  '15_request_protocol.json#26': {
    reason: "Python's JSON parser accepts a bare NaN",
    alternatives: [any400],
  },
  '15_request_protocol.json#27': {
    reason: 'boolean metric value accepted by accident',
    alternatives: [any400],
  },
  '15_request_protocol.json#28': {
    reason: 'fractional timestamp accepted by accident',
    alternatives: [any400],
  },
  '15_request_protocol.json#30': {
    reason: 'GET parameters read from a JSON body',
    alternatives: [invalidParameter400],
  },
  '15_request_protocol.json#31': {
    reason: 'JSON array body crashes the server',
    alternatives: [invalidParameter400],
  },
};

function alternativeExpectation(
  alternative: QuirkAlternative,
  recorded: GoldenResponse,
  exchanges: readonly Exchange[],
): { description: string; expected: ExpectedResponse } {
  switch (alternative.kind) {
    case 'error':
      return {
        description: `${alternative.status} ${alternative.codes?.join(' or ') ?? 'with any error_code'}`,
        expected: {
          status: alternative.status,
          content_type: 'application/json',
          body_kind: 'json',
          body: {
            error_code: alternative.codes === undefined ? anyNonEmptyString : oneOf(alternative.codes),
            message: anyNonEmptyString,
          },
        },
      };
    case 'status':
      return {
        description: `any ${showStatus(alternative.status)} answer`,
        expected: { status: alternative.status, body_kind: 'any', body: null },
      };
    case 'response':
      return {
        description: alternative.description,
        expected: alternative.build(recorded, exchanges),
      };
  }
}

/** README "Acceptable differences" that apply without a quirk field. */
function genericAlternatives(exchange: Exchange): QuirkAlternative[] {
  const out: QuirkAlternative[] = [];
  const { request, response } = exchange;
  // Deleted versions and aliases: a server that removes the aliases of a deleted version answers
  // 400 INVALID_PARAMETER_VALUE (alias not found) where 2.17.2 gives 404 for the missing version.
  if (
    request.method === 'GET' &&
    request.path.endsWith('/registered-models/alias') &&
    response.status === 404 &&
    isRecord(response.body) &&
    response.body.error_code === 'RESOURCE_DOES_NOT_EXIST'
  ) {
    out.push(invalidParameter400);
  }
  // OR in runs filters is a Runboard extension (MLflow issue #6075): where 2.17.2 refuses an OR
  // filter, Runboard answers it (route tests check the runs against a reference evaluator; with
  // --no-runboard-extensions the refusal is as recorded).
  if (
    request.path.endsWith('/runs/search') &&
    response.status === 400 &&
    isRecord(request.body) &&
    typeof request.body.filter === 'string' &&
    /\bOR\b/i.test(request.body.filter)
  ) {
    out.push({ kind: 'status', status: [200, 200] });
  }
  return out;
}

export function quirkKey(fileName: string, seq: number): string {
  return `${fileName}#${seq}`;
}

// ---------------------------------------------------------------------------------------------
// Replaying
// ---------------------------------------------------------------------------------------------

function headline(
  exchange: Exchange,
  prepared: PreparedRequest | undefined,
  actual: ActualResponse | undefined,
): string {
  const target = prepared?.target ?? exchange.request.path;
  const want = `${exchange.response.status} ${mediaType(exchange.response.content_type)}`;
  const got =
    actual === undefined ? 'no answer' : `${actual.status} ${mediaType(actual.contentType) || '(no content type)'}`;
  return `${exchange.request.method} ${target}: expected ${want}, got ${got}`;
}

function formatDiffs(diffs: readonly string[], indent: string): string {
  const shown = diffs.slice(0, MAX_DIFFS).map((d) => `${indent}${d}`);
  if (diffs.length > MAX_DIFFS) shown.push(`${indent}… and ${diffs.length - MAX_DIFFS} more`);
  return shown.join('\n');
}

/**
 * Judges one answer: the recorded response first, then the acceptable alternatives. Bindings of
 * the first candidate that matches are kept; when none matches, those of the recorded response
 * (best effort, so later exchanges can still run).
 */
export function evaluateExchange(
  exchange: Exchange,
  actual: ActualResponse,
  state: ReplayState,
  prepared?: PreparedRequest,
): ExchangeResult {
  const rule = QUIRK_ALTERNATIVES[quirkKey(state.file.name, exchange.seq)];
  const alternatives = [...(rule?.alternatives ?? []), ...genericAlternatives(exchange)];

  const primaryBindings = new Map(state.bindings);
  const primaryDiffs = compareResponse(
    recordedAsExpected(exchange.response),
    actual,
    exchange.request.path,
    state.uniq,
    primaryBindings,
  );
  if (primaryDiffs.length === 0) {
    state.bindings = primaryBindings;
    return { seq: exchange.seq, ok: true };
  }

  const tried: string[] = [];
  for (const alternative of alternatives) {
    const { description, expected } = alternativeExpectation(alternative, exchange.response, state.file.exchanges);
    const bindings = new Map(state.bindings);
    const diffs = compareResponse(expected, actual, exchange.request.path, state.uniq, bindings);
    if (diffs.length === 0) {
      state.bindings = bindings;
      return {
        seq: exchange.seq,
        ok: true,
        matched: `acceptable alternative: ${description}`,
      };
    }
    // When even the status differs, the body diffs of an alternative are noise.
    const wrongStatus = diffs.some((d) => d.startsWith('status'));
    tried.push(
      `  - ${description}:\n${formatDiffs(wrongStatus ? diffs.filter((d) => !d.startsWith('body')) : diffs, '      ')}`,
    );
  }

  state.bindings = primaryBindings;
  // An unexpected error answer says it all: its body, not a key-by-key diff against a success body.
  const statusDiffers = primaryDiffs.some((d) => d.startsWith('status'));
  const unexpectedError =
    statusDiffers &&
    actual.status >= 400 &&
    !(isRecord(exchange.response.body) && 'error_code' in exchange.response.body);
  const shownDiffs = unexpectedError ? primaryDiffs.filter((d) => !d.startsWith('body')) : primaryDiffs;
  const lines = [headline(exchange, prepared, actual), formatDiffs(shownDiffs, '  ')];
  if (statusDiffers || !shownDiffs.some((d) => d.startsWith('body'))) {
    lines.push(`  actual body: ${describeBody(actual)}`);
  }
  if (tried.length > 0) {
    lines.push(`Acceptable alternatives (${rule?.reason ?? 'README: acceptable differences'}) did not match either:`);
    lines.push(...tried);
  }
  if (prepared !== undefined && prepared.unbound.length > 0) {
    lines.push(`Note: the request used ${prepared.unbound.join(', ')}, never bound by an earlier answer.`);
  }
  return { seq: exchange.seq, ok: false, diff: lines.join('\n') };
}

/** Sends one exchange (after its delay) and judges the answer; updates `state.bindings`. */
export async function replayExchange(baseUrl: string, exchange: Exchange, state: ReplayState): Promise<ExchangeResult> {
  if (exchange.delay_ms !== undefined && exchange.delay_ms > 0) {
    const start = Date.now();
    // "At least that long": timers may fire a little early, so check the clock.
    while (Date.now() - start < exchange.delay_ms) await sleep(exchange.delay_ms - (Date.now() - start) + 1);
  }
  const prepared = prepareRequest(exchange.request, state);
  let actual: ActualResponse;
  try {
    actual = await sendPrepared(baseUrl, prepared);
  } catch (error) {
    const cause =
      error instanceof Error
        ? `${error.message}${error.cause instanceof Error ? ` (${error.cause.message})` : ''}`
        : String(error);
    return {
      seq: exchange.seq,
      ok: false,
      diff: `${headline(exchange, prepared, undefined)}\n  request failed: ${cause}`,
    };
  }
  return evaluateExchange(exchange, actual, state, prepared);
}

/** Replays a whole file in order with fresh bindings. */
export async function replayFile(baseUrl: string, file: GoldenFile, uniq: string): Promise<ExchangeResult[]> {
  const state = createReplayState(file, uniq);
  const results: ExchangeResult[] = [];
  for (const exchange of file.exchanges) results.push(await replayExchange(baseUrl, exchange, state));
  return results;
}
