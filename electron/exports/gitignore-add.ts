import { constants, promises as fs } from 'node:fs';
import path from 'node:path';
import type { GitignoreAdded } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import type { AuditRecord } from '../audit/audit-log';
import { inspectTarget, type GitGuardOptions } from './git-guard';

export interface IgnorePathDeps {
  audit: { append(record: AuditRecord): Promise<unknown> };
  git?: GitGuardOptions;
}

/**
 * The fix the git guard suggests when it refuses an export, done for the user: appends the guard's own line
 * for `target` (anchored at the repository root, special characters escaped) to that repository's root
 * .gitignore. The caller names the export path only: which file changes and what line it gets are git's
 * answer, never the window's. Audited as `gitignore.add`.
 */
export async function ignoreExportPath(deps: IgnorePathDeps, target: string): Promise<GitignoreAdded> {
  const requested = path.resolve(target);
  const dir = await fs.realpath(path.dirname(requested)).catch(() => {
    throw new AppError('BAD_REQUEST', `The folder ${path.dirname(requested)} does not exist.`, 'Create the folder first or choose another location.');
  });
  const real = path.join(dir, path.basename(requested));
  const verdict = await inspectTarget(dir, real, deps.git);
  if (verdict.kind === 'outside-repo') {
    throw new AppError('BAD_REQUEST', `${requested} is not inside a git repository, so there is no .gitignore to change.`, 'An export outside a repository needs no .gitignore line.');
  }
  if (verdict.kind === 'unknown') {
    throw new AppError('UNSAFE_TARGET', `Latchkey could not ask git about ${requested} (${verdict.reason}), so it changed no .gitignore.`, 'Make git answer (is it installed?), then try again.');
  }
  const gitignore = path.join(verdict.repoRoot, '.gitignore');
  if (verdict.kind === 'ignored') return { gitignore, line: '', added: false, ignored: true };

  const line = verdict.gitignoreLine;
  try {
    await appendLine(gitignore, line);
  } catch (error) {
    await deps.audit.append({ action: 'gitignore.add', target: gitignore, outcome: 'failed', details: { line, path: real } }).catch(() => undefined);
    throw error;
  }
  const after = await inspectTarget(dir, real, deps.git);
  const ignored = after.kind === 'ignored';
  await deps.audit.append({ action: 'gitignore.add', target: gitignore, outcome: 'ok', details: { line, path: real, ignored } });
  return { gitignore, line, added: true, ignored };
}

/**
 * Appends `line` on a line of its own. Never through a symbolic link (O_NOFOLLOW; lstat where the flag does
 * not exist): a linked .gitignore could point at a file outside the repository.
 */
async function appendLine(file: string, line: string): Promise<void> {
  const info = await fs.lstat(file).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  if (info && !info.isFile()) {
    throw new AppError('UNSAFE_TARGET', `${file} is not a regular file (a link or a folder), so Latchkey did not change it.`, `Add the line yourself:\n${line}`);
  }
  const flags = constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | (constants.O_NOFOLLOW ?? 0);
  const handle = await fs.open(file, flags, 0o644);
  try {
    const { size } = await handle.stat();
    let prefix = '';
    if (size > 0) {
      const last = Buffer.alloc(1);
      const reader = await fs.open(file, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
      try {
        await reader.read(last, 0, 1, size - 1);
      } finally {
        await reader.close();
      }
      if (last.toString('utf8') !== '\n') prefix = '\n';
    }
    await handle.write(`${prefix}${line}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
}
