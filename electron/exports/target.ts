import { constants, promises as fs } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../shared/errors';
import { inspectTarget, type GitGuardOptions } from './git-guard';

export interface TargetRequest {
  /** What the person typed (relative paths are taken from the current directory). */
  requested: string;
  /** `file` for export/extend, `pipe` for mount: a pipe needs the name free. */
  kind: 'file' | 'pipe';
  /** The explicit "write even though git would not ignore it" flag; the caller audits overrideUsed. */
  allowUnignored?: boolean;
  git?: GitGuardOptions;
  /** Latchkey's data folder: nothing is ever written inside it (its ledger, its audit log). */
  dataDir: string;
}

/** Where an export may go, decided before anything is written. */
export interface PreparedTarget {
  /** The real path (parent symlinks resolved): what the ledger records and the sweeper removes. */
  path: string;
  overrideUsed: boolean;
  warnings: string[];
  repoRoot: string | null;
  /** The repository's own folder (where git never looks for untracked files), or null outside a repository. */
  gitDir: string | null;
  /** A regular file is already there: the caller decides whether it may be replaced. */
  existed: boolean;
}

/**
 * Every check an export, a mount and an extend make before writing: a name that is a file name, the real
 * path (no links), a folder that exists and that we may write, never Latchkey's data folder, and git's
 * verdict. Throws the refusal; returns where to write. A check made here holds for the write as long as
 * nobody swaps the folder in between.
 */
export async function prepareTarget(request: TargetRequest): Promise<PreparedTarget> {
  const what = request.kind === 'pipe' ? 'pipe' : 'file';
  checkName(request.requested);
  const requested = path.resolve(request.requested);
  const { target, existed } = await resolveTarget(requested, request.kind, request.dataDir);
  const verdict = await inspectTarget(path.dirname(target), target, request.git);
  const override = request.allowUnignored === true;
  switch (verdict.kind) {
    case 'outside-repo':
      return { path: target, overrideUsed: false, warnings: [], repoRoot: null, gitDir: null, existed };
    case 'ignored':
      return { path: target, overrideUsed: false, warnings: trackedEnvWarning(verdict.trackedEnvFiles), repoRoot: verdict.repoRoot, gitDir: verdict.gitDir, existed };
    case 'not-ignored':
      if (!override) {
        const gitignore = path.join(verdict.repoRoot, '.gitignore');
        throw new AppError(
          'UNSAFE_TARGET',
          `${requested} is inside the git repository ${verdict.repoRoot} and git does not ignore it, so the secrets could be committed. No ${what} was written.`,
          // The line to add travels as `next` (the CLI prints it, the app offers a button that adds it).
          'Once git ignores it, try again. Writing anyway needs the explicit override, which is recorded in the audit log.',
          { next: { action: 'add-gitignore', path: gitignore, line: verdict.gitignoreLine } },
        );
      }
      return { path: target, overrideUsed: true, warnings: trackedEnvWarning(verdict.trackedEnvFiles), repoRoot: verdict.repoRoot, gitDir: verdict.gitDir, existed };
    case 'unknown':
      if (!override) {
        throw new AppError(
          'UNSAFE_TARGET',
          `Latchkey could not tell whether git would ignore ${requested} (${verdict.reason}), so no ${what} was written.`,
          'Install git or make it answer, or choose a folder outside any repository. Writing anyway needs the explicit override, which is recorded in the audit log.',
        );
      }
      return { path: target, overrideUsed: true, warnings: [], repoRoot: null, gitDir: null, existed };
  }
}

/** A name must name a file, and one a .gitignore line can name (git's lines end at a line break). */
function checkName(requested: string): void {
  if (/[\\/]$/.test(requested)) {
    throw new AppError('BAD_REQUEST', `${requested} ends with a slash, so it names a folder, not a file. Nothing was written.`, 'Give a file name, e.g. .env.');
  }
  if (/[\r\n]/.test(requested)) {
    throw new AppError('BAD_REQUEST', `The path ${JSON.stringify(requested)} has a line break in it. Nothing was written.`,
      'No .gitignore line can name such a file; choose a name without line breaks.');
  }
  if (requested.includes('\0')) throw new AppError('BAD_REQUEST', 'The path has a NUL character in it.', 'Choose another name.');
}

/** The real path to write: its folder exists and is writable, is not the data folder, and the target is absent or a plain file. */
async function resolveTarget(requested: string, kind: TargetRequest['kind'], dataDir: string): Promise<{ target: string; existed: boolean }> {
  const parent = path.dirname(requested);
  const name = path.basename(requested);
  let realParent: string;
  try {
    realParent = await fs.realpath(parent);
  } catch {
    throw new AppError('BAD_REQUEST', `The folder ${parent} does not exist, so ${name} cannot be written there.`, 'Create the folder first or choose another location.');
  }
  if (!(await fs.stat(realParent)).isDirectory()) {
    throw new AppError('BAD_REQUEST', `${parent} is not a folder, so ${name} cannot be written there.`, 'Choose a file inside a folder.');
  }
  const target = path.join(realParent, name);
  const realData = await fs.realpath(dataDir).catch(() => path.resolve(dataDir));
  if (target === realData || isInside(realData, target)) {
    throw new AppError('BAD_REQUEST', `${requested} is inside Latchkey's data folder (${realData}), which holds its ledger and audit log. Nothing was written.`,
      'Choose a location outside the data folder.');
  }
  try {
    await fs.access(realParent, constants.W_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
      throw new AppError('BAD_REQUEST', `The folder ${parent} is read-only${code === 'EROFS' ? ' (a read-only filesystem)' : ' for you'}, so ${name} cannot be written there.`,
        'Choose a folder you can write to, or change its permissions.');
    }
    throw error;
  }
  const existing = await fs.lstat(target).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (existing === undefined) return { target, existed: false };
  if (existing.isSymbolicLink()) {
    throw new AppError('UNSAFE_TARGET', `${requested} is a symbolic link. Latchkey does not write through links: it could land in a repository or someone else's file.`,
      'Remove the link or choose another file name.');
  }
  if (kind === 'pipe') throw new AppError('CONFLICT', `${requested} already exists.`, 'Choose another path, or remove the file first.');
  if (existing.isDirectory()) throw new AppError('BAD_REQUEST', `${requested} is a folder, not a file.`, 'Choose a file name inside it, e.g. .env.');
  if (!existing.isFile()) throw new AppError('BAD_REQUEST', `${requested} exists and is not a regular file.`, 'Remove it or choose another file name.');
  return { target, existed: true };
}

function isInside(folder: string, file: string): boolean {
  const relative = path.relative(folder, file);
  return relative !== '' && relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
}

function trackedEnvWarning(tracked: string[]): string[] {
  if (tracked.length === 0) return [];
  const shown = tracked.slice(0, 3).join(', ');
  const more = tracked.length > 3 ? ` and ${tracked.length - 3} more` : '';
  return [`This repository already tracks ${shown}${more}. Check that no real secrets were committed in ${tracked.length === 1 ? 'it' : 'them'}.`];
}
