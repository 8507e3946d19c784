// Opens the backend store named by an MLflow-style URI and brings its schema up to date.
import BetterSqlite3 from 'better-sqlite3';
import {
  CompiledQuery,
  Kysely,
  Migrator,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type Driver,
  type MigrationProvider,
  type SqliteDialectConfig,
} from 'kysely';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { migrations } from './migrations.js';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;

/**
 * Reads `sqlite:///relative.db`, `sqlite:////absolute.db`, `sqlite:///:memory:` (or a bare path)
 * the way MLflow (SQLAlchemy) does: after `sqlite:///` comes the path, so a fourth slash makes it
 * absolute.
 */
export function sqlitePathFromUri(uri: string): string {
  if (uri === ':memory:' || uri === 'sqlite://' || uri === 'sqlite:///:memory:') return ':memory:';
  if (uri.startsWith('sqlite:///')) return uri.slice('sqlite:///'.length);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(uri)) {
    throw new Error(`Unsupported backend store URI '${uri}': use sqlite:///relative.db or sqlite:////absolute/path.db`);
  }
  return uri;
}

export interface OpenedStore {
  db: Db;
  close: () => Promise<void>;
}

export async function openStore(backendStoreUri: string): Promise<OpenedStore> {
  const path = sqlitePathFromUri(backendStoreUri);
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  const sqlite = new BetterSqlite3(path);
  sqlite.pragma('journal_mode = WAL');
  // In WAL mode, NORMAL never loses a committed transaction to a crash of this process (SIGKILL);
  // only an OS crash or power cut could drop the last commits. RUNBOARD_SYNC=FULL closes that too.
  sqlite.pragma(`synchronous = ${process.env.RUNBOARD_SYNC === 'FULL' ? 'FULL' : 'NORMAL'}`);
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('case_sensitive_like = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('cache_size = -65536');
  const db = new Kysely<Database>({ dialect: new ImmediateTransactionSqliteDialect({ database: withStatementCache(sqlite) }) });
  await migrateToLatest(db);
  return { db, close: () => db.destroy() };
}

/**
 * Transactions take SQLite's write lock when they begin (BEGIN IMMEDIATE), so with several server
 * processes (--workers) a writer waits on the busy timeout for its turn. A deferred BEGIN would
 * read first and then fail at once with SQLITE_BUSY when another process had written meanwhile.
 */
class ImmediateTransactionSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateTransactionSqliteDialect extends SqliteDialect {
  constructor(private readonly sqliteConfig: SqliteDialectConfig) {
    super(sqliteConfig);
  }

  override createDriver(): Driver {
    return new ImmediateTransactionSqliteDriver(this.sqliteConfig);
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

async function migrateToLatest(db: Db): Promise<void> {
  const provider: MigrationProvider = { getMigrations: () => Promise.resolve(migrations) };
  const { error, results } = await new Migrator({ db, provider }).migrateToLatest();
  const failed = results?.find((result) => result.status === 'Error');
  if (error || failed) {
    throw new Error(`Database migration ${failed?.migrationName ?? ''} failed: ${String(error)}`);
  }
}
