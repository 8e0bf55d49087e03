import { defineConfig } from 'vitest/config';

// One project per kind of test (STYLE.md): `unit` is pure and fast; `infra` synthesizes the CDK app.
// `integration` drives the handlers against DynamoDB Local and the S3 server, and (test/browser) opens the
// public site in Debian's Chromium.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        // The browser tests run in this project too, on the same platform: the handlers' composition roots
        // are per process (as on Lambda), so two platforms in one process would share one set of clients.
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/browser/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/integration/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 90_000,
        },
      },
      {
        test: {
          name: 'infra',
          include: ['test/infra/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
        },
      },
    ],
  },
});
