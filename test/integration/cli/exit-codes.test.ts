import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliProcess } from '../../support/cli';
import { useTempDirs } from '../../support/temp-dir';

const tempDir = useTempDirs();
// No Secret Service answers here: each case below fails the same way with or without a keychain.
const NO_KEYCHAIN = { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/latchkey-test-bus', DISPLAY: '' };
const PASSPHRASE = 'fake-passphrase-for-tests-42';

interface Case {
  exit: number;
  code: string;
  /** Prepares a data dir; returns the LATCHKEY_HOME to use, the arguments and stdin. */
  setup(home: string): Promise<{ home: string; args: string[]; input?: string }>;
}

const run = (home: string, args: string[], input?: string) => cliProcess(args, { home, env: NO_KEYCHAIN, ...(input === undefined ? {} : { input }) });

/** One real failure per exit-code class the README promises: 2, 3, 4, 5 and 1. */
const cases: Record<string, Case> = {
  'bad input': { exit: 2, code: 'BAD_REQUEST', setup: async (home) => ({ home, args: ['audit', '--limit', 'lots'] }) },
  'sign-in refused': {
    exit: 3,
    code: 'UNAUTHENTICATED',
    async setup(home) {
      expect((await run(home, ['doctor', '--init-passphrase-store'], PASSPHRASE)).code).toBe(0);
      return { home, args: ['backends', 'list'], input: 'not-the-passphrase-0000' };
    },
  },
  'not found': { exit: 4, code: 'NOT_FOUND', setup: async (home) => ({ home, args: ['profile', 'show'] }) },
  'backend unavailable': {
    exit: 5,
    code: 'BACKEND_UNAVAILABLE',
    async setup(home) {
      // Port 1 on loopback: nothing listens, the connection is refused at once.
      expect((await run(home, ['backends', 'add', 'vault', '--name', 'gone', '--url', 'http://127.0.0.1:1'])).code).toBe(0);
      return { home, args: ['login', 'gone', '--token-stdin'], input: 'fake-token-not-real' };
    },
  },
  internal: {
    exit: 1,
    code: 'INTERNAL',
    async setup(home) {
      // The data dir is a regular file: nothing Latchkey can do about it, and nothing it should explain away.
      await fs.writeFile(path.join(home, 'not-a-dir'), '');
      return { home: path.join(home, 'not-a-dir'), args: ['envs'] };
    },
  },
};

describe('exit codes and the --json error envelope, through the built CLI', () => {
  for (const [name, c] of Object.entries(cases)) {
    it(`${name}: exit ${c.exit}, error[${c.code}] on stderr, {ok:false,error} with --json`, async () => {
      const { home, args, input } = await c.setup(await tempDir());

      const text = await run(home, args, input);
      expect(text.code, text.stderr).toBe(c.exit);
      expect(text.stderr).toMatch(new RegExp(`^error\\[${c.code}\\]: .+\\n`, 'm'));
      expect(text.stderr).not.toMatch(/\n\s+at /);
      if (c.code === 'INTERNAL') expect(text.stderr).toContain('  run: latchkey doctor\n');

      const json = await run(home, [...args, '--json'], input);
      expect(json.code, json.stderr).toBe(c.exit);
      const envelope = JSON.parse(json.stdout) as { ok: boolean; error: { code: string; message: string } };
      expect(Object.keys(envelope).sort()).toEqual(['error', 'ok']);
      expect(envelope).toMatchObject({ ok: false, error: { code: c.code, message: expect.any(String) } });
    });
  }
});
