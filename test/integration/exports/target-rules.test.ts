import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { cli } from '../../support/cli';
import { keyringSkipReason } from '../../support/keyring';
import { useTempDirs } from '../../support/temp-dir';
import { DEV, signedInHome } from './export-world';

const tempDir = useTempDirs();
const skip = await keyringSkipReason();

/**
 * Makes `dir` read-only for this process. root ignores permission bits, so as root the folder is made
 * immutable instead (chattr +i), which refuses writes to root too. Returns the undo.
 */
function makeReadOnly(dir: string): () => void {
  if (process.getuid?.() === 0) {
    execFileSync('chattr', ['+i', dir]);
    return () => execFileSync('chattr', ['-i', dir]);
  }
  execFileSync('chmod', ['0555', dir]);
  return () => execFileSync('chmod', ['0755', dir]);
}

describe.skipIf(skip !== null)('where an export may be written', () => {
  const openbao = inject('openbao');

  it("never writes inside Latchkey's data folder, not even with --replace or through a link", async () => {
    const { home, work } = await signedInHome(openbao, tempDir);
    const ledger = await fs.readFile(path.join(home, 'exports.json'), 'utf8').catch(() => null);
    for (const out of [path.join(home, 'exports.json'), path.join(home, 'backends.json'), path.join(home, 'new.env')]) {
      const refused = await cli(['export', DEV, '--out', out, '--replace'], { home });
      expect(refused.code, out).toBe(2);
      expect(refused.stderr).toMatch(/^error\[BAD_REQUEST\]: .*data folder/);
    }
    await fs.symlink(home, path.join(work, 'linked-home'));
    const viaLink = await cli(['export', DEV, '--out', path.join(work, 'linked-home', 'exports.json'), '--replace'], { home });
    expect(viaLink.code).toBe(2);
    expect(await fs.readFile(path.join(home, 'exports.json'), 'utf8').catch(() => null)).toBe(ledger);
    await expect(fs.stat(path.join(home, 'new.env'))).rejects.toMatchObject({ code: 'ENOENT' });
    const mount = await cli(['mount', DEV, '--out', path.join(home, 'pipe.env')], { home });
    expect(mount.code).toBe(2);
    expect(mount.stderr).toMatch(/data folder/);
  });

  it('refuses a name ending in a slash: that names a folder, and writes nothing', async () => {
    const { home, work } = await signedInHome(openbao, tempDir);
    const refused = await cli(['export', DEV, '--out', `${path.join(work, 'name')}/`], { home });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^error\[BAD_REQUEST\]: .*ends with a slash/);
    expect(await fs.readdir(work)).toEqual([]);
  });

  it('refuses a file name with a line break (no .gitignore line could name it)', async () => {
    const { home, work } = await signedInHome(openbao, tempDir);
    for (const name of ['.env\nsecond-line', '.env\r']) {
      const refused = await cli(['export', DEV, '--out', path.join(work, name)], { home });
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/^error\[BAD_REQUEST\]: .*line break/);
    }
    expect(await fs.readdir(work)).toEqual([]);
  });

  it('says a read-only folder is read-only, and writes nothing', async () => {
    const { home, work } = await signedInHome(openbao, tempDir);
    const folder = path.join(work, 'locked');
    await fs.mkdir(folder);
    const undo = makeReadOnly(folder);
    try {
      const refused = await cli(['export', DEV, '--out', path.join(folder, '.env')], { home });
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/^error\[BAD_REQUEST\]: .*locked is read-only/);
      expect(refused.stderr).not.toMatch(/INTERNAL|EACCES|EPERM/);
    } finally {
      undo();
    }
    expect(await fs.readdir(folder)).toEqual([]);
    expect(JSON.parse((await cli(['exports', '--json'], { home })).stdout)).toEqual([]);
  });
});
