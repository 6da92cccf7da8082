import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, inject, it } from 'vitest';
import { cli } from '../../support/cli';
import { keyringSkipReason } from '../../support/keyring';
import { useTempDirs } from '../../support/temp-dir';
import { auditActions, DEV, signedInHome } from './export-world';

const exec = promisify(execFile);
const tempDir = useTempDirs();
const skip = await keyringSkipReason();

async function exported(home: string, out: string): Promise<string> {
  const made = await cli(['export', DEV, '--out', out, '--json'], { home });
  expect(made.code, made.stderr).toBe(0);
  return (JSON.parse(made.stdout) as { id: string }).id;
}

describe.skipIf(skip !== null)('removing an export at revoke or expiry', () => {
  const openbao = inject('openbao');

  it('overwrites the bytes before unlinking: a reader that kept the file open sees zeros afterwards', async () => {
    const { home, work } = await signedInHome(openbao, tempDir);
    const out = path.join(work, '.env');
    const id = await exported(home, out);
    const size = (await fs.stat(out)).size;
    const reader = await fs.open(out, 'r');
    try {
      expect((await cli(['revoke', id], { home })).code).toBe(0);
      await expect(fs.stat(out)).rejects.toMatchObject({ code: 'ENOENT' });
      const { buffer, bytesRead } = await reader.read(Buffer.alloc(size), 0, size, 0);
      expect(bytesRead).toBe(size);
      expect(buffer.equals(Buffer.alloc(size))).toBe(true);
    } finally {
      await reader.close();
    }
  });

  it("only unlinks a file that has another name (a user's hard link), leaves that name's content intact and says so", async () => {
    const { home, work } = await signedInHome(openbao, tempDir);
    const out = path.join(work, '.env');
    const id = await exported(home, out);
    const kept = path.join(work, 'kept.env');
    await fs.link(out, kept);
    const before = await fs.readFile(kept, 'utf8');

    const revoked = await cli(['revoke', id, '--json'], { home });
    expect(revoked.code, revoked.stderr).toBe(0);
    const ended = JSON.parse(revoked.stdout) as { fileRemoved: boolean; left: string | null };
    expect(ended.fileRemoved).toBe(true);
    expect(ended.left).toMatch(/hard link/);
    expect(ended.left).toContain(out);
    await expect(fs.stat(out)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await fs.readFile(kept, 'utf8')).toBe(before);
    expect(before).toContain('fake-api-key-not-real');
  });

  it('leaves a FIFO the user put at the export path', async () => {
    const { home, work } = await signedInHome(openbao, tempDir);
    const out = path.join(work, '.env');
    const id = await exported(home, out);
    await fs.rm(out);
    await exec('mkfifo', [out]);

    const revoked = await cli(['revoke', id, '--json'], { home });
    expect(revoked.code, revoked.stderr).toBe(0);
    expect(JSON.parse(revoked.stdout)).toMatchObject({ fileRemoved: false, left: expect.stringContaining('not the file Latchkey wrote') });
    expect((await fs.lstat(out)).isFIFO()).toBe(true);
  });

  it('leaves a different file with the same bytes (another inode): it is not the file Latchkey wrote', async () => {
    const { home, work } = await signedInHome(openbao, tempDir);
    const out = path.join(work, '.env');
    const id = await exported(home, out);
    const copy = path.join(work, 'copy');
    await fs.copyFile(out, copy);
    await fs.rename(copy, out);

    const revoked = await cli(['revoke', id, '--json'], { home });
    expect(JSON.parse(revoked.stdout)).toMatchObject({ fileRemoved: false, left: expect.stringContaining('not the file Latchkey wrote') });
    expect(await fs.readFile(out, 'utf8')).toContain('fake-api-key-not-real');
    const revoke = (await auditActions(home)).find((e) => e.action === 'export.revoke');
    expect(revoke).toMatchObject({ details: { fileRemoved: false } });
  });
});
