// Turns errors that did not start as an MlflowError into MLflow's {error_code, message}: the
// database's own limits become INVALID_PARAMETER_VALUE naming the limit, Node's and Fastify's
// framework errors (431, bad URL) keep their status in MLflow's shape, and no message ever carries
// a server path.
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { MlflowError, invalidParameter } from './mlflow-error.js';

interface LimitRule {
  matches: (error: { message: string; code?: string }) => boolean;
  message: string;
}

// SQLite (better-sqlite3) reports its compile-time limits by message; PostgreSQL by SQLSTATE.
const DATABASE_LIMITS: LimitRule[] = [
  {
    matches: (error) =>
      /too many SQL variables/i.test(error.message) || error.code === '54023' || /bind message has \d+ parameter/i.test(error.message),
    message: 'The request has too many values for the database (a list such as experiment_ids or an IN list is too long).',
  },
  {
    matches: (error) =>
      /Expression tree is too large/i.test(error.message) || error.code === '54001' || /stack depth limit exceeded/i.test(error.message),
    message: 'The filter is too complex for the database (expression tree is too large): use fewer clauses.',
  },
  {
    matches: (error) =>
      /at most \d+ tables in a join|too many FROM clause terms|too many terms in compound SELECT|too many columns/i.test(error.message) ||
      error.code === '54011' ||
      error.code === '54000',
    message: 'The query needs more joined keys than the database allows: use fewer order_by or filter keys.',
  },
  {
    matches: (error) =>
      /datatype mismatch|integer overflow/i.test(error.message) || error.code === 'SQLITE_MISMATCH' || error.code === '22003',
    message: 'A number in the request is out of range for a 64-bit integer.',
  },
  {
    matches: (error) => /string or blob too big/i.test(error.message) || error.code === 'SQLITE_TOOBIG',
    message: 'A value in the request is larger than the database allows.',
  },
  {
    matches: (error) => error.message.includes('Maximum call stack size exceeded'),
    message: 'The request is nested too deeply or is too complex to process.',
  },
];

const FILE_NAME_LIMITS: Record<string, string> = {
  ENAMETOOLONG: 'The artifact path is too long.',
  ENOENT: 'The artifact path cannot be written: a folder on the way does not exist or is a broken link.',
  ELOOP: 'The artifact path cannot be written: it goes through a loop of links.',
  ENOTDIR: 'The artifact path cannot be written: part of its folder path is a file.',
};

/** Absolute POSIX or Windows paths in a message become `<path>`. */
export function redactPaths(message: string): string {
  return message.replace(/(?:[A-Za-z]:\\|\/)[^\s'"`,;)]*/g, (match) => (match.length > 1 ? '<path>' : match));
}

/** The client-facing error for an error thrown from a handler, or undefined for a real 500. */
export function toClientError(error: Error & { code?: unknown }): MlflowError | undefined {
  const withCode = { message: error.message, code: typeof error.code === 'string' ? error.code : undefined };
  const limit = DATABASE_LIMITS.find((rule) => rule.matches(withCode));
  if (limit) return invalidParameter(limit.message);
  const fileMessage = withCode.code === undefined ? undefined : FILE_NAME_LIMITS[withCode.code];
  if (fileMessage && 'syscall' in error) return invalidParameter(fileMessage);
  return undefined;
}

function frameworkErrorCode(status: number): string {
  if (status === 404) return 'ENDPOINT_NOT_FOUND';
  if (status === 413) return 'PAYLOAD_TOO_LARGE';
  return 'BAD_REQUEST';
}

/** Fastify's router errors (a URL that is not valid percent-encoding, a path parameter too long). */
export function frameworkErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const status = error.statusCode ?? 400;
  void reply
    .code(status)
    .header('content-type', 'application/json')
    .header('x-content-type-options', 'nosniff')
    .send({ error_code: frameworkErrorCode(status), message: error.message });
}

const CLIENT_ERRORS: Record<string, { status: number; reason: string; message: string }> = {
  HPE_HEADER_OVERFLOW: { status: 431, reason: 'Request Header Fields Too Large', message: 'The request headers are too large.' },
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, reason: 'Request Timeout', message: 'The request took too long to arrive.' },
};

/** Node's HTTP parser errors, answered before any route runs: MLflow's shape instead of Node's bare status line. */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const known = error.code === undefined ? undefined : CLIENT_ERRORS[error.code];
  const { status, reason, message } = known ?? { status: 400, reason: 'Bad Request', message: 'The request is not valid HTTP.' };
  const body = JSON.stringify({ error_code: 'BAD_REQUEST', message });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${String(status)} ${reason}\r\nContent-Type: application/json\r\nX-Content-Type-Options: nosniff\r\nContent-Length: ${String(Buffer.byteLength(body))}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
