// Vitest global setup of the PostgreSQL projects: drops the databases the tests created.
import pg from 'pg';
import { postgresAdminUrl, TEST_DATABASE_PREFIX } from './test-store.js';

export async function teardown(): Promise<void> {
  const client = new pg.Client({ connectionString: postgresAdminUrl() });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [
      `${TEST_DATABASE_PREFIX}%`,
    ]);
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
