// Database failures that are not the client's fault, as MLflow errors: a database that is down,
// unreachable, restarting or out of connections answers 503 (MLflow's clients retry those), as
// does a transaction the database aborted to break a deadlock or a lock wait that timed out.
import { MlflowError } from '../errors.js';

/** Node socket errors of a connection that cannot be made or was cut. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'EAI_AGAIN',
]);
/** PostgreSQL SQLSTATEs: admin / crash shutdown, cannot connect now, too many connections, deadlock, serialization. */
const POSTGRES_RETRYABLE = new Set(['57P01', '57P02', '57P03', '53300', '40001', '40P01', '55P03']);
/** pg's own messages for a connection that ended or could not be had in time (they carry no code). */
const POSTGRES_CONNECTION_MESSAGES = [
  /Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /Client has encountered a connection error/i,
  /not queryable/i,
];

export function storeErrorToMlflow(error: unknown): MlflowError | undefined {
  if (!(error instanceof Error)) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
      return unavailable('The database is busy with another process’s write; retry the request.');
    }
    // Two requests creating the same name at once on PostgreSQL (read committed): the loser's
    // existence check passed before the winner committed, and the unique key refuses it.
    if (code === '23505') return new MlflowError('RESOURCE_ALREADY_EXISTS', `Already exists: ${error.message}.`);
    if (NETWORK_CODES.has(code) || code.startsWith('08') || POSTGRES_RETRYABLE.has(code)) {
      return unavailable(`The database is unavailable (${error.message || code}); retry the request.`);
    }
  }
  if (error instanceof AggregateError && error.errors.some((inner) => storeErrorToMlflow(inner) !== undefined)) {
    return unavailable(`The database is unavailable (${error.errors.map((inner: Error) => inner.message).join('; ')}); retry the request.`);
  }
  if (POSTGRES_CONNECTION_MESSAGES.some((pattern) => pattern.test(error.message))) {
    return unavailable(`The database is unavailable (${error.message}); retry the request.`);
  }
  return undefined;
}

function unavailable(message: string): MlflowError {
  return new MlflowError('TEMPORARILY_UNAVAILABLE', message);
}
