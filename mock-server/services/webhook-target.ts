// Where a webhook may send and how one delivery is sent: http(s) only; no loopback, link-local,
// private or otherwise non-public address unless the server runs with --allow-local-webhooks.
// The host is resolved and every address checked when a webhook is saved, and again by the
// connection itself (a checking DNS lookup), so a name that re-resolves to an inside address at
// delivery time (DNS rebinding) is refused too.
import { createHmac } from 'node:crypto';
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net, { type LookupFunction } from 'node:net';

export const SIGNATURE_HEADER = 'X-MLflow-Signature';
export const TIMESTAMP_HEADER = 'X-MLflow-Timestamp';
export const DELIVERY_ID_HEADER = 'X-MLflow-Delivery-Id';
const SIGNATURE_VERSION = 'v1';
const MAX_URL_LENGTH = 2048;
/** How much of a receiver's answer is read and kept in the delivery log. */
export const RESPONSE_EXCERPT_CHARS = 1000;
const MAX_RESPONSE_BYTES = 64 * 1024;

const NON_PUBLIC = new net.BlockList();
for (const [address, prefix] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata (169.254.169.254)
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved and broadcast
] as const) {
  NON_PUBLIC.addSubnet(address, prefix, 'ipv4');
}
for (const [address, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96], // NAT64 can reach any IPv4 address, inside ones included
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
] as const) {
  NON_PUBLIC.addSubnet(address, prefix, 'ipv6');
}

/** Loopback, link-local, private, multicast or reserved (IPv4-mapped IPv6 is checked as IPv4). */
export function isNonPublicAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 0) return true;
  return NON_PUBLIC.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

export class WebhookTargetError extends Error {}

const LOCAL_HINT = 'Start the server with --allow-local-webhooks to allow local and private targets.';

/** Parses a webhook URL; only absolute http(s) URLs with a host pass. */
export function parseWebhookUrl(url: string): URL {
  if (url.length > MAX_URL_LENGTH) throw new WebhookTargetError(`Webhook URL is longer than ${MAX_URL_LENGTH} characters.`);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new WebhookTargetError(`Invalid webhook URL '${url}': it must be an absolute http:// or https:// URL.`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new WebhookTargetError(
      `Invalid webhook URL scheme '${parsed.protocol.replace(/:$/, '')}' in '${url}': only http and https are allowed.`,
    );
  }
  if (!parsed.hostname) throw new WebhookTargetError(`Invalid webhook URL '${url}': it has no host.`);
  if (parsed.username || parsed.password)
    throw new WebhookTargetError(`Invalid webhook URL '${url}': credentials in the URL are not allowed; use the webhook secret.`);
  return parsed;
}

function bareHost(url: URL): string {
  return url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
}

async function resolveAll(host: string): Promise<string[]> {
  if (net.isIP(host)) return [host];
  try {
    const addresses = await dns.promises.lookup(host, { all: true, verbatim: true });
    return addresses.map((entry) => entry.address);
  } catch (error) {
    throw new WebhookTargetError(
      `Cannot resolve the webhook host '${host}': ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`,
    );
  }
}

/** Refuses a URL whose host resolves to any non-public address (unless local targets are allowed). */
export async function checkWebhookTarget(url: string, allowLocal: boolean): Promise<void> {
  const parsed = parseWebhookUrl(url);
  if (allowLocal) return;
  const host = bareHost(parsed);
  const addresses = await resolveAll(host);
  const inside = addresses.find(isNonPublicAddress);
  if (inside !== undefined) {
    throw new WebhookTargetError(
      `Webhook URL host '${host}' resolves to ${inside}, a loopback, link-local or private address. ${LOCAL_HINT}`,
    );
  }
}

/** A DNS lookup for the connection that refuses inside addresses, closing the gap between check and connect. */
const checkingLookup: LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true, verbatim: true }, (error, addresses) => {
    if (error) return callback(error, '', 4);
    const inside = addresses.find((entry) => isNonPublicAddress(entry.address));
    if (inside)
      return callback(
        new WebhookTargetError(
          `Webhook host '${hostname}' resolved to ${inside.address}, a loopback, link-local or private address. ${LOCAL_HINT}`,
        ),
        '',
        4,
      );
    const first = addresses[0];
    if (!first) return callback(new WebhookTargetError(`Webhook host '${hostname}' has no address.`), '', 4);
    if (options.all) return (callback as unknown as (err: null, all: dns.LookupAddress[]) => void)(null, addresses);
    return callback(null, first.address, first.family);
  });
};

