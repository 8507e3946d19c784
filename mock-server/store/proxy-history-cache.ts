// The --proxy-to history cache: full metric histories of finished runs read from the upstream
// MLflow server, kept in a local SQLite file (not the backend store: a proxy has none) so a chart
// of finished runs is drawn from disk the second time. One row per (upstream, run, metric), valid
// while the run's end_time and its latest point for that metric are the ones it was fetched with.
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect, sql, type Generated } from 'kysely';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export const CACHE_FILE_NAME = 'proxy-history-cache.sqlite';
/** Least recently used histories are dropped past this total (about 10 M points). */
const DEFAULT_MAX_CACHE_BYTES = 320 * 1024 * 1024;

interface CacheTable {
  upstream: string;
  run_id: string;
  metric_key: string;
  end_time: number;
  /** The run's latest point of this metric (runs/get), so points logged after the end show. */
  latest_step: number;
  latest_timestamp: number;
  byte_size: number;
  used_at: number;
  /** Float64 quadruples (step, timestamp, value, is_nan), in (step, timestamp, value) order. */
  points: Buffer;
  id: Generated<number>;
}

interface CacheSchema {
  proxy_history_cache: CacheTable;
}

/** What makes a cached history still the run's: it ended then, and its last point is this one. */
export interface HistoryValidator {
  endTime: number;
  latestStep: number;
  latestTimestamp: number;
}

export interface HistoryKey {
  upstream: string;
  runId: string;
  metricKey: string;
}

/** A read refreshes `used_at` (for least-recently-used pruning) at most this often: an update rewrites the row. */
const USED_AT_RESOLUTION_MS = 60 * 60 * 1000;

// Series are packed (step, timestamp, value, is_nan) quadruples (services/packed-points.ts); the store keeps them as blobs.
function toBlob(points: Float64Array): Buffer {
  return Buffer.from(points.buffer, points.byteOffset, points.byteLength);
}

function fromBlob(blob: Buffer): Float64Array {
  // Copied into an aligned buffer: SQLite's blob may start at any byte offset.
  return new Float64Array(new Uint8Array(blob).buffer);
}

export class ProxyHistoryCache {
  private constructor(
    private readonly db: Kysely<CacheSchema>,
    private readonly maxBytes: number,
    readonly path: string,
  ) {}

  /** Opens (creating) the cache file in `dir`; `:memory:` keeps it in memory (tests). */
  static async open(dir: string, options: { maxBytes?: number } = {}): Promise<ProxyHistoryCache> {
    const path = dir === ':memory:' ? ':memory:' : join(dir, CACHE_FILE_NAME);
    if (dir !== ':memory:') mkdirSync(dir, { recursive: true });
    const sqlite = new BetterSqlite3(path);
    sqlite.pragma('journal_mode = WAL');
    // A cache: losing the last writes to an OS crash costs a refetch, nothing more.
    sqlite.pragma('synchronous = NORMAL');
    // Several --workers share the file.
    sqlite.pragma('busy_timeout = 5000');
    const db = new Kysely<CacheSchema>({ dialect: new SqliteDialect({ database: sqlite }) });
    await db.schema
      .createTable('proxy_history_cache')
      .ifNotExists()
      .addColumn('id', 'integer', (column) => column.primaryKey().autoIncrement())
      .addColumn('upstream', 'text', (column) => column.notNull())
      .addColumn('run_id', 'text', (column) => column.notNull())
      .addColumn('metric_key', 'text', (column) => column.notNull())
      .addColumn('end_time', 'integer', (column) => column.notNull())
      .addColumn('latest_step', 'integer', (column) => column.notNull())
      .addColumn('latest_timestamp', 'integer', (column) => column.notNull())
      .addColumn('byte_size', 'integer', (column) => column.notNull())
      .addColumn('used_at', 'integer', (column) => column.notNull())
      // Last: SQLite reads the columns before a large blob without walking its overflow pages.
      .addColumn('points', 'blob', (column) => column.notNull())
      .addUniqueConstraint('proxy_history_cache_series', ['upstream', 'run_id', 'metric_key'])
      .execute();
    await db.schema.createIndex('proxy_history_cache_used_at').ifNotExists().on('proxy_history_cache').column('used_at').execute();
    return new ProxyHistoryCache(db, options.maxBytes ?? DEFAULT_MAX_CACHE_BYTES, path);
  }

  /** The cached history if it is still valid for `validator`; a stale row is deleted. */
  async get(key: HistoryKey, validator: HistoryValidator): Promise<Float64Array | undefined> {
    const row = await this.db
      .selectFrom('proxy_history_cache')
      .select(['id', 'end_time', 'latest_step', 'latest_timestamp', 'used_at', 'points'])
      .where('upstream', '=', key.upstream)
      .where('run_id', '=', key.runId)
      .where('metric_key', '=', key.metricKey)
      .executeTakeFirst();
    if (!row) return undefined;
    const valid =
      row.end_time === validator.endTime && row.latest_step === validator.latestStep && row.latest_timestamp === validator.latestTimestamp;
    if (!valid) {
      await this.db.deleteFrom('proxy_history_cache').where('id', '=', row.id).execute();
      return undefined;
    }
    const now = Date.now();
    if (now - row.used_at > USED_AT_RESOLUTION_MS) {
      await this.db.updateTable('proxy_history_cache').set({ used_at: now }).where('id', '=', row.id).execute();
    }
    return fromBlob(row.points);
  }

  async put(key: HistoryKey, validator: HistoryValidator, points: Float64Array): Promise<void> {
    const packed = toBlob(points);
    const row = {
      upstream: key.upstream,
      run_id: key.runId,
      metric_key: key.metricKey,
      end_time: validator.endTime,
      latest_step: validator.latestStep,
      latest_timestamp: validator.latestTimestamp,
      points: packed,
      byte_size: packed.byteLength,
      used_at: Date.now(),
    };
    await this.db
      .insertInto('proxy_history_cache')
      .values(row)
      .onConflict((conflict) =>
        conflict.columns(['upstream', 'run_id', 'metric_key']).doUpdateSet({
          end_time: row.end_time,
          latest_step: row.latest_step,
          latest_timestamp: row.latest_timestamp,
          points: row.points,
          byte_size: row.byte_size,
          used_at: row.used_at,
        }),
      )
      .execute();
    await this.prune();
  }

  /** Drops least recently used histories until the cache holds at most `maxBytes` of points. */
  private async prune(): Promise<void> {
    const total = await this.db
      .selectFrom('proxy_history_cache')
      .select(sql<number>`coalesce(sum(byte_size), 0)`.as('bytes'))
      .executeTakeFirstOrThrow();
    let excess = total.bytes - this.maxBytes;
    if (excess <= 0) return;
    const oldest = await this.db.selectFrom('proxy_history_cache').select(['id', 'byte_size']).orderBy('used_at', 'asc').execute();
    const drop: number[] = [];
    for (const row of oldest) {
      if (excess <= 0) break;
      drop.push(row.id);
      excess -= row.byte_size;
    }
    if (drop.length > 0) await this.db.deleteFrom('proxy_history_cache').where('id', 'in', drop).execute();
  }

  /** How many histories are cached (tests, logs). */
  async size(): Promise<number> {
    const row = await this.db
      .selectFrom('proxy_history_cache')
      .select(sql<number>`count(*)`.as('n'))
      .executeTakeFirstOrThrow();
    return row.n;
  }

  close(): Promise<void> {
    return this.db.destroy();
  }
}
