import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

const root = import.meta.dirname;

/** dev/ tests that run on the test database (Postgres when TEST_DATABASE_URL is set): they stay in the api project. */
const DEV_TESTS_ON_TEST_DATABASE = ['dev/bundle-functions.test.ts', 'dev/main.test.ts', 'dev/vite-fs.test.ts'];

export default defineConfig({
  resolve: { alias: { '@': `${root}/src` } },
  test: {
    projects: [
      {
        test: {
          name: 'api',
          environment: 'node',
          include: ['tests/api/**/*.test.ts', 'db/**/*.test.ts', ...DEV_TESTS_ON_TEST_DATABASE],
          globalSetup: ['tests/support/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          pool: 'forks',
        },
      },
      {
        // The local runtime and stand-ins (dev/): they run on their own embedded databases whatever
        // TEST_DATABASE_URL says, so CI's Postgres pass (api + security projects) does not run them twice.
        test: {
          name: 'dev',
          environment: 'node',
          include: ['dev/**/*.test.ts'],
          exclude: DEV_TESTS_ON_TEST_DATABASE,
          globalSetup: ['tests/support/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          pool: 'forks',
        },
      },
      {
        // The security suite (tests/security/): OWASP ASVS level 2 requirements as a table, and a property-based
        // fuzz over every endpoint of the registry. Same per-file database as the api project.
        test: {
          name: 'security',
          environment: 'node',
          include: ['tests/security/**/*.test.ts'],
          globalSetup: ['tests/support/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          pool: 'forks',
        },
      },
      {
        // ESLint config checks: plain Node, no database, so they stay out of the api project's global setup.
        test: { name: 'lint', environment: 'node', include: ['tests/lint/**/*.test.ts'], testTimeout: 60_000 },
      },
      {
        // Repository tooling (npm run new:domain) on a throwaway copy of the checkout: runs once, not per database.
        test: { name: 'tooling', environment: 'node', include: ['tests/tooling/**/*.test.ts'], testTimeout: 900_000, hookTimeout: 300_000 },
      },
      {
        plugins: [react()],
        resolve: { alias: { '@': `${root}/src` } },
        test: {
          name: 'web',
          environment: 'jsdom',
          include: ['src/**/*.test.{ts,tsx}'],
          setupFiles: ['src/test/setup.ts'],
        },
      },
    ],
  },
});
