// Schema migrations written with Kysely's schema builder so they run on SQLite and PostgreSQL.
import { sql, type ColumnDefinitionBuilder, type Kysely, type Migration } from 'kysely';

// Big numeric columns: epoch milliseconds and steps need 64 bits on PostgreSQL.
const BIGINT = 'bigint';
const DOUBLE = 'double precision';

async function createRunKeyValueTable(db: Kysely<unknown>, table: string): Promise<void> {
  await db.schema
    .createTable(table)
    .addColumn('run_uuid', 'varchar(32)', (c) => c.notNull().references('runs.run_uuid').onDelete('cascade'))
    .addColumn('key', 'varchar(250)', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint(`${table}_pk`, ['run_uuid', 'key'])
    .execute();
  await db.schema.createIndex(`${table}_key_value`).on(table).columns(['key', 'value']).execute();
}

const initial: Migration = {
  async up(db) {
    await db.schema
      .createTable('experiments')
      .addColumn('experiment_id', 'integer', (c) => autoIncrementKey(db, c))
      .addColumn('name', 'varchar(500)', (c) => c.notNull().unique())
      .addColumn('artifact_location', 'text', (c) => c.notNull())
      .addColumn('lifecycle_stage', 'varchar(32)', (c) => c.notNull())
      .addColumn('creation_time', BIGINT, (c) => c.notNull())
      .addColumn('last_update_time', BIGINT, (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('experiment_tags')
      .addColumn('experiment_id', 'integer', (c) => c.notNull().references('experiments.experiment_id'))
      .addColumn('key', 'varchar(250)', (c) => c.notNull())
      .addColumn('value', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('experiment_tags_pk', ['experiment_id', 'key'])
      .execute();

    await db.schema
      .createTable('runs')
      .addColumn('run_uuid', 'varchar(32)', (c) => c.primaryKey())
      .addColumn('name', 'varchar(250)', (c) => c.notNull())
      .addColumn('experiment_id', 'integer', (c) => c.notNull().references('experiments.experiment_id'))
      .addColumn('user_id', 'varchar(256)', (c) => c.notNull())
      .addColumn('status', 'varchar(20)', (c) => c.notNull())
      .addColumn('start_time', BIGINT, (c) => c.notNull())
      .addColumn('end_time', BIGINT)
      .addColumn('deleted_time', BIGINT)
      .addColumn('lifecycle_stage', 'varchar(20)', (c) => c.notNull())
      .addColumn('artifact_uri', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('runs_experiment_start')
      .on('runs')
      .columns(['experiment_id', 'lifecycle_stage', 'start_time'])
      .execute();

    await db.schema
      .createTable('metrics')
      .addColumn('run_uuid', 'varchar(32)', (c) => c.notNull())
      .addColumn('key', 'varchar(250)', (c) => c.notNull())
      .addColumn('step', BIGINT, (c) => c.notNull())
      .addColumn('timestamp', BIGINT, (c) => c.notNull())
      .addColumn('value', DOUBLE, (c) => c.notNull())
      .addColumn('is_nan', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('metrics_pk', ['run_uuid', 'key', 'step', 'timestamp', 'value', 'is_nan'])
      // The primary key is the only index, so SQLite stores rows in history order.
      .$call((builder) => (isSqlite(db) ? builder.modifyEnd(sql`without rowid`) : builder))
      .execute();
    await db.schema
      .createTable('latest_metrics')
      .addColumn('run_uuid', 'varchar(32)', (c) => c.notNull())
      .addColumn('key', 'varchar(250)', (c) => c.notNull())
      .addColumn('step', BIGINT, (c) => c.notNull())
      .addColumn('timestamp', BIGINT, (c) => c.notNull())
      .addColumn('value', DOUBLE, (c) => c.notNull())
      .addColumn('is_nan', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('latest_metrics_pk', ['run_uuid', 'key'])
      .execute();
    await db.schema.createIndex('latest_metrics_key_value').on('latest_metrics').columns(['key', 'value']).execute();

    await createRunKeyValueTable(db, 'params');
    await createRunKeyValueTable(db, 'tags');

    await db.schema
      .createTable('datasets')
      .addColumn('dataset_uuid', 'varchar(36)', (c) => c.primaryKey())
      .addColumn('experiment_id', 'integer', (c) => c.notNull())
      .addColumn('name', 'varchar(500)', (c) => c.notNull())
      .addColumn('digest', 'varchar(36)', (c) => c.notNull())
      .addColumn('dataset_source_type', 'varchar(36)', (c) => c.notNull())
      .addColumn('dataset_source', 'text', (c) => c.notNull())
      .addColumn('dataset_schema', 'text')
      .addColumn('dataset_profile', 'text')
      .addUniqueConstraint('datasets_name_digest', ['name', 'digest'])
      .execute();
    await db.schema
      .createTable('run_inputs')
      .addColumn('run_uuid', 'varchar(32)', (c) => c.notNull())
      .addColumn('dataset_uuid', 'varchar(36)', (c) => c.notNull())
      .addPrimaryKeyConstraint('run_inputs_pk', ['run_uuid', 'dataset_uuid'])
      .execute();
    await db.schema
      .createTable('input_tags')
      .addColumn('run_uuid', 'varchar(32)', (c) => c.notNull())
      .addColumn('dataset_uuid', 'varchar(36)', (c) => c.notNull())
      .addColumn('key', 'varchar(255)', (c) => c.notNull())
      .addColumn('value', 'varchar(500)', (c) => c.notNull())
      .addPrimaryKeyConstraint('input_tags_pk', ['run_uuid', 'dataset_uuid', 'key'])
      .execute();
    await db.schema
      .createTable('run_model_inputs')
      .addColumn('run_uuid', 'varchar(32)', (c) => c.notNull())
      .addColumn('model_id', 'varchar(64)', (c) => c.notNull())
      .addPrimaryKeyConstraint('run_model_inputs_pk', ['run_uuid', 'model_id'])
      .execute();
    await db.schema
      .createTable('run_model_outputs')
      .addColumn('run_uuid', 'varchar(32)', (c) => c.notNull())
      .addColumn('model_id', 'varchar(64)', (c) => c.notNull())
      .addColumn('step', BIGINT, (c) => c.notNull())
      .addPrimaryKeyConstraint('run_model_outputs_pk', ['run_uuid', 'model_id'])
      .execute();

    await db.schema
      .createTable('registered_models')
      .addColumn('name', 'varchar(256)', (c) => c.primaryKey())
      .addColumn('creation_time', BIGINT, (c) => c.notNull())
      .addColumn('last_updated_time', BIGINT, (c) => c.notNull())
      .addColumn('description', 'text')
      .execute();
    await db.schema
      .createTable('registered_model_tags')
      .addColumn('name', 'varchar(256)', (c) => c.notNull())
      .addColumn('key', 'varchar(250)', (c) => c.notNull())
      .addColumn('value', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('registered_model_tags_pk', ['name', 'key'])
      .execute();
    await db.schema
      .createTable('model_versions')
      .addColumn('name', 'varchar(256)', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('creation_time', BIGINT, (c) => c.notNull())
      .addColumn('last_updated_time', BIGINT, (c) => c.notNull())
      .addColumn('description', 'text')
      .addColumn('user_id', 'varchar(256)')
      .addColumn('current_stage', 'varchar(20)', (c) => c.notNull())
      .addColumn('source', 'text')
      .addColumn('storage_location', 'text')
      .addColumn('run_id', 'varchar(32)')
      .addColumn('run_link', 'text')
      .addColumn('status', 'varchar(20)', (c) => c.notNull())
      .addColumn('status_message', 'text')
      .addColumn('model_id', 'varchar(64)')
      .addPrimaryKeyConstraint('model_versions_pk', ['name', 'version'])
      .execute();
    await db.schema
      .createTable('model_version_tags')
      .addColumn('name', 'varchar(256)', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('key', 'varchar(250)', (c) => c.notNull())
      .addColumn('value', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('model_version_tags_pk', ['name', 'version', 'key'])
      .execute();
    await db.schema
      .createTable('registered_model_aliases')
      .addColumn('name', 'varchar(256)', (c) => c.notNull())
      .addColumn('alias', 'varchar(256)', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('registered_model_aliases_pk', ['name', 'alias'])
      .execute();
    await db.schema
      .createTable('registry_events')
      .addColumn('id', 'integer', (c) => autoIncrementKey(db, c))
      .addColumn('timestamp', BIGINT, (c) => c.notNull())
      .addColumn('user_id', 'varchar(256)')
      .addColumn('event_type', 'varchar(40)', (c) => c.notNull())
      .addColumn('name', 'varchar(256)', (c) => c.notNull())
      .addColumn('version', 'varchar(20)')
      .addColumn('alias', 'varchar(256)')
      .addColumn('key', 'varchar(250)')
      .addColumn('from_value', 'text')
      .addColumn('to_value', 'text')
      .execute();
    await db.schema.createIndex('registry_events_name').on('registry_events').columns(['name', 'id']).execute();

    await db.schema
      .createTable('logged_models')
      .addColumn('model_id', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('experiment_id', 'integer', (c) => c.notNull())
      .addColumn('name', 'varchar(500)', (c) => c.notNull())
      .addColumn('artifact_location', 'text', (c) => c.notNull())
      .addColumn('creation_timestamp_ms', BIGINT, (c) => c.notNull())
      .addColumn('last_updated_timestamp_ms', BIGINT, (c) => c.notNull())
      .addColumn('status', 'varchar(40)', (c) => c.notNull())
      .addColumn('lifecycle_stage', 'varchar(20)', (c) => c.notNull())
      .addColumn('model_type', 'varchar(500)')
      .addColumn('source_run_id', 'varchar(32)')
      .addColumn('status_message', 'text')
      .execute();
    for (const table of ['logged_model_tags', 'logged_model_params']) {
      await db.schema
        .createTable(table)
        .addColumn('model_id', 'varchar(64)', (c) => c.notNull())
        .addColumn('key', 'varchar(255)', (c) => c.notNull())
        .addColumn('value', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint(`${table}_pk`, ['model_id', 'key'])
        .execute();
    }
    await db.schema
      .createTable('logged_model_metrics')
      .addColumn('model_id', 'varchar(64)', (c) => c.notNull())
      .addColumn('key', 'varchar(250)', (c) => c.notNull())
      .addColumn('value', DOUBLE, (c) => c.notNull())
      .addColumn('is_nan', 'integer', (c) => c.notNull())
      .addColumn('timestamp', BIGINT, (c) => c.notNull())
      .addColumn('step', BIGINT, (c) => c.notNull())
      .addColumn('run_id', 'varchar(32)')
      .addColumn('dataset_name', 'varchar(500)')
      .addColumn('dataset_digest', 'varchar(36)')
      .execute();
  },
};

function isSqlite(db: Kysely<unknown>): boolean {
  return db.getExecutor().adapter.constructor.name === 'SqliteAdapter';
}

function autoIncrementKey(db: Kysely<unknown>, column: ColumnDefinitionBuilder): ColumnDefinitionBuilder {
  return isSqlite(db) ? column.primaryKey().autoIncrement() : column.primaryKey().generatedByDefaultAsIdentity();
}

/**
 * runs/search and runs/get read params, tags and latest metrics by (run_uuid, key) and walk their
 * (key, value) indexes. On SQLite these tables become WITHOUT ROWID: a lookup is one B-tree
 * search instead of an index search plus a row fetch, and the (key, value) indexes then carry
 * run_uuid (covering). The latest_metrics index gains is_nan, so "key = ? AND is_nan = 0 ORDER BY
 * value" is one index range.
 */
const clusteredRunKeyValues: Migration = {
  async up(db) {
    const sqlite = isSqlite(db);
    // Every migration runs in one transaction (store/database.ts), on SQLite as on PostgreSQL.
    if (sqlite) {
      for (const table of ['params', 'tags']) {
        await db.schema
          .createTable(`${table}_clustered`)
          .addColumn('run_uuid', 'varchar(32)', (c) => c.notNull().references('runs.run_uuid').onDelete('cascade'))
          .addColumn('key', 'varchar(250)', (c) => c.notNull())
          .addColumn('value', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint(`${table}_pk`, ['run_uuid', 'key'])
          .modifyEnd(sql`without rowid`)
          .execute();
        const copy = sql`insert into ${sql.table(`${table}_clustered`)} (run_uuid, key, value) select run_uuid, key, value from ${sql.table(table)}`;
        await copy.execute(db);
        await db.schema.dropTable(table).execute();
        await db.schema.alterTable(`${table}_clustered`).renameTo(table).execute();
        await db.schema.createIndex(`${table}_key_value`).on(table).columns(['key', 'value']).execute();
      }
      await db.schema
        .createTable('latest_metrics_clustered')
        .addColumn('run_uuid', 'varchar(32)', (c) => c.notNull())
        .addColumn('key', 'varchar(250)', (c) => c.notNull())
        .addColumn('step', BIGINT, (c) => c.notNull())
        .addColumn('timestamp', BIGINT, (c) => c.notNull())
        .addColumn('value', DOUBLE, (c) => c.notNull())
        .addColumn('is_nan', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('latest_metrics_pk', ['run_uuid', 'key'])
        .modifyEnd(sql`without rowid`)
        .execute();
      const columns = sql`run_uuid, key, step, timestamp, value, is_nan`;
      await sql`insert into latest_metrics_clustered (${columns}) select ${columns} from latest_metrics`.execute(db);
      await db.schema.dropTable('latest_metrics').execute();
      await db.schema.alterTable('latest_metrics_clustered').renameTo('latest_metrics').execute();
    } else {
      await db.schema.dropIndex('latest_metrics_key_value').execute();
    }
    await db.schema.createIndex('latest_metrics_key_value').on('latest_metrics').columns(['key', 'is_nan', 'value']).execute();
  },
};

/**
 * The min/max pyramid behind get-history-buckets (services/metric-summaries.ts). Existing series
 * start stale; the server's idle pass summarizes them.
 */
const metricSummaries: Migration = {
  async up(db) {
    // Every migration runs in one transaction (store/database.ts), on SQLite as on PostgreSQL.
    await db.schema
      .createTable('metric_summaries')
      .addColumn('run_uuid', 'varchar(32)', (c) => c.notNull())
      .addColumn('key', 'varchar(250)', (c) => c.notNull())
      .addColumn('level', 'integer', (c) => c.notNull())
      .addColumn('chunk', BIGINT, (c) => c.notNull())
      .addColumn('blocks', isSqlite(db) ? 'blob' : 'bytea', (c) => c.notNull())
      .addPrimaryKeyConstraint('metric_summaries_pk', ['run_uuid', 'key', 'level', 'chunk'])
      .$call((builder) => (isSqlite(db) ? builder.modifyEnd(sql`without rowid`) : builder))
      .execute();
    await db.schema
      .createTable('metric_summary_stale')
      .addColumn('run_uuid', 'varchar(32)', (c) => c.notNull())
      .addColumn('key', 'varchar(250)', (c) => c.notNull())
      .addColumn('from_step', BIGINT)
      .addPrimaryKeyConstraint('metric_summary_stale_pk', ['run_uuid', 'key'])
      .$call((builder) => (isSqlite(db) ? builder.modifyEnd(sql`without rowid`) : builder))
      .execute();
    await sql`insert into metric_summary_stale (run_uuid, key, from_step) select run_uuid, key, null from latest_metrics`.execute(db);
  },
};

/**
 * Registry webhooks (MLflow 3.3+ API) and Runboard's delivery queue and log: deliveries are queued
 * in the registry change's transaction and claimed by a dispatcher (services/webhook-dispatcher.ts).
 */
const webhooks: Migration = {
  async up(db) {
    // Every migration runs in one transaction (store/database.ts), on SQLite as on PostgreSQL.
    await db.schema
      .createTable('webhooks')
      .addColumn('webhook_id', 'varchar(32)', (c) => c.primaryKey())
      .addColumn('name', 'varchar(256)', (c) => c.notNull())
      .addColumn('description', 'text')
      .addColumn('url', 'text', (c) => c.notNull())
      .addColumn('secret', 'text')
      // JSON array of "entity.action" strings.
      .addColumn('events', 'text', (c) => c.notNull())
      .addColumn('status', 'varchar(20)', (c) => c.notNull())
      .addColumn('creation_timestamp', BIGINT, (c) => c.notNull())
      .addColumn('last_updated_timestamp', BIGINT, (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('webhook_deliveries')
      .addColumn('id', 'integer', (c) => autoIncrementKey(db, c))
      .addColumn('delivery_id', 'varchar(36)', (c) => c.notNull().unique())
      .addColumn('webhook_id', 'varchar(32)', (c) => c.notNull().references('webhooks.webhook_id').onDelete('cascade'))
      .addColumn('event', 'varchar(64)', (c) => c.notNull())
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('state', 'varchar(20)', (c) => c.notNull())
      .addColumn('is_test', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', BIGINT, (c) => c.notNull())
      .addColumn('next_attempt_at', BIGINT)
      .addColumn('claimed_by', 'varchar(64)')
      .addColumn('claimed_until', BIGINT)
      .execute();
    await db.schema.createIndex('webhook_deliveries_due').on('webhook_deliveries').columns(['state', 'next_attempt_at']).execute();
    await db.schema.createIndex('webhook_deliveries_webhook').on('webhook_deliveries').columns(['webhook_id', 'id']).execute();
    await db.schema
      .createTable('webhook_delivery_attempts')
      .addColumn('id', 'integer', (c) => autoIncrementKey(db, c))
      .addColumn('delivery_id', 'varchar(36)', (c) => c.notNull().references('webhook_deliveries.delivery_id').onDelete('cascade'))
      .addColumn('attempt', 'integer', (c) => c.notNull())
      .addColumn('timestamp', BIGINT, (c) => c.notNull())
      .addColumn('status_code', 'integer')
      .addColumn('latency_ms', 'integer', (c) => c.notNull())
      .addColumn('response_excerpt', 'text')
      .addColumn('error', 'text')
      .execute();
    await db.schema.createIndex('webhook_delivery_attempts_delivery').on('webhook_delivery_attempts').columns(['delivery_id', 'attempt']).execute();
  },
};

/** Users, their permissions and sign-in sessions for `--app-name basic-auth` (mock-server/auth/). */
const authUsers: Migration = {
  async up(db) {
    // No explicit transaction: Kysely's migrator wraps migrations in one on PostgreSQL (a nested one
    // fails there), and on SQLite `ifNotExists` lets a migration cut short finish on the next start.
    await db.schema
      .createTable('auth_users')
      .ifNotExists()
      .addColumn('id', 'integer', (c) => autoIncrementKey(db, c))
      .addColumn('username', 'varchar(255)', (c) => c.notNull().unique())
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('is_admin', 'integer', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('auth_experiment_permissions')
      .ifNotExists()
      .addColumn('experiment_id', 'varchar(255)', (c) => c.notNull())
      .addColumn('user_id', 'integer', (c) => c.notNull().references('auth_users.id').onDelete('cascade'))
      .addColumn('permission', 'varchar(255)', (c) => c.notNull())
      .addPrimaryKeyConstraint('auth_experiment_permissions_pk', ['experiment_id', 'user_id'])
      .execute();
    await db.schema
      .createTable('auth_registered_model_permissions')
      .ifNotExists()
      .addColumn('name', 'varchar(255)', (c) => c.notNull())
      .addColumn('user_id', 'integer', (c) => c.notNull().references('auth_users.id').onDelete('cascade'))
      .addColumn('permission', 'varchar(255)', (c) => c.notNull())
      .addPrimaryKeyConstraint('auth_registered_model_permissions_pk', ['name', 'user_id'])
      .execute();
    await db.schema
      .createTable('auth_sessions')
      .ifNotExists()
      .addColumn('token_hash', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('user_id', 'integer', (c) => c.notNull().references('auth_users.id').onDelete('cascade'))
      .addColumn('expires_at', BIGINT, (c) => c.notNull())
      .execute();
  },
};

/** Traces (MLflow's trace_info, trace_tags, trace_request_metadata); spans live in the artifact store. */
const traces: Migration = {
  async up(db) {
    await db.schema
      .createTable('trace_info')
      .ifNotExists()
      .addColumn('request_id', 'varchar(50)', (c) => c.primaryKey())
      .addColumn('experiment_id', 'integer', (c) => c.notNull().references('experiments.experiment_id'))
      .addColumn('timestamp_ms', BIGINT, (c) => c.notNull())
      .addColumn('execution_time_ms', BIGINT)
      .addColumn('status', 'varchar(50)', (c) => c.notNull())
      .addColumn('client_request_id', 'varchar(250)')
      .addColumn('request_preview', 'text')
      .addColumn('response_preview', 'text')
      .execute();
    // The search's default order (newest first, ties by id) read straight from the index.
    await db.schema
      .createIndex('trace_info_experiment_timestamp')
      .ifNotExists()
      .on('trace_info')
      .columns(['experiment_id', 'timestamp_ms', 'request_id'])
      .execute();
    for (const table of ['trace_tags', 'trace_request_metadata']) {
      await db.schema
        .createTable(table)
        .ifNotExists()
        .addColumn('request_id', 'varchar(50)', (c) => c.notNull().references('trace_info.request_id').onDelete('cascade'))
        .addColumn('key', 'varchar(250)', (c) => c.notNull())
        .addColumn('value', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint(`${table}_pk`, ['request_id', 'key'])
        .execute();
      await db.schema.createIndex(`${table}_key`).ifNotExists().on(table).columns(['key', 'request_id']).execute();
    }
  },
};

/**
 * MLflow 3's LinkTracesToRun: traces linked to a run they were not logged in (e.g. for an evaluation).
 * Named after 2026_12_07_*: migrations run in name order, and this one needs trace_info.
 */
const traceRunLinks: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('trace_run_links')
      .ifNotExists()
      .addColumn('request_id', 'varchar(50)', (c) => c.notNull().references('trace_info.request_id').onDelete('cascade'))
      .addColumn('run_uuid', 'varchar(32)', (c) => c.notNull().references('runs.run_uuid').onDelete('cascade'))
      .addPrimaryKeyConstraint('trace_run_links_pk', ['request_id', 'run_uuid'])
      .execute();
    await db.schema.createIndex('trace_run_links_run').ifNotExists().on('trace_run_links').columns(['run_uuid', 'request_id']).execute();
  },
};

export const migrations: Record<string, Migration> = {
  '0001_initial': initial,
  '0002_clustered_run_key_values': clusteredRunKeyValues,
  '0003_metric_summaries': metricSummaries,
  '2026_12_07_webhooks_tables': webhooks,
  '2026_12_07_auth_users': authUsers,
  '2026_12_07_traces_tables': traces,
  '2026_12_08_traces_server_trace_run_links': traceRunLinks,
};
