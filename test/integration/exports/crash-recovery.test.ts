import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { cli } from '../../support/cli';
import { keyringSkipReason } from '../../support/keyring';
import { useTempDirs } from '../../support/temp-dir';
import { auditActions, signedInHome } from './export-world';
import { git, makeRepo } from './git-repo';
import { deadStamp, fileRecord, filesHolding, liveSleep, readLedger, sha256, tree, writeLedger } from './ledger-states';

const tempDir = useTempDirs();
const skip = await keyringSkipReason();

/** A value no test fixture holds by chance: finding it on disk means a secret leaked there. */
const canary = () => `fake-canary-${randomBytes(6).toString('hex')}`;

/** A repository whose .gitignore says `.env`, as in the issue: the export target is ignored, its neighbours are not. */
async function repoWithIgnoredEnv(work: string): Promise<string> {
  const repo = makeRepo(path.join(work), { '.gitignore': '.env\n' }, ['.gitignore']);
  git(repo, '-c', 'user.email=t@example.test', '-c', 'user.name=t', 'commit', '-qm', 'init');
  return repo;
}

/** The private temp folder a writer makes for one write: `.gitignore` saying `*`, then the secret file. */
async function leftTemp(dir: string, content: string): Promise<string> {
  const temp = path.join(dir, `.latchkey-${randomBytes(6).toString('hex')}.tmp`);
  await fs.mkdir(temp, { mode: 0o700 });
  await fs.writeFile(path.join(temp, '.gitignore'), '*\n');
  await fs.writeFile(path.join(temp, 'export'), content, { mode: 0o600 });
  return temp;
}

