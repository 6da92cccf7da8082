import { stat } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliProcess } from '../../support/cli';
import { useTempDirs } from '../../support/temp-dir';

const tempDir = useTempDirs();
const PASSPHRASE = 'fake-passphrase-for-tests-42';
// No Secret Service answers at this address, like a server without a desktop session.
const NO_KEYCHAIN = { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/latchkey-test-bus', DISPLAY: '' };

/** The built CLI without a keychain, the passphrase (or anything else) on stdin. */
const latchkey = (home: string, args: string[], input: string) => cliProcess(args, { home, input: `${input}\n`, env: NO_KEYCHAIN });

/** What a person sees: one error line and a hint, never a stack or our minified source. */
function expectCleanError(stderr: string) {
  const shown = stderr.slice(0, 300);
  expect(/\n\s+at /.test(stderr), shown).toBe(false);
  expect(stderr.includes('cli.mjs'), shown).toBe(false);
  expect(stderr.length, shown).toBeLessThan(400);
}

describe('the passphrase store through the built CLI (no keychain)', () => {
  it('doctor --init-passphrase-store with the passphrase on stdin creates the store and then uses it', async () => {
    const home = await tempDir();
    const result = await latchkey(home, ['doctor', '--init-passphrase-store', '--json'], PASSPHRASE);
    expectCleanError(result.stderr);
    expect(result.stderr).toContain('Created a passphrase-protected store');
    const report = JSON.parse(result.stdout) as { checks: Array<{ name: string; ok: boolean; detail: string }> };
    expect(report.checks.find((c) => c.name === 'keychain')).toMatchObject({ ok: true, detail: expect.stringContaining('Passphrase-protected store') });
    expect(result.code).toBe(0);
    expect((await stat(path.join(home, 'secrets.passphrase.json'))).mode & 0o777).toBe(0o600);

    // The same passphrase opens it from the next command on.
    const listed = await latchkey(home, ['backends', 'list', '--json'], PASSPHRASE);
    expect(listed).toMatchObject({ code: 0, stdout: '[]\n' });
  });

  it('a wrong passphrase is error[UNAUTHENTICATED] with exit code 3, in text and in JSON', async () => {
    const home = await tempDir();
    expect((await latchkey(home, ['doctor', '--init-passphrase-store'], PASSPHRASE)).code).toBe(0);

    const text = await latchkey(home, ['backends', 'list'], 'not-the-passphrase-0000');
    expectCleanError(text.stderr);
    expect(text.stderr).toMatch(/^(Latchkey store passphrase: )?error\[UNAUTHENTICATED\]: That passphrase does not open the Latchkey store\.\n/);
    expect(text.code).toBe(3);

    const json = await latchkey(home, ['backends', 'list', '--json'], 'not-the-passphrase-0000');
    expectCleanError(json.stderr);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(json.code).toBe(3);
  });
});
