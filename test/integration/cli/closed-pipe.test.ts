import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { assertBundleFresh, BIN, cliProcess } from '../../support/cli';
import { useTempDirs } from '../../support/temp-dir';

const exec = promisify(execFile);
const tempDir = useTempDirs();
// Keychain-independent: no Secret Service answers here, and these commands do not need one.
const NO_KEYCHAIN = { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/latchkey-test-bus', DISPLAY: '' };

/** Runs `latchkey <args> | <reader>` in bash with pipefail; returns latchkey's exit code and stderr. */
async function pipedInto(home: string, args: string[], reader: string) {
  assertBundleFresh();
  const errFile = path.join(home, 'stderr.txt');
  const quoted = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const script = `set -o pipefail; ${quoted} 2>'${errFile}' | ${reader}; echo "latchkey-exit=\${PIPESTATUS[0]}"`;
  const { stdout } = await exec('bash', ['-c', script], { env: { ...process.env, ...NO_KEYCHAIN, LATCHKEY_HOME: home } });
  return { stdout, code: Number(/latchkey-exit=(\d+)/.exec(stdout)?.[1]), stderr: await fs.readFile(errFile, 'utf8') };
}

describe('output into a reader that closes early', () => {
  it('`latchkey envs | head -1` prints one line and exits quietly, without an EPIPE stack', async () => {
    const home = await tempDir();
    const environments = Array.from({ length: 3000 }, (_, i) => ({ ref: `acme:project-${i}/dev` }));
    const team = { version: 1, team: 'acme', backends: [{ name: 'acme', kind: 'vault', url: 'http://127.0.0.1:1' }], environments };
    await fs.writeFile(path.join(home, 'team.json'), JSON.stringify(team));
    expect((await cliProcess(['profile', 'import', path.join(home, 'team.json')], { home, env: NO_KEYCHAIN })).code).toBe(0);

    const result = await pipedInto(home, ['envs'], 'head -n 1');
    expect(result.stdout).toMatch(/^acme:project-0\/dev {2}/);
    expect(result.stderr).not.toMatch(/EPIPE|node:events|\n\s+at /);
    expect(result.code).toBe(0);
  });

  it('a reader that reads nothing at all (`| true`) does not crash the CLI either', async () => {
    const result = await pipedInto(await tempDir(), ['--help'], 'true');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });
});
