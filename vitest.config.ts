import { defineConfig } from 'vitest/config';

// Two projects so that a unit-only run (`npx vitest run test/unit`) never starts OpenBao: a project's
// globalSetup runs only when that project has files to run. Both inherit the root options (`extends`).
export default defineConfig({
  test: {
    environment: 'node',
    // Forks, not threads: native addons (keytar) and child servers behave best in their own process.
    pool: 'forks',
    // Machines here have 2 cores; more workers only add contention with the servers under test.
    maxWorkers: 2,
    // Stopping OpenBao and PostgreSQL takes a moment; give global teardown room.
    teardownTimeout: 15_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          // Above vitest's 5 s default: key derivation tests run slower when both cores are busy.
          testTimeout: 10_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/setup/openbao.ts'],
          // Real servers (OpenBao, PostgreSQL, the keyring) answer in ms, but start in seconds.
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
