// Opens the backend store named by an MLflow-style URI (SQLite or PostgreSQL) and brings its
// schema up to date. The rest of the server sees one Kysely instance either way.
import BetterSqlite3 from 'better-sqlite3';
import {
  CompiledQuery,
  Kysely,
  Migrator,
  PostgresDialect,
  SqliteDialect,
  SqliteDriver,
  sql,
  type DatabaseConnection,
  type Driver,
  type MigrationProvider,
  type SqliteDialectConfig,
} from 'kysely';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import pg from 'pg';
import { migrations } from './migrations.js';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;

export type BackendStore = { kind: 'sqlite'; path: string } | { kind: 'postgres'; connectionString: string };

const SUPPORTED_URIS =
  'use sqlite:///relative.db, sqlite:////absolute/path.db, sqlite:///:memory: or postgresql://user:password@host:port/database';

/**
 * Reads a backend store URI the way MLflow (SQLAlchemy) does. SQLite: after `sqlite:///` comes the
 * path, so a fourth slash makes it absolute; a bare path is a SQLite file too. PostgreSQL:
 * `postgresql://` or `postgres://`, also with a SQLAlchemy driver suffix (`postgresql+psycopg2://`).
 * Anything else is refused: a store the server cannot serve must never be taken for a file name.
 */
export function parseBackendStoreUri(uri: string): BackendStore {
  if (uri === ':memory:' || uri === 'sqlite://' || uri === 'sqlite:///:memory:') return { kind: 'sqlite', path: ':memory:' };
  if (uri.startsWith('sqlite:///')) return { kind: 'sqlite', path: uri.slice('sqlite:///'.length) };
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(uri)?.[1]?.toLowerCase();
  if (scheme === undefined) {
    if (uri.trim() === '') throw new Error(`The backend store URI is empty: ${SUPPORTED_URIS}.`);
    return { kind: 'sqlite', path: uri };
  }
  const [dialect, driver] = scheme.split('+', 2);
  if (dialect === 'postgresql' || dialect === 'postgres') {
    if (driver !== undefined && !['psycopg2', 'psycopg', 'pg8000', 'asyncpg'].includes(driver)) {
      throw new Error(`Unsupported PostgreSQL driver '${driver}' in backend store URI: use postgresql:// or postgresql+psycopg2://.`);
    }
    const url = new URL(`postgresql://${uri.slice(scheme.length + 3)}`);
    if (url.pathname === '/' || url.pathname === '') {
      throw new Error(`The backend store URI '${redactUri(uri)}' names no database: ${SUPPORTED_URIS}.`);
    }
    return { kind: 'postgres', connectionString: url.toString() };
  }
  throw new Error(`Unsupported backend store URI scheme '${scheme}://': ${SUPPORTED_URIS}.`);
}

/** The URI with its password hidden, for messages and logs. */
export function redactUri(uri: string): string {
  return uri.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*:)[^@/]*@/i, '$1***@');
}

/** Kept for callers that only know SQLite; refuses PostgreSQL URIs. */
export function sqlitePathFromUri(uri: string): string {
  const store = parseBackendStoreUri(uri);
  if (store.kind !== 'sqlite') throw new Error(`'${redactUri(uri)}' is not a SQLite URI.`);
  return store.path;
}

export interface OpenedStore {
  db: Db;
  kind: BackendStore['kind'];
  close: () => Promise<void>;
}

export async function openStore(backendStoreUri: string): Promise<OpenedStore> {
  const store = parseBackendStoreUri(backendStoreUri);
  const db = store.kind === 'sqlite' ? openSqlite(store.path) : openPostgres(store.connectionString);
  try {
    await migrateToLatest(db, store.kind === 'postgres' ? redactUri(backendStoreUri) : store.path);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return { db, kind: store.kind, close: () => db.destroy() };
}

export function isPostgres(db: { getExecutor: Kysely<Database>['getExecutor'] }): boolean {
  return db.getExecutor().adapter.constructor.name === 'PostgresAdapter';
}

// ---------------------------------------------------------------------------------------------
// SQLite
// ---------------------------------------------------------------------------------------------

/** How long a writer waits for another process's write transaction before giving up. */
const SQLITE_BUSY_TIMEOUT_MS = 5000;

function openSqlite(path: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  const sqlite = new BetterSqlite3(path);
  sqlite.pragma('journal_mode = WAL');
  // In WAL mode, NORMAL never loses a committed transaction to a crash of this process (SIGKILL);
  // only an OS crash or power cut could drop the last commits. RUNBOARD_SYNC=FULL closes that too.
  sqlite.pragma(`synchronous = ${process.env.RUNBOARD_SYNC === 'FULL' ? 'FULL' : 'NORMAL'}`);
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('case_sensitive_like = ON');
  sqlite.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
  sqlite.pragma('cache_size = -65536');
  return new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: withStatementCache(sqlite) }) });
}

/**
 * Write transactions start with BEGIN IMMEDIATE: they take the write lock up front, so several
 * processes on one file queue on the busy timeout. A plain (deferred) BEGIN that reads first and
 * then writes cannot wait for the lock and fails with SQLITE_BUSY instead.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly config: SqliteDialectConfig) {
    super(config);
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.config);
  }
}

const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely's SQLite driver prepares every query anew; parsing a 6,000-placeholder log-batch INSERT
 * cost about 15% of ingest CPU. Statements are reusable, and Kysely runs one query at a time on
 * its single connection, so they are kept by SQL text (least recently used dropped first).
 */
