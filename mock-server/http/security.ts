// Host and Origin protection like `mlflow server` 3.5+ (DNS rebinding, cross-site writes), CORS for
// configured origins, and the security headers every answer carries (CSP, framing, nosniff,
// referrer). Registered on the app with `registerSecurity(app, options)`.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { MlflowError } from './mlflow-error.js';
import { routingPath } from './url-path.js';

export interface SecurityOptions {
  /** Host header patterns (`*` wildcards, `*` alone turns the check off); default: loopback, private IPs and `boundHost`. */
  allowedHosts?: string[];
  /** Origins allowed to make cross-origin requests (`*` wildcards); default: none (same origin only). */
  corsAllowedOrigins?: string[];
  /** The address the server listens on: accepted as a Host by default. */
  boundHost?: string;
}

// MLflow's messages (mlflow/server/security_utils.py), in its {error_code, message} shape.
export const INVALID_HOST_MESSAGE = 'Invalid Host header - possible DNS rebinding attack detected';
export const CORS_BLOCKED_MESSAGE = 'Cross-origin request blocked';
/** A header a cross-site form or a no-cors fetch cannot send: the UI's upload route requires it. */
export const CLIENT_HEADER = 'x-requested-with';

const STATE_CHANGING_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const HOST_CHECK_EXEMPT_PATHS = new Set(['/health', '/version']);
const UPLOAD_ROUTE = /^\/ajax-api\/2\.0\/mlflow\/upload-artifact$/;
const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'];
// RFC 1918 and RFC 4193 literals: an address typed by a user, never a rebinding attacker's name.
const PRIVATE_IP_PATTERNS = [
  '10.*',
  '192.168.*',
  ...Array.from({ length: 16 }, (_, index) => `172.${String(16 + index)}.*`),
  'fc00:*',
  'fd00:*',
];
const ANY_ADDRESS = new Set(['0.0.0.0', '::', '[::]']);
const PREFLIGHT_MAX_AGE_SECONDS = 600;
const ALLOWED_REQUEST_HEADERS = 'Content-Type, Authorization, X-Requested-With';

/** The app's own pages: scripts and styles from itself only; React's style attributes need inline styles. */
export const SPA_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');
/** API answers are data, never documents. */
const API_CSP = "default-src 'none'; frame-ancestors 'none'; sandbox";
/** A downloaded artifact opened directly: an opaque-origin document that runs nothing. */
const ARTIFACT_CSP =
  "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; media-src 'self'; sandbox; frame-ancestors 'none'";
/**
 * An HTML artifact previewed in the run page: its own scripts (Plotly, Bokeh reports inline their
 * libraries or load them from a CDN) run in an opaque origin that cannot reach the app, framed only by it.
 */
const ARTIFACT_PREVIEW_CSP = [
  "default-src 'none'",
  "script-src 'unsafe-inline' 'unsafe-eval' https: data: blob:",
  "style-src 'unsafe-inline' https: data:",
  'img-src data: blob: https:',
  'font-src data: https:',
  "connect-src 'none'",
  'sandbox allow-scripts',
  "frame-ancestors 'self'",
].join('; ');
/** `?preview=html` on an artifact download asks for the framed, scripted preview above. */
export const HTML_PREVIEW_PARAM = 'preview';

const API_PATH = /^\/(?:(?:ajax-)?api\/|graphql$)/;
const ARTIFACT_DOWNLOAD_PATHS = [
  /^\/get-artifact$/,
  /^\/model-versions\/get-artifact$/,
  /^\/(?:ajax-)?api\/2\.0\/mlflow-artifacts\/artifacts\/./,
];

function pathAndQuery(url: string): { path: string; query: URLSearchParams } {
  const question = url.indexOf('?');
  return { path: routingPath(url), query: new URLSearchParams(question < 0 ? '' : url.slice(question + 1)) };
}

