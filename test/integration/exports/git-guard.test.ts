import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { gitignoreLineFor, inspectTarget, mayBeInRepository } from '../../../electron/exports/git-guard';
import { useTempDirs } from '../../support/temp-dir';
import { git, makeRepo } from './git-repo';

describe('git guard', () => {
  const tempDir = useTempDirs();

  it('says outside-repo for a folder no repository contains', async () => {
    const dir = await realpath(await tempDir());
    expect(await inspectTarget(dir, path.join(dir, '.env'))).toEqual({ kind: 'outside-repo' });
  });

  it('says ignored when a .gitignore matches the file', async () => {
    const repo = makeRepo(await realpath(await tempDir()), { '.gitignore': '.env\n' });
    expect(await inspectTarget(repo, path.join(repo, '.env'))).toEqual({ kind: 'ignored', repoRoot: repo, gitDir: path.join(repo, '.git'), trackedEnvFiles: [] });
  });

  it('gives the root-anchored .gitignore line for an unignored file in a nested folder', async () => {
    const repo = makeRepo(await realpath(await tempDir()));
    const dir = path.join(repo, 'services', 'api');
    mkdirSync(dir, { recursive: true });
    const verdict = await inspectTarget(dir, path.join(dir, '.env'));
    expect(verdict).toMatchObject({ kind: 'not-ignored', repoRoot: repo, gitignoreLine: '/services/api/.env' });
  });

  it('says ignored for a nested folder ignored by a .gitignore at the root or in the folder', async () => {
    const repo = makeRepo(await realpath(await tempDir()), { '.gitignore': '/services/api/.env\n', 'web/.gitignore': '.env\n' });
    for (const sub of ['services/api', 'web']) {
      const dir = path.join(repo, sub);
      mkdirSync(dir, { recursive: true });
      expect(await inspectTarget(dir, path.join(dir, '.env'))).toMatchObject({ kind: 'ignored', repoRoot: repo });
    }
  });

  it('answers for the innermost repository when repositories nest', async () => {
    const outer = makeRepo(await realpath(await tempDir()), { '.gitignore': 'inner/\n' });
    const inner = path.join(outer, 'inner');
    mkdirSync(inner);
    makeRepo(inner);
    expect(await inspectTarget(inner, path.join(inner, '.env'))).toMatchObject({ kind: 'not-ignored', repoRoot: inner, gitignoreLine: '/.env' });
  });

  it('treats a tracked file as not ignored even when .gitignore matches it', async () => {
    const repo = makeRepo(await realpath(await tempDir()), { '.env': 'A=1\n' }, ['.env']);
    writeFileSync(path.join(repo, '.gitignore'), '.env\n');
    expect(await inspectTarget(repo, path.join(repo, '.env'))).toMatchObject({ kind: 'not-ignored', trackedEnvFiles: ['.env'] });
  });

  it('lists tracked .env* files anywhere in the repository', async () => {
    const repo = makeRepo(
      await realpath(await tempDir()),
      { '.gitignore': '.env\n', '.env.example': 'A=\n', 'web/.env.test': 'B=\n', 'notenv.txt': '' },
      ['.env.example', 'web/.env.test', 'notenv.txt'],
    );
    const verdict = await inspectTarget(repo, path.join(repo, '.env'));
    expect(verdict).toMatchObject({ kind: 'ignored' });
    expect(verdict.kind === 'ignored' && verdict.trackedEnvFiles.sort()).toEqual(['.env.example', 'web/.env.test']);
  });

  it('ignores GIT_DIR inherited from the environment', async () => {
    const other = makeRepo(await realpath(await tempDir()));
    const dir = await realpath(await tempDir());
    process.env.GIT_DIR = path.join(other, '.git');
    try {
      expect(await inspectTarget(dir, path.join(dir, '.env'))).toEqual({ kind: 'outside-repo' });
    } finally {
      delete process.env.GIT_DIR;
    }
  });

  it('reports unknown, not safe, when git is missing inside a repository', async () => {
    const repo = makeRepo(await realpath(await tempDir()));
    const dir = path.join(repo, 'deep', 'er');
    mkdirSync(dir, { recursive: true });
    const verdict = await inspectTarget(dir, path.join(dir, '.env'), { gitPath: path.join(repo, 'no-such-git') });
    expect(verdict.kind).toBe('unknown');
    expect(verdict.kind === 'unknown' && verdict.reason).toMatch(/git was not found/);
  });

  it('does not need git where no folder up to the root holds a repository', async () => {
    const dir = await realpath(await tempDir());
    // A missing git would be "unknown" if it were asked: outside-repo proves the walk answered alone.
    const verdict = await inspectTarget(dir, path.join(dir, '.env'), { gitPath: path.join(dir, 'no-such-git') });
    expect(verdict).toEqual({ kind: 'outside-repo' });
    expect(await mayBeInRepository(dir)).toBe(false);
  });

  it('finds the repository from a nested folder, as git does', async () => {
    const repo = makeRepo(await realpath(await tempDir()));
    const dir = path.join(repo, 'a', 'b', 'c');
    mkdirSync(dir, { recursive: true });
    expect(await mayBeInRepository(dir)).toBe(true);
    expect(await inspectTarget(dir, path.join(dir, '.env'))).toMatchObject({ kind: 'not-ignored', repoRoot: repo, gitignoreLine: '/a/b/c/.env' });
  });

  it('finds a work tree whose .git is a FILE (git worktree, submodules)', async () => {
    const base = await realpath(await tempDir());
    mkdirSync(path.join(base, 'main-repo'));
    const main = makeRepo(path.join(base, 'main-repo'), { '.gitignore': '.env\n' }, ['.gitignore']);
    git(main, '-c', 'user.name=Fake', '-c', 'user.email=fake@example.invalid', 'commit', '-q', '-m', 'init');
    const worktree = path.join(base, 'linked');
    git(main, 'worktree', 'add', '-q', worktree);
    const nested = path.join(worktree, 'svc');
    mkdirSync(nested);
    expect(statSync(path.join(worktree, '.git')).isFile()).toBe(true);
    expect(await mayBeInRepository(nested)).toBe(true);
    expect(await inspectTarget(nested, path.join(nested, '.env'))).toMatchObject({ kind: 'ignored', repoRoot: worktree });
    expect(await inspectTarget(nested, path.join(nested, 'app.env'))).toMatchObject({ kind: 'not-ignored', repoRoot: worktree, gitignoreLine: '/svc/app.env' });
  });

  it('asks git (and so refuses) inside a bare repository, which has no .git entry', async () => {
    const bare = await realpath(await tempDir());
    git(bare, 'init', '-q', '--bare');
    expect(await mayBeInRepository(bare)).toBe(true);
    expect((await inspectTarget(bare, path.join(bare, '.env'))).kind).toBe('unknown');
  });

  it('escapes gitignore pattern characters so the line matches only this file', async () => {
    expect(gitignoreLineFor('a[1]/*.env?')).toBe('/a\\[1]/\\*.env\\?');
    expect(gitignoreLineFor('x/.env ')).toBe('/x/.env\\ ');
    const name = 'we[ir]d*.env ';
    const repo = makeRepo(await realpath(await tempDir()), { '.gitignore': `${gitignoreLineFor(name)}\n` });
    // check-ignore -q exits 0 when ignored and 1 (a throw here) when not.
    expect(() => git(repo, 'check-ignore', '-q', '--', name)).not.toThrow();
    expect(() => git(repo, 'check-ignore', '-q', '--', 'weird.env')).toThrow();
    expect(() => git(repo, 'check-ignore', '-q', '--', 'we[ir]d*.env')).toThrow();
  });
});
