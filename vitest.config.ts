import { defineConfig } from 'vitest/config';

// One project per kind of test (STYLE.md): `unit` is pure and fast; `infra` synthesizes the CDK app.
// `integration` drives the handlers against DynamoDB Local and the S3 server, and (test/browser) opens the
// public site in Debian's Chromium. `reliability` proves the platform holds up (issue 8; docs/reliability.md).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
          // Property tests run hundreds of cases: on two cores shared with the whole suite 5 s is too tight.
          testTimeout: 30_000,
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
        // Issue 8's proof: fuzzing, the authorisation matrix, injected faults, races, leaks, a kill -9. Its
        // platform runs in a child process (global-setup.ts), so it never shares the handlers' modules with the
        // integration project's; its files run one at a time (each compares the whole table and bucket before
        // and after), after the other projects, so their load does not skew its timing.
        test: {
          name: 'reliability',
          include: ['test/reliability/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/reliability/global-setup.ts'],
          fileParallelism: false,
          sequence: { groupOrder: 1 },
          testTimeout: 240_000,
          hookTimeout: 180_000,
        },
      },
      {
        // Issue 9's benchmark at a small size, as a smoke test (never a timing): last, on its own, so its load
        // does not slow the other projects and theirs does not slow it.
        test: {
          name: 'bench',
          include: ['test/bench/**/*.test.ts'],
          environment: 'node',
          sequence: { groupOrder: 2 },
          testTimeout: 900_000,
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
