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
