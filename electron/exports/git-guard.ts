import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';

export interface GitGuardOptions {
  /** git executable; tests point it at a missing path to prove we refuse. Default `git` from PATH. */
  gitPath?: string;
  timeoutMs?: number;
}

/** What git says about a target path. `unknown` means we could not ask, so nobody can call it safe. */
export type GitVerdict =
  | { kind: 'outside-repo' }
  | { kind: 'ignored'; repoRoot: string; gitDir: string; trackedEnvFiles: string[] }
  | { kind: 'not-ignored'; repoRoot: string; gitDir: string; gitignoreLine: string; trackedEnvFiles: string[] }
  | { kind: 'unknown'; reason: string };

const DEFAULT_TIMEOUT_MS = 5_000;

interface GitRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Asks git (no shell, `-C dir`, with a timeout) whether `target` sits in a work tree and if so whether it is
 * ignored. `dir` must be the real (symlink-free) parent directory of `target`.
 */
export async function inspectTarget(dir: string, target: string, options: GitGuardOptions = {}): Promise<GitVerdict> {
  // Spawning git costs several ms per export; most exports go to folders no repository contains.
  if (!(await mayBeInRepository(dir))) return { kind: 'outside-repo' };
  const run = (args: string[]) => runGit(dir, args, options);
  let top: GitRun;
  try {
    top = await run(['rev-parse', '--show-toplevel', '--absolute-git-dir']);
  } catch (error) {
    return { kind: 'unknown', reason: (error as Error).message };
  }
  if (top.code !== 0) {
    if (/not a git repository/i.test(top.stderr)) return { kind: 'outside-repo' };
    return { kind: 'unknown', reason: `git could not inspect ${dir}: ${firstLine(top.stderr)}` };
  }
  // Two lines: the work tree's root, then the repository's own folder (.git, or elsewhere for worktrees).
  const [repoRoot = '', gitDir = ''] = top.stdout.replace(/\n$/, '').split('\n');
  if (repoRoot === '' || gitDir === '') return { kind: 'unknown', reason: `${dir} is inside a git directory but not in a work tree` };
  const relative = path.relative(repoRoot, target).split(path.sep).join('/');
  if (relative.startsWith('../') || relative === '' || path.isAbsolute(relative)) {
    return { kind: 'unknown', reason: `git placed ${target} outside its own work tree ${repoRoot}` };
  }
  try {
    // Without --no-index: a tracked file is reported as not ignored, which is what we want.
    // Paths given to git are relative to its -C folder: ask from the root, where `relative` is rooted.
    // Independent read-only questions: ask both at once.
    const [check, tracked] = await Promise.all([
      run(['-C', repoRoot, 'check-ignore', '-q', '--', relative]),
      run(['-C', repoRoot, 'ls-files', '-z', '--', ':(glob)**/.env*']),
    ]);
    if (check.code !== 0 && check.code !== 1) {
      return { kind: 'unknown', reason: `git check-ignore failed: ${firstLine(check.stderr)}` };
    }
    const trackedEnvFiles = tracked.code === 0 ? tracked.stdout.split('\0').filter((name) => name !== '') : [];
    if (check.code === 0) return { kind: 'ignored', repoRoot, gitDir, trackedEnvFiles };
    return { kind: 'not-ignored', repoRoot, gitDir, gitignoreLine: gitignoreLineFor(relative), trackedEnvFiles };
  } catch (error) {
    return { kind: 'unknown', reason: (error as Error).message };
  }
}

/**
 * False only when git's own discovery could not find a repository from `dir`: no folder from `dir` up to
 * the filesystem root has a `.git` entry (a directory, or a file as in worktrees and submodules) or is
 * itself a git directory (bare repository: HEAD, objects/, refs/). git runs with every GIT_* variable
 * removed (no GIT_DIR, no GIT_CEILING_DIRECTORIES), so it too walks up to the root; it may stop earlier
 * (at a filesystem boundary) but never finds a repository this walk misses. An entry we cannot stat
 * (permissions) counts as "maybe": git is asked then, and the verdict stays git's.
 */
export async function mayBeInRepository(dir: string): Promise<boolean> {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    const [dotGit, head] = await Promise.all([present(path.join(current, '.git')), present(path.join(current, 'HEAD'))]);
    if (dotGit) return true;
    if (head && (await present(path.join(current, 'objects'))) && (await present(path.join(current, 'refs')))) return true;
    if (path.dirname(current) === current) return false;
  }
}

/** True when something exists at `file`, or when we cannot tell. */
async function present(file: string): Promise<boolean> {
  try {
    await fs.lstat(file);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code !== 'ENOENT' && code !== 'ENOTDIR';
  }
}

/**
 * The `.gitignore` line that ignores exactly this file: anchored at the repo root, with gitignore's special
 * characters escaped so a name like `a[1].env` or a trailing space still matches literally.
 */
export function gitignoreLineFor(relativePosixPath: string): string {
  const escaped = relativePosixPath.replace(/[\\*?[]/g, (ch) => `\\${ch}`).replace(/ (?= *$)/g, '\\ ');
  return `/${escaped}`;
}

// An inherited GIT_DIR or GIT_WORK_TREE (e.g. when run from a git hook) would make git answer about
// another repository than the one around the target.
function gitEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith('GIT_')) env[name] = value;
  }
  env.LC_ALL = 'C'; // stable English messages to match on
  return env;
}

function runGit(dir: string, args: string[], options: GitGuardOptions): Promise<GitRun> {
  const git = options.gitPath ?? 'git';
  const timeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    execFile(git, ['-C', dir, ...args], { timeout, env: gitEnv(), maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error === null) return resolve({ code: 0, stdout, stderr });
      const failure = error as NodeJS.ErrnoException & { killed?: boolean; code?: number | string };
      if (failure.code === 'ENOENT') return reject(new Error(`git was not found (looked for "${git}")`));
      if (failure.killed) return reject(new Error(`git did not answer within ${Math.round(timeout / 1000)} s`));
      if (typeof failure.code === 'number') return resolve({ code: failure.code, stdout, stderr });
      reject(new Error(`git could not be run: ${failure.message}`));
    });
  });
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0] ?? '';
}
