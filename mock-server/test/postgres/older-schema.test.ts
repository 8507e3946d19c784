// A server started on a PostgreSQL database an older Runboard created migrates it and serves
// the data it holds.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kysely, Migrator, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, expect, it } from 'vitest';
import { createApp } from '../../app.js';
import { migrations } from '../../store/migrations.js';
import { createPostgresDatabase } from '../support/test-store.js';

const artifactsDir = mkdtempSync(path.join(os.tmpdir(), 'runboard-older-schema-'));
afterAll(() => rmSync(artifactsDir, { recursive: true, force: true }));

it('migrates a database left at the first two migrations and keeps its runs and metrics', async () => {
  const uri = await createPostgresDatabase();
  const old = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: uri, max: 1 }) }) });
  const firstTwo = Object.fromEntries(Object.entries(migrations).slice(0, 2));
  const migrated = await new Migrator({ db: old, provider: { getMigrations: () => Promise.resolve(firstTwo) } }).migrateToLatest();
  expect(migrated.error).toBeUndefined();
  await sql`INSERT INTO experiments (experiment_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time)
    VALUES (7, 'legacy', 'mlflow-artifacts:/7', 'active', 1, 1)`.execute(old);
  await sql`INSERT INTO runs (run_uuid, name, experiment_id, user_id, status, start_time, lifecycle_stage, artifact_uri)
    VALUES ('0123456789abcdef0123456789abcdef', 'old-run', 7, 'me', 'FINISHED', 5, 'active', 'mlflow-artifacts:/7/r')`.execute(old);
  await sql`INSERT INTO metrics (run_uuid, key, step, timestamp, value, is_nan)
    SELECT '0123456789abcdef0123456789abcdef', 'loss', s, 1000 + s, 1.0 / (s + 1), 0 FROM generate_series(0, 99) AS s`.execute(old);
  await sql`INSERT INTO latest_metrics (run_uuid, key, step, timestamp, value, is_nan)
    VALUES ('0123456789abcdef0123456789abcdef', 'loss', 99, 1099, 0.01, 0)`.execute(old);
  await old.destroy();

  const app = await createApp({ backendStoreUri: uri, artifactsDestination: artifactsDir });
  try {
    const search = await app.inject({
      method: 'POST',
      url: '/api/2.0/mlflow/runs/search',
      payload: { experiment_ids: ['7'], filter: 'metrics.loss < 0.5' },
    });
    expect(search.statusCode).toBe(200);
    expect(search.json<{ runs: { info: { run_name: string } }[] }>().runs.map((run) => run.info.run_name)).toEqual(['old-run']);
    // The summaries table came with the migration; the old series is summarized on first read.
    const buckets = await app.inject({
      method: 'GET',
      url: '/api/2.0/runboard/metrics/get-history-buckets?run_ids=0123456789abcdef0123456789abcdef&metric_key=loss&buckets=4',
    });
    expect(buckets.statusCode).toBe(200);
    const [series] = buckets.json<{ series: { count: number[]; max: number[] }[] }>().series;
    expect(series?.count.reduce((sum, count) => sum + count, 0)).toBe(100);
    expect(series?.max[0]).toBe(1);
  } finally {
    await app.close();
  }
});
