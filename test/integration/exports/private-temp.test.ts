import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { privateTempFor, removePrivateTemp, stagePrivate } from '../../../electron/exports/private-temp';
import { useTempDirs } from '../../support/temp-dir';
import { git, makeRepo } from './git-repo';

const SECRET = 'API_KEY=fake-secret-in-flight\n';

/** Untracked files git would show (`git status`), ignored ones excluded. */
const untracked = (repo: string) => git(repo, 'status', '--porcelain', '--untracked-files=all').split('\n').filter(Boolean);

describe('the private temp folder an export is staged in', () => {
  const tempDir = useTempDirs();

  it.each([
    ['ignores exactly .env (the issue: ..env.x.tmp was not ignored)', { '.gitignore': '.env\n' }],
    ['un-ignores everything it can with negations', { '.gitignore': '.env\n!*\n!.*\n!**/.gitignore\n!.latchkey-*\n' }],
    ['has no rules at all', {}],
  ])('beside the target, is invisible to git while it holds the secret, in a repository that %s', async (_label, files) => {
    const repo = makeRepo(await tempDir(), files as Record<string, string>, Object.keys(files));
    const target = path.join(repo, '.env');
    const temp = await privateTempFor(target, null); // where it goes when the git dir cannot be used
    expect(path.dirname(temp)).toBe(repo);
    const before = untracked(repo);
    const staged = await stagePrivate(temp, target, SECRET);
    expect(await fs.readFile(staged.file, 'utf8')).toBe(SECRET);
    expect((await fs.stat(temp)).mode & 0o777).toBe(0o700);
    expect((await fs.stat(staged.file)).mode & 0o777).toBe(0o600);
    expect(untracked(repo)).toEqual(before);
    expect(git(repo, 'check-ignore', '--', path.relative(repo, staged.file)).trim()).toBe(path.relative(repo, staged.file));
    await staged.discard();
    expect(await fs.readdir(repo)).not.toContainEqual(expect.stringMatching(/^\.latchkey-/));
  });

  it("inside a repository, goes in the repository's own folder: nothing appears in the work tree at any point", async () => {
    const repo = makeRepo(await tempDir());
    const target = path.join(repo, '.env');
    const temp = await privateTempFor(target, path.join(repo, '.git'));
    expect(path.dirname(temp)).toBe(path.join(repo, '.git'));
    const staged = await stagePrivate(temp, target, SECRET);
    expect(await fs.readdir(repo)).toEqual(['.git']);
    expect(untracked(repo)).toEqual([]);
    await staged.commit();
    expect(await fs.readFile(target, 'utf8')).toBe(SECRET);
    expect((await fs.readdir(path.join(repo, '.git'))).filter((n) => n.startsWith('latchkey-'))).toEqual([]);
  });

  it('commits by renaming into place (same inode) and leaves no folder behind', async () => {
    const dir = await tempDir();
    const target = path.join(dir, '.env');
    const staged = await stagePrivate(await privateTempFor(target, null), target, SECRET);
    await staged.commit();
    expect(await fs.readdir(dir)).toEqual(['.env']);
    const stat = await fs.stat(target);
    expect({ dev: stat.dev, ino: stat.ino }).toEqual(staged.inode);
  });

  it('overwrites a left-behind temp before unlinking it: a reader holding it open sees zeros', async () => {
    const dir = await tempDir();
    const target = path.join(dir, '.env');
    const temp = await privateTempFor(target, null);
    const staged = await stagePrivate(temp, target, SECRET);
    const reader = await fs.open(staged.file, 'r');
    try {
      expect(await removePrivateTemp(temp)).toBe(true);
      const { buffer } = await reader.read(Buffer.alloc(SECRET.length), 0, SECRET.length, 0);
      expect(buffer.equals(Buffer.alloc(SECRET.length))).toBe(true);
    } finally {
      await reader.close();
    }
    expect(await fs.readdir(dir)).toEqual([]);
  });
});
