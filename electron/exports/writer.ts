import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../shared/errors';
import { tempNamePattern, writeFileAtomic } from '../fs/atomic';
import { inspectTarget, type GitGuardOptions } from './git-guard';

export interface WriteExportRequest {
  /** Where the export goes; relative paths are taken from the current directory. */
  target: string;
  content: string | Uint8Array;
  mode?: number;
  /** The explicit "write even though git would not ignore it" flag. The caller must audit overrideUsed. */
  allowUnignored?: boolean;
  git?: GitGuardOptions;
}

export interface WriteExportResult {
  /** The real path written (parent symlinks resolved): what the sweeper must delete later. */
  path: string;
  /** sha256 (hex) of the bytes written, so the sweeper deletes only a file that is still ours. */
  sha256: string;
  bytes: number;
  /** True when the git guard would have refused and allowUnignored let the write through. */
  overrideUsed: boolean;
  warnings: string[];
  /** The git work tree around the file, or null outside any repository. */
  repoRoot: string | null;
}

/** Where an export may go, decided before anything is written (see prepareExport). */
export interface PreparedTarget {
  /** The real path to write (parent symlinks resolved): what the sweeper must delete later. */
  path: string;
  overrideUsed: boolean;
  warnings: string[];
  repoRoot: string | null;
  /** A regular file is already there: the caller decides whether it may be replaced. */
  existed: boolean;
}

/**
 * Writes an export file safely: never through a symlink, never into a git work tree where the file would
 * not be ignored (unless overridden), atomically (temp + fsync + rename) and readable only by the user.
 */
export async function writeExport(request: WriteExportRequest): Promise<WriteExportResult> {
  const prepared = await prepareExport(request);
  const bytes = typeof request.content === 'string' ? Buffer.from(request.content, 'utf8') : request.content;
  await writeFileAtomic(prepared.path, bytes, { mode: request.mode ?? 0o600 });
  return { ...prepared, sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.byteLength };
}

/**
 * Every check writeExport makes before it writes: the real target path (no links, a folder that exists)
 * and git's verdict. Throws the refusal; returns where to write. The caller writes with writeFileAtomic or
 * stageFileAtomic to that path — a check made here holds for the write as long as nobody swaps the
 * folder in between, which is no different from writeExport's own gap between check and write.
 */
export async function prepareExport(request: Pick<WriteExportRequest, 'target' | 'allowUnignored' | 'git'>): Promise<PreparedTarget> {
  const requested = path.resolve(request.target);
  const { target, existed } = await resolveWritableTarget(requested);
  const verdict = await inspectTarget(path.dirname(target), target, request.git);
  let overrideUsed = false;
  let repoRoot: string | null = null;
  let trackedEnvFiles: string[] = [];
  switch (verdict.kind) {
    case 'outside-repo':
      break;
    case 'ignored':
      repoRoot = verdict.repoRoot;
      trackedEnvFiles = verdict.trackedEnvFiles;
      break;
    case 'not-ignored':
      repoRoot = verdict.repoRoot;
      trackedEnvFiles = verdict.trackedEnvFiles;
      if (request.allowUnignored !== true) {
        throw new AppError(
          'UNSAFE_TARGET',
          `${requested} is inside the git repository ${verdict.repoRoot} and git does not ignore it, so the secrets could be committed. Nothing was written.`,
          // The line to add travels as `next` (the CLI prints it, the app offers a button that adds it).
          'Once git ignores it, export again. Writing anyway needs the explicit override, which is recorded in the audit log.',
          { next: { action: 'add-gitignore', path: path.join(verdict.repoRoot, '.gitignore'), line: verdict.gitignoreLine } },
        );
      }
      overrideUsed = true;
      break;
    case 'unknown':
      if (request.allowUnignored !== true) {
        throw new AppError(
          'UNSAFE_TARGET',
          `Latchkey could not tell whether git would ignore ${requested} (${verdict.reason}), so it did not write it.`,
          'Install git or make it answer, or choose a folder outside any repository. Writing anyway needs the explicit override, which is recorded in the audit log.',
        );
      }
      overrideUsed = true;
      break;
  }
  return { path: target, overrideUsed, warnings: trackedEnvWarning(trackedEnvFiles), repoRoot, existed };
}

/** The real path to write: its folder exists and the target is absent or a plain file, never a link. */
async function resolveWritableTarget(requested: string): Promise<{ target: string; existed: boolean }> {
  const parent = path.dirname(requested);
  let realParent: string;
  try {
    realParent = await fs.realpath(parent);
  } catch {
    throw new AppError('BAD_REQUEST', `The folder ${parent} does not exist, so ${path.basename(requested)} cannot be written there.`, 'Create the folder first or choose another location.');
  }
  if (!(await fs.stat(realParent)).isDirectory()) {
    throw new AppError('BAD_REQUEST', `${parent} is not a folder, so ${path.basename(requested)} cannot be written there.`, 'Choose a file inside a folder.');
  }
  const target = path.join(realParent, path.basename(requested));
  const existing = await fs.lstat(target).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (existing?.isSymbolicLink()) {
    throw new AppError(
      'UNSAFE_TARGET',
      `${requested} is a symbolic link. Latchkey does not write through links: it could land in a repository or someone else's file.`,
      'Remove the link or choose another file name.',
    );
  }
  if (existing?.isDirectory()) {
    throw new AppError('BAD_REQUEST', `${requested} is a folder, not a file.`, 'Choose a file name inside it, e.g. .env.');
  }
  if (existing !== undefined && !existing.isFile()) {
    throw new AppError('BAD_REQUEST', `${requested} exists and is not a regular file.`, 'Remove it or choose another file name.');
  }
  return { target, existed: existing !== undefined };
}

function trackedEnvWarning(tracked: string[]): string[] {
  if (tracked.length === 0) return [];
  const shown = tracked.slice(0, 3).join(', ');
  const more = tracked.length > 3 ? ` and ${tracked.length - 3} more` : '';
  return [`This repository already tracks ${shown}${more}. Check that no real secrets were committed in ${tracked.length === 1 ? 'it' : 'them'}.`];
}

/**
 * Removes temp files a killed writer left next to `name` in `dir` (only names matching our temp pattern,
 * only regular files, only older than `olderThanMs` so a write in progress elsewhere is left alone).
 * Returns the names removed.
 */
export async function cleanupStaleTemps(dir: string, name: string, options: { olderThanMs?: number } = {}): Promise<string[]> {
  const olderThanMs = options.olderThanMs ?? 60_000;
  const pattern = tempNamePattern(name);
  const removed: string[] = [];
  const entries = await fs.readdir(dir).catch(() => [] as string[]);
  for (const entry of entries) {
    if (!pattern.test(entry)) continue;
    const full = path.join(dir, entry);
    const info = await fs.lstat(full).catch(() => undefined);
    if (info === undefined || !info.isFile() || Date.now() - info.mtimeMs < olderThanMs) continue;
    await fs.rm(full, { force: true });
    removed.push(entry);
  }
  return removed;
}