function wildcardRegex(pattern: string): RegExp {
  const source = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${source}$`, 'i');
}

/** MLflow's rule: `*` alone allows everything, a pattern with `*` matches like fnmatch, others exactly. */
export function matchesAny(value: string, patterns: readonly string[]): boolean {
  if (patterns.includes('*')) return true;
  return patterns.some((pattern) =>
    pattern.includes('*') ? wildcardRegex(pattern).test(value) : pattern.toLowerCase() === value.toLowerCase(),
  );
}

/** The `host[:port]` forms the server answers to unless told otherwise. */
export function defaultAllowedHosts(boundHost?: string): string[] {
  const hosts = [...LOOPBACK_HOSTS];
  if (boundHost && !ANY_ADDRESS.has(boundHost))
    hosts.push(boundHost.includes(':') && !boundHost.startsWith('[') ? `[${boundHost}]` : boundHost);
  return [...hosts.flatMap((host) => [host, `${host}:*`]), ...PRIVATE_IP_PATTERNS];
}

/** Splits `a, b,c` as MLflow reads its comma-separated flags and environment variables. */
export function splitList(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function originHost(origin: string): string | undefined {
  try {
    const url = new URL(origin);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.host : undefined;
  } catch {
    return undefined;
  }
}

function forbidden(reply: FastifyReply, message: string): FastifyReply {
  const error = new MlflowError('PERMISSION_DENIED', message, 403);
  return reply.code(403).header('content-type', 'application/json').send(error.toJSON());
}

function isArtifactDownload(path: string): boolean {
  return ARTIFACT_DOWNLOAD_PATHS.some((pattern) => pattern.test(path));
}

export function registerSecurity(app: FastifyInstance, options: SecurityOptions): void {
  const allowedHosts =
    options.allowedHosts && options.allowedHosts.length > 0 ? options.allowedHosts : defaultAllowedHosts(options.boundHost);
  const allowedOrigins = options.corsAllowedOrigins ?? [];

  /** Same origin (the page was served by this Host) or one of the configured origins. */
  const originAllowed = (origin: string, host: string | undefined): boolean => {
    if (host !== undefined && originHost(origin)?.toLowerCase() === host.toLowerCase()) return true;
    return matchesAny(origin, allowedOrigins);
  };

  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const { path } = pathAndQuery(request.url);
    const host = request.headers.host;
    if (!HOST_CHECK_EXEMPT_PATHS.has(path) && (host === undefined || !matchesAny(host, allowedHosts))) {
      return forbidden(reply, INVALID_HOST_MESSAGE);
    }
    const origin = request.headers.origin;
    if (origin !== undefined && allowedOrigins.length > 0 && originAllowed(origin, host)) {
      void reply.header('access-control-allow-origin', origin).header('vary', 'Origin');
    }
    if (request.method === 'OPTIONS' && origin !== undefined && request.headers['access-control-request-method'] !== undefined) {
      if (!originAllowed(origin, host)) return forbidden(reply, CORS_BLOCKED_MESSAGE);
      return reply
        .code(204)
        .header('access-control-allow-methods', 'GET, HEAD, POST, PUT, PATCH, DELETE')
        .header('access-control-allow-headers', ALLOWED_REQUEST_HEADERS)
        .header('access-control-max-age', String(PREFLIGHT_MAX_AGE_SECONDS))
        .send();
    }
    if (STATE_CHANGING_METHODS.has(request.method)) {
      if (origin !== undefined && !originAllowed(origin, host)) return forbidden(reply, CORS_BLOCKED_MESSAGE);
      if (UPLOAD_ROUTE.test(path) && !request.headers[CLIENT_HEADER]) {
        return forbidden(reply, `Uploads from the UI must carry the ${CLIENT_HEADER} header.`);
      }
    }
    return undefined;
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const { path, query } = pathAndQuery(request.url);
    void reply.header('x-content-type-options', 'nosniff').header('referrer-policy', 'same-origin');
    if (isArtifactDownload(path)) {
      const preview = query.get(HTML_PREVIEW_PARAM) === 'html' && /^text\/html\b/i.test(String(reply.getHeader('content-type') ?? ''));
      if (preview) {
        const disposition = String(reply.getHeader('content-disposition') ?? '');
        void reply
          .header('content-security-policy', ARTIFACT_PREVIEW_CSP)
          .header('x-frame-options', 'SAMEORIGIN')
          .header('content-disposition', disposition.replace(/^attachment\b/i, 'inline') || 'inline');
      } else {
        void reply.header('content-security-policy', ARTIFACT_CSP).header('x-frame-options', 'DENY');
        // An HTML file opened from a link is saved, never rendered as a page of this origin.
        if (
          /^text\/html\b/i.test(String(reply.getHeader('content-type') ?? '')) &&
          !/^attachment\b/i.test(String(reply.getHeader('content-disposition') ?? ''))
        ) {
          void reply.header('content-disposition', 'attachment');
        }
      }
      return payload;
    }
    // The SPA's files get its policy: a worker script's CSP governs the worker (its fetches included).
    const isApi = API_PATH.test(path);
    void reply.header('content-security-policy', isApi ? API_CSP : SPA_CSP).header('x-frame-options', 'DENY');
    return payload;
  });
}