describe.skipIf(skip !== null)('the next command finishes what a killed Latchkey process left', () => {
  const openbao = inject('openbao');

  it("removes a dead writer's temp at once (no age rule) and ends the export whose file never appeared", async () => {
    const { home, work } = await signedInHome(openbao, tempDir);
    const repo = await repoWithIgnoredEnv(work);
    const secret = canary();
    const content = `API_KEY=${secret}\n`;
    const temp = await leftTemp(repo, content);
    await writeLedger(home, [fileRecord({ path: path.join(repo, '.env'), pending: { temp, contentHash: sha256(content), writer: await deadStamp() } })]);

    const listed = await cli(['exports', '--json'], { home });
    expect(listed.code, listed.stderr).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual([]);
    expect(await filesHolding(repo, secret)).toEqual([]);
    expect(await tree(repo)).not.toContainEqual(expect.stringContaining('.latchkey-'));
    expect(await readLedger(home)).toEqual([]);
    expect((await auditActions(home)).find((e) => e.action === 'export.expire')).toMatchObject({
      outcome: 'ok',
      details: { id: 'f00dfeed01', interrupted: true, fileRemoved: false },
    });
  });

  it('keeps an export whose writer died after the rename: the file is complete, so the record is settled', async () => {
    const { home, work } = await signedInHome(openbao, tempDir);
    const content = `API_KEY=${canary()}\n`;
    const target = path.join(work, '.env');
    await fs.writeFile(target, content, { mode: 0o600 });
    const temp = path.join(work, '.latchkey-0123456789ab.tmp'); // already renamed away: only the folder was left
    await fs.mkdir(temp, { mode: 0o700 });
    await writeLedger(home, [fileRecord({ path: target, pending: { temp, contentHash: sha256(content), writer: await deadStamp() } })]);

    const listed = JSON.parse((await cli(['exports', '--json'], { home })).stdout);
    expect(listed).toEqual([expect.objectContaining({ id: 'f00dfeed01', path: target })]);
    const [record] = await readLedger(home);
    expect(record).toMatchObject({ contentHash: sha256(content) });
    expect(record).not.toHaveProperty('pending');
    expect(await fs.readdir(work)).toEqual(['.env']);
  });

  it('leaves the temp of a writer that is still running, and does not list its export yet', async () => {
    const { home, work } = await signedInHome(openbao, tempDir);
    const content = `API_KEY=${canary()}\n`;
    const temp = await leftTemp(work, content);
    const writer = await liveSleep();
    try {
      await writeLedger(home, [fileRecord({ path: path.join(work, '.env'), pending: { temp, contentHash: sha256(content), writer: writer.stamp } })]);
      expect(JSON.parse((await cli(['exports', '--json'], { home })).stdout)).toEqual([]);
      expect(await fs.readFile(path.join(temp, 'export'), 'utf8')).toBe(content);
      expect(await readLedger(home)).toHaveLength(1);
    } finally {
      await writer.stop();
    }
  });

  it('finishes an end a killed revoke or sweep had started: file removed and the audit line written', async () => {
    const { home, work } = await signedInHome(openbao, tempDir);
    const content = `API_KEY=${canary()}\n`;
    const target = path.join(work, '.env');
    await fs.writeFile(target, content, { mode: 0o600 });
    await writeLedger(home, [fileRecord({ path: target, contentHash: sha256(content), ending: { reason: 'revoked', by: await deadStamp() } })]);

    const listed = await cli(['exports', '--json'], { home });
    expect(JSON.parse(listed.stdout)).toEqual([]);
    await expect(fs.stat(target)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await readLedger(home)).toEqual([]);
    expect((await auditActions(home)).find((e) => e.action === 'export.revoke')).toMatchObject({ outcome: 'ok', details: { id: 'f00dfeed01', fileRemoved: true } });
  });

  it('finishes a removal a kill cut between the overwrite and the unlink (our inode, zeroed)', async () => {
    const { home, work } = await signedInHome(openbao, tempDir);
    const content = `API_KEY=${canary()}\n`;
    const target = path.join(work, '.env');
    await fs.writeFile(target, Buffer.alloc(content.length), { mode: 0o600 });
    const { dev, ino } = await fs.stat(target);
    await writeLedger(home, [fileRecord({ path: target, contentHash: sha256(content), inode: { dev, ino }, ending: { reason: 'expired', by: await deadStamp() } })]);

    expect((await cli(['exports', '--json'], { home })).code).toBe(0);
    await expect(fs.stat(target)).rejects.toMatchObject({ code: 'ENOENT' });
    expect((await auditActions(home)).find((e) => e.action === 'export.expire')).toMatchObject({ details: { fileRemoved: true } });
  });

  it('leaves an end another live process is working on to that process', async () => {
    const { home, work } = await signedInHome(openbao, tempDir);
    const content = `API_KEY=${canary()}\n`;
    const target = path.join(work, '.env');
    await fs.writeFile(target, content, { mode: 0o600 });
    const other = await liveSleep();
    try {
      await writeLedger(home, [fileRecord({ path: target, contentHash: sha256(content), expiresAt: new Date(Date.now() - 1000).toISOString(), ending: { reason: 'expired', by: other.stamp } })]);
      expect(JSON.parse((await cli(['exports', '--json'], { home })).stdout)).toEqual([]);
      expect(await fs.readFile(target, 'utf8')).toBe(content);
      expect(await readLedger(home)).toHaveLength(1);
      expect((await auditActions(home)).filter((e) => e.action === 'export.expire')).toEqual([]);
    } finally {
      await other.stop();
    }
  });

  it("removes atomic-write temps of dead writers from the data dir, and leaves a live writer's", async () => {
    const { home } = await signedInHome(openbao, tempDir);
    const dead = (await deadStamp()).pid;
    const stale = [`.exports.json.${dead}.0123456789ab.tmp`, `.audit.head.${dead}.ba9876543210.tmp`];
    const live = `.backends.json.${process.pid}.aaaaaaaaaaaa.tmp`;
    for (const name of [...stale, live]) await fs.writeFile(path.join(home, name), '{}\n', { mode: 0o600 });

    const result = await cli(['exports', '--json'], { home });
    expect(result.code, result.stderr).toBe(0);
    const left = (await fs.readdir(home)).filter((name) => name.endsWith('.tmp'));
    expect(left).toEqual([live]);
  });
});
