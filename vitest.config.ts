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
    // Every CLI a test starts works in its own process, as before the agent: agent tests (test/integration/agent)
    // turn it back on and stop the agents they start.
    // The AWS SDK reads its chain from the environment: never the host's ~/.aws, never the EC2 metadata
    // address (a network request off this machine). Tests give AWS credentials explicitly.
    env: {
      LATCHKEY_NO_AGENT: '1',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_CONFIG_FILE: '/nonexistent/latchkey-tests/aws-config',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/latchkey-tests/aws-credentials',
    },
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
          globalSetup: ['test/setup/openbao.ts', 'test/setup/moto.ts'],
          // Real servers (OpenBao, moto, PostgreSQL, the keyring) answer in ms, but start in seconds.
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
