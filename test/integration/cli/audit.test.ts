import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../../support/cli';
import { keyringSkipReason } from '../../support/keyring';
import { useTempDirs } from '../../support/temp-dir';

const tempDir = useTempDirs();
const skip = await keyringSkipReason();

describe.skipIf(skip !== null)('latchkey audit', () => {
  async function homeWithEntries() {
    const home = await tempDir();
    for (const name of ['one', 'two', 'three']) {
      await cli(['backends', 'add', 'vault', '--name', name, '--url', 'http://127.0.0.1:1'], { home });
    }
    return home;
  }

  it('lists entries (with --limit) and verifies an intact log, keyed from the real keychain', async () => {
    const home = await homeWithEntries();
    const all = JSON.parse((await cli(['audit', '--json'], { home })).stdout) as Array<{ seq: number; action: string; target: string }>;
    expect(all.map((e) => [e.seq, e.action, e.target])).toEqual([
      [1, 'backend.add', 'one'],
      [2, 'backend.add', 'two'],
      [3, 'backend.add', 'three'],
    ]);
    expect(JSON.parse((await cli(['audit', '--json', '--limit', '1'], { home })).stdout)).toHaveLength(1);
    expect((await cli(['audit', '--limit', 'lots'], { home })).code).toBe(2);
    const verify = await cli(['audit', '--verify'], { home });
    expect(verify).toMatchObject({ code: 0, stdout: expect.stringContaining('ok: 3 entries') });
    expect((await fs.stat(path.join(home, 'audit.log'))).mode & 0o777).toBe(0o600);
  });

  it('--verify names the edited line and exits non-zero', async () => {
    const home = await homeWithEntries();
    const file = path.join(home, 'audit.log');
    await fs.writeFile(file, (await fs.readFile(file, 'utf8')).replace('"target":"two"', '"target":"evil"'));
    const result = await cli(['audit', '--verify'], { home });
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/^error\[CONFLICT\]: The audit log was tampered with at line 2: /);
    const json = await cli(['audit', '--verify', '--json'], { home });
    expect(json.code).toBe(4);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, badLine: 2 });
  });

  it('--verify exits 4 when the log is cut short, deleted, or rolled back (the anchor lives in the real keychain)', async () => {
    const home = await homeWithEntries();
    const file = path.join(home, 'audit.log');
    const verify = async () => {
      const result = await cli(['audit', '--verify'], { home });
      expect(result.code, result.stdout).toBe(4);
      return result.stderr;
    };
    const intact = await fs.readFile(file, 'utf8');
    const lines = intact.split('\n').filter(Boolean);

    await fs.writeFile(file, `${lines.slice(0, 2).join('\n')}\n`);
    await fs.rm(path.join(home, 'audit.head'), { force: true });
    expect(await verify()).toMatch(/^error\[CONFLICT\]: The audit log was tampered with at line 3: the log ends at line 2 but the keychain anchor records that 3 entries were written/);

    await fs.rm(file);
    expect(await verify()).toContain('the log is missing or empty, but the keychain anchor records that 3 entries were written');

    // An older copy put back after more entries were written.
    await fs.writeFile(file, intact);
    expect((await cli(['audit', '--verify'], { home })).code).toBe(0);
    await cli(['backends', 'add', 'vault', '--name', 'four', '--url', 'http://127.0.0.1:1'], { home });
    await fs.writeFile(file, intact);
    expect(await verify()).toContain('the keychain anchor records that 4 entries were written');
    const json = await cli(['audit', '--verify', '--json'], { home });
    expect(json.code).toBe(4);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, entries: 3, badLine: 4 });
  });
});