function withStatementCache(sqlite: BetterSqlite3.Database): { close: () => void; prepare: (sql: string) => BetterSqlite3.Statement } {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => sqlite.close(),
    prepare: (sql) => {
      const cached = cache.get(sql);
      if (cached) {
        cache.delete(sql);
        cache.set(sql, cached);
        return cached;
      }
      const statement = sqlite.prepare(sql);
      cache.set(sql, statement);
      if (cache.size > STATEMENT_CACHE_SIZE) {
        const oldest = cache.keys().next();
        if (!oldest.done) cache.delete(oldest.value);
      }
      return statement;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL
// ---------------------------------------------------------------------------------------------

const POSTGRES_POOL_SIZE = 10;
/**
 * A request waits this long for a pooled connection, as SQLAlchemy's pool_timeout behind MLflow.
 * The wait includes queueing behind busy connections: at 5 s, 50 clients on a loaded machine got
 * 503s from a database that was up. A database that is down refuses at once and answers 503 then.
 */
const POSTGRES_CONNECT_TIMEOUT_MS = 30_000;

/**
 * bigint (epoch milliseconds, steps, counts) and numeric come back as JavaScript numbers, as they
 * do from SQLite: every value the schema stores fits in a double's 53 bits.
 */
const INT8_OID = 20;
const NUMERIC_OID = 1700;

function postgresTypes(): pg.CustomTypesConfig {
  const toNumber = (text: string): number => Number(text);
  const getTypeParser = (oid: number, format?: 'text' | 'binary'): unknown =>
    oid === INT8_OID || oid === NUMERIC_OID ? toNumber : (pg.types.getTypeParser(oid, format ?? 'text') as unknown);
  return { getTypeParser: getTypeParser as pg.CustomTypesConfig['getTypeParser'] };
}

function openPostgres(connectionString: string): Db {
  const pool = new pg.Pool({
    connectionString,
    max: POSTGRES_POOL_SIZE,
    connectionTimeoutMillis: POSTGRES_CONNECT_TIMEOUT_MS,
    types: postgresTypes(),
  });
  // An idle connection the server drops (restart, failover) must not crash the process; the
  // pool replaces it and requests made meanwhile answer 503.
  pool.on('error', (error) => console.error(`PostgreSQL connection lost: ${error.message}`));
  // A connection cut while a request holds it errors on the client itself; the request sees the
  // failure through its query, and an unhandled 'error' event would end the process.
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
    // Every query here is short; when a plan's estimate crosses jit_above_cost, JIT compilation
    // alone took 330 ms of a 100,000-run search. Queued before the client serves any request.
    client.query('SET jit = off').catch(() => undefined);
  });
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

// ---------------------------------------------------------------------------------------------
// Migrations
// ---------------------------------------------------------------------------------------------

/** Runboard's own advisory lock around Kysely's, so a waiting process can say why it waits. */
const POSTGRES_MIGRATION_LOCK = 726_451_903;

async function migrateToLatest(db: Db, storeName: string): Promise<void> {
  if (!isPostgres(db)) {
    // One write transaction (BEGIN IMMEDIATE) for the whole run: a second process opening the
    // same file waits on the busy timeout, then finds the schema up to date.
    await db.connection().execute(async (connection) => {
      await sql`begin immediate`.execute(connection);
      try {
        await runMigrator(connection);
        await sql`commit`.execute(connection);
      } catch (error) {
        await sql`rollback`.execute(connection);
        throw error;
      }
    });
    return;
  }
  await db.connection().execute(async (connection) => {
    const free = await sql<{ locked: boolean }>`select pg_try_advisory_lock(${POSTGRES_MIGRATION_LOCK}) as locked`.execute(connection);
    if (!free.rows[0]?.locked) {
      console.log(`Waiting for another process to finish migrating the database schema of ${storeName}...`);
      await sql`select pg_advisory_lock(${POSTGRES_MIGRATION_LOCK})`.execute(connection);
    }
    try {
      await runMigrator(db);
    } finally {
      await sql`select pg_advisory_unlock(${POSTGRES_MIGRATION_LOCK})`.execute(connection);
    }
  });
}

async function runMigrator(db: Kysely<Database>): Promise<void> {
  const provider: MigrationProvider = { getMigrations: () => Promise.resolve(migrations) };
  const { error, results } = await new Migrator({ db, provider }).migrateToLatest();
  const failed = results?.find((result) => result.status === 'Error');
  if (error || failed) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Database migration ${failed?.migrationName ?? ''} failed: ${reason}`, { cause: error });
  }
}

/**
 * After a bulk load (runboard import): PostgreSQL plans with the statistics of its last analyze,
 * which autovacuum refreshes only within a minute or so, and searches planned on statistics from
 * before the load picked nested loops that took seconds. SQLite's queries do not depend on them.
 */
export async function refreshPlannerStatistics(db: Db): Promise<void> {
  if (isPostgres(db)) await sql`ANALYZE`.execute(db);
}
