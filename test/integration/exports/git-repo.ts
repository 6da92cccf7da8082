import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Runs real git in `dir` with no inherited GIT_* variables. */
export function git(dir: string, ...args: string[]): string {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('GIT_')));
  return execFileSync('git', ['-C', dir, ...args], { env, encoding: 'utf8' });
}

/** A fresh git work tree at `dir` with the given files (path → content); `track` lists files to `git add`. */
export function makeRepo(dir: string, files: Record<string, string> = {}, track: string[] = []): string {
  git(dir, 'init', '-q');
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  if (track.length > 0) git(dir, 'add', '--', ...track);
  return dir;
}