/** MLflow's signature: `v1,` + base64 HMAC-SHA256 of `{delivery_id}.{timestamp}.{payload}` with the secret. */
export function signPayload(secret: string, deliveryId: string, timestamp: string, payload: string): string {
  const digest = createHmac('sha256', secret).update(`${deliveryId}.${timestamp}.${payload}`, 'utf8').digest('base64');
  return `${SIGNATURE_VERSION},${digest}`;
}

export interface SendInput {
  url: string;
  secret: string | null;
  deliveryId: string;
  payload: string;
  timeoutMs: number;
  allowLocal: boolean;
}

export interface SendResult {
  statusCode: number | null;
  latencyMs: number;
  responseExcerpt: string | null;
  error: string | null;
  /** Seconds from a Retry-After header, when the receiver sent one. */
  retryAfterSeconds?: number;
  /** Whether another attempt may succeed (network errors, timeouts, 408, 429, 5xx). */
  retryable: boolean;
}

function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** POSTs one delivery with MLflow's headers; never throws (failures come back in the result). */
export async function sendWebhook(input: SendInput): Promise<SendResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const url = parseWebhookUrl(input.url);
    if (!input.allowLocal && net.isIP(bareHost(url)) && isNonPublicAddress(bareHost(url))) {
      throw new WebhookTargetError(`Webhook URL host ${bareHost(url)} is a loopback, link-local or private address. ${LOCAL_HINT}`);
    }
    const timestamp = String(Math.floor(Date.now() / 1000));
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      'User-Agent': 'Runboard-Webhooks',
      [DELIVERY_ID_HEADER]: input.deliveryId,
      [TIMESTAMP_HEADER]: timestamp,
    };
    if (input.secret) headers[SIGNATURE_HEADER] = signPayload(input.secret, input.deliveryId, timestamp, input.payload);
    const body = Buffer.from(input.payload, 'utf8');
    headers['Content-Length'] = String(body.length);
    const response = await post(url, headers, body, input.timeoutMs, input.allowLocal);
    const retryAfter = Number(response.retryAfter);
    return {
      statusCode: response.status,
      latencyMs: elapsed(),
      responseExcerpt: response.text.slice(0, RESPONSE_EXCERPT_CHARS),
      error: response.status >= 400 ? `The receiver answered HTTP ${response.status}.` : null,
      retryable: isRetryableStatus(response.status),
      ...(response.retryAfter && Number.isFinite(retryAfter) && retryAfter >= 0 ? { retryAfterSeconds: retryAfter } : {}),
    };
  } catch (error) {
    const refused = error instanceof WebhookTargetError;
    return { statusCode: null, latencyMs: elapsed(), responseExcerpt: null, error: describeError(error), retryable: !refused };
  }
}

function describeError(error: unknown): string {
  if (error instanceof WebhookTargetError) return error.message;
  const code = (error as NodeJS.ErrnoException).code;
  const message = (error as Error).message || String(error);
  return code && !message.includes(code) ? `${code}: ${message}` : message;
}

interface RawResponse {
  status: number;
  text: string;
  retryAfter: string | undefined;
}

function post(url: URL, headers: Record<string, string>, body: Buffer, timeoutMs: number, allowLocal: boolean): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const client = url.protocol === 'https:' ? https : http;
    const request = client.request(
      url,
      { method: 'POST', headers, agent: false, ...(allowLocal ? {} : { lookup: checkingLookup }) },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          if (size < MAX_RESPONSE_BYTES) chunks.push(chunk);
          size += chunk.length;
        });
        response.on('end', () => {
          resolve({
            status: response.statusCode ?? 0,
            text: Buffer.concat(chunks).toString('utf8'),
            retryAfter: response.headers['retry-after'],
          });
        });
        response.on('error', reject);
      },
    );
    // One deadline for the whole exchange (connect, send, answer), not only for idle sockets.
    const deadline = setTimeout(() => request.destroy(new Error(`Timed out after ${timeoutMs} ms.`)), timeoutMs);
    request.on('close', () => clearTimeout(deadline));
    request.on('error', reject);
    request.end(body);
  });
}
