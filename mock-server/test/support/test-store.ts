// The backend store a test server runs on: an in-memory SQLite database, or (in the vitest
// projects that set RUNBOARD_TEST_BACKEND=postgres) a fresh PostgreSQL database of its own on the
// cluster at RUNBOARD_TEST_POSTGRES_URL. The databases are dropped by postgres-global-setup.ts.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const TEST_DATABASE_PREFIX = 'runboard_test_';

export function testBackend(): 'sqlite' | 'postgres' {
  return process.env.RUNBOARD_TEST_BACKEND === 'postgres' ? 'postgres' : 'sqlite';
}

export function postgresAdminUrl(): string {
  const url = process.env.RUNBOARD_TEST_POSTGRES_URL;
  if (!url) throw new Error('RUNBOARD_TEST_POSTGRES_URL is not set: run the tests through npm test (it starts a PostgreSQL cluster).');
  return url;
}

/** Creates an empty PostgreSQL database on the test cluster and returns its URI. */
export function createPostgresDatabase(): Promise<string> {
  return createDatabaseOn(postgresAdminUrl(), `${TEST_DATABASE_PREFIX}${randomBytes(6).toString('hex')}`);
}

/** Creates an empty database `name` on the server of `adminUrl` (replacing one of that name); its URI. */
export async function createDatabaseOn(adminUrl: string, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A backend store URI no other server uses. */
export async function freshStoreUri(): Promise<string> {
  return testBackend() === 'postgres' ? createPostgresDatabase() : 'sqlite:///:memory:';
}
