import { defineConfig } from 'vitest/config';

/** The route tests and the golden replay run once per database (PostgreSQL when npm test started a cluster). */
const perBackend = {
  routes: ['mock-server/test/routes/**/*.test.ts', 'mock-server/test/multi-process/**/*.test.ts'],
  contract: ['mock-server/test/contract/golden.test.ts'],
};
const postgres = process.env.RUNBOARD_TEST_POSTGRES_URL
  ? [
      {
        test: {
          name: 'routes-postgres',
          include: [...perBackend.routes, 'mock-server/test/postgres/**/*.test.ts', 'mock-server/test/import/**/*.test.ts'],
          environment: 'node',
          env: { RUNBOARD_TEST_BACKEND: 'postgres' },
          globalSetup: ['mock-server/test/support/postgres-global-setup.ts'],
          testTimeout: 30000,
          hookTimeout: 30000,
        },
      },
      {
        test: {
          name: 'contract-postgres',
          include: perBackend.contract,
          environment: 'node',
          env: { RUNBOARD_TEST_BACKEND: 'postgres' },
          globalSetup: ['mock-server/test/support/postgres-global-setup.ts'],
          testTimeout: 30000,
          hookTimeout: 30000,
        },
      },
    ]
  : [];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'mock-server/**/*.test.ts'],
          exclude: [...perBackend.contract, 'mock-server/test/postgres/**', 'node_modules/**'],
          environment: 'node',
        },
      },
      {
        // The artifact route tests once more, on an S3 bucket (s3rver) instead of a local folder.
        test: {
          name: 'artifacts-s3',
          include: ['mock-server/test/routes/artifacts.test.ts'],
          environment: 'node',
          env: { RUNBOARD_TEST_ARTIFACT_STORE: 's3' },
        },
      },
      {
        test: {
          name: 'contract',
          include: perBackend.contract,
          environment: 'node',
          testTimeout: 30000,
        },
      },
      ...postgres,
    ],
  },
});
