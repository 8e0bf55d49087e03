import { defineConfig } from 'vitest/config';

// One project per kind of test (STYLE.md): `unit` is pure and fast; `infra` synthesizes the CDK app.
// `integration` (the emulators) and `browser` (Chromium) join with the issues that need them.
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
