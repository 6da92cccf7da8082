import { describe, expect, it } from 'vitest';
import pkg from '../../../package.json';
import { cliProcess } from '../../support/cli';
import { keyringSkipReason } from '../../support/keyring';
import { useTempDirs } from '../../support/temp-dir';

const tempDir = useTempDirs();
const skip = await keyringSkipReason();

describe('latchkey as a real process', () => {
  it('--version prints the package version', async () => {
    const result = await cliProcess(['--version'], { home: await tempDir() });
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(pkg.version);
  });

  it.skipIf(skip !== null)('doctor --json reports the real keychain, the private data dir and git', async () => {
    const home = await tempDir();
    const result = await cliProcess(['doctor', '--json'], { home });
    const report = JSON.parse(result.stdout);
    expect(report.version).toBe(pkg.version);
    const byName = Object.fromEntries(report.checks.map((c: { name: string }) => [c.name, c]));
    expect(byName.keychain).toMatchObject({ ok: true, detail: expect.stringContaining('OS keychain') });
    expect(byName['data dir']).toMatchObject({ ok: true, detail: expect.stringContaining(home) });
    expect(byName.git).toMatchObject({ ok: true, detail: expect.stringMatching(/^git version/) });
    expect(result.code).toBe(report.ok ? 0 : 1);
  });

  it('doctor --json says the keychain is unavailable when no Secret Service answers', async () => {
    // An empty D-Bus address makes libsecret fail at once, like a server with no desktop session.
    const result = await cliProcess(['doctor', '--json'], {
      home: await tempDir(),
      env: { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/latchkey-test-bus', DISPLAY: '' },
    });
    const report = JSON.parse(result.stdout);
    expect(result.code).toBe(1);
    expect(report.ok).toBe(false);
    expect(report.checks.find((c: { name: string }) => c.name === 'keychain')).toMatchObject({
      ok: false,
      hint: expect.stringContaining('passphrase store'),
    });
  });
});
