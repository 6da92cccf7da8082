import { appendFileSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { privateTempFor, stagePrivate } from '../../../electron/exports/private-temp';
import { prepareTarget, type TargetRequest } from '../../../electron/exports/target';
import { useTempDirs } from '../../support/temp-dir';
import { makeRepo } from './git-repo';

const content = 'API_KEY=fake-token-not-real\n';
const dataDir = path.join(os.tmpdir(), 'latchkey-no-such-data-dir');

/** What create does with a target: the checks, then the staged write renamed into place. */
async function writeExport(request: Omit<TargetRequest, 'kind' | 'dataDir' | 'requested'> & { target: string; content: string }) {
  const prepared = await prepareTarget({ ...request, requested: request.target, kind: 'file', dataDir });
  await (await stagePrivate(await privateTempFor(prepared.path, prepared.gitDir), prepared.path, request.content)).commit();
  return prepared;
}

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('an export target: checked by prepareTarget, written through a private temp', () => {
  const tempDir = useTempDirs();

  it('writes outside any repository with mode 0600, leaving nothing else behind', async () => {
    const dir = await realpath(await tempDir());
    const target = path.join(dir, '.env');
    const result = await writeExport({ target, content });
    expect(result).toEqual({ path: target, overrideUsed: false, warnings: [], repoRoot: null, gitDir: null, existed: false });
    expect(await readFile(target, 'utf8')).toBe(content);
    expect((await stat(target)).mode & 0o777).toBe(0o600);
    expect(await readdir(dir)).toEqual(['.env']);
  });

  it('replaces an existing world-readable file with a 0600 one', async () => {
    const dir = await realpath(await tempDir());
    const target = path.join(dir, '.env');
    writeFileSync(target, 'OLD=1\n', { mode: 0o644 });
    await writeExport({ target, content });
    expect((await stat(target)).mode & 0o777).toBe(0o600);
    expect(await readFile(target, 'utf8')).toBe(content);
  });

  it('writes inside a repository when git ignores the target', async () => {
    const repo = makeRepo(await realpath(await tempDir()), { '.gitignore': '.env\n' });
    const result = await writeExport({ target: path.join(repo, '.env'), content });
    expect(result).toMatchObject({ overrideUsed: false, warnings: [], repoRoot: repo });
  });

  it('refuses an unignored target with the exact .gitignore line, which then works', async () => {
    const repo = makeRepo(await realpath(await tempDir()));
    const dir = path.join(repo, 'services', 'api');
    mkdirSync(dir, { recursive: true });
    const target = path.join(dir, '.env');
    const error = await refusal(writeExport({ target, content }));
    expect(error.code).toBe('UNSAFE_TARGET');
    expect(error.message).toContain(target);
    // The line travels as the next step (the CLI prints it, the app offers a button that adds it).
    expect(error.next).toEqual({ action: 'add-gitignore', path: path.join(repo, '.gitignore'), line: '/services/api/.env' });
    expect(await readdir(dir)).toEqual([]);

    appendFileSync(path.join(repo, '.gitignore'), '/services/api/.env\n');
    expect(await writeExport({ target, content })).toMatchObject({ overrideUsed: false, repoRoot: repo });
  });

  it('writes an unignored target with the override and says the override was used', async () => {
    const repo = makeRepo(await realpath(await tempDir()));
    const target = path.join(repo, '.env');
    const result = await writeExport({ target, content, allowUnignored: true });
    expect(result).toMatchObject({ overrideUsed: true, repoRoot: repo });
    expect(await readFile(target, 'utf8')).toBe(content);
  });

  it('warns when the repository already tracks .env files', async () => {
    const repo = makeRepo(await realpath(await tempDir()), { '.gitignore': '.env\n', '.env.example': 'API_KEY=\n' }, ['.env.example']);
    const result = await writeExport({ target: path.join(repo, '.env'), content });
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toContain('.env.example');
  });

  it('refuses a symlink, even one pointing at an ignored file', async () => {
    const repo = makeRepo(await realpath(await tempDir()), { '.gitignore': '.env\n', '.env': 'OLD=1\n' });
    const outside = await realpath(await tempDir());
    const link = path.join(outside, '.env');
    symlinkSync(path.join(repo, '.env'), link);
    const error = await refusal(writeExport({ target: link, content }));
    expect(error.code).toBe('UNSAFE_TARGET');
    expect(error.message).toMatch(/symbolic link/);
    expect(await readFile(path.join(repo, '.env'), 'utf8')).toBe('OLD=1\n');
  });

  it('judges a path reached through a symlinked folder by where it really is', async () => {
    const repo = makeRepo(await realpath(await tempDir()));
    const outside = await realpath(await tempDir());
    symlinkSync(repo, path.join(outside, 'linked'));
    const error = await refusal(writeExport({ target: path.join(outside, 'linked', '.env'), content }));
    expect(error.code).toBe('UNSAFE_TARGET');
    expect(error.next).toEqual({ action: 'add-gitignore', path: path.join(repo, '.gitignore'), line: '/.env' });
  });

  it('refuses a directory target and a missing parent folder with clear messages', async () => {
    const dir = await realpath(await tempDir());
    mkdirSync(path.join(dir, '.env'));
    const isDir = await refusal(writeExport({ target: path.join(dir, '.env'), content }));
    expect(isDir.code).toBe('BAD_REQUEST');
    expect(isDir.message).toMatch(/is a folder/);
    const missing = await refusal(writeExport({ target: path.join(dir, 'nope', '.env'), content }));
    expect(missing.code).toBe('BAD_REQUEST');
    expect(missing.message).toMatch(/does not exist/);
  });

  it('refuses when git is missing inside a repository, and writes with the override', async () => {
    const dir = makeRepo(await realpath(await tempDir()));
    const target = path.join(dir, '.env');
    const git = { gitPath: path.join(dir, 'no-such-git') };
    const error = await refusal(writeExport({ target, content, git }));
    expect(error.code).toBe('UNSAFE_TARGET');
    expect(error.message).toMatch(/git was not found/);
    await expect(readFile(target)).rejects.toThrow();
    expect(await writeExport({ target, content, git, allowUnignored: true })).toMatchObject({ overrideUsed: true });
  });
});
