import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'mock-server/**/*.test.ts'],
          exclude: ['mock-server/test/contract/golden.test.ts', 'node_modules/**'],
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
          include: ['mock-server/test/contract/golden.test.ts'],
          environment: 'node',
          testTimeout: 30000,
        },
      },
    ],
  },
});
