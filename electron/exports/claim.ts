import { AppError } from '../../shared/errors';
import type { AuditRecord } from '../audit/audit-log';
import { isRunning } from '../fs/process-stamp';
import { isActive, type ExportRecord } from './ledger';
import type { PreparedTarget } from './target';

export interface ClaimOptions {
  /** The path as the person gave it, for messages. */
  requested: string;
  /** A regular file was at the path when the target was checked. */
  existed: boolean;
  /** Overwrite a file Latchkey did not write (the CLI's --replace). */
  replaceExisting: boolean;
  now: number;
}

/**
 * The ledger half of the step create, mount and extend share (the other half is prepareTarget): one path
 * has one owner. Run inside ledger.update, so of two exports racing for a path exactly one records its
 * intent and the other is refused, naming the winner. Also run on a snapshot before any secret is read,
 * so a refusal costs nothing.
 */
export async function claimPath(records: ExportRecord[], record: ExportRecord, options: ClaimOptions): Promise<ExportRecord[]> {
  for (const other of records) {
    if (other.path !== record.path || other.id === record.id || other.ending !== undefined) continue;
    if (other.pending !== undefined && (await isRunning(other.pending.writer))) {
      throw new AppError('CONFLICT', `${options.requested} is being written right now by export ${other.id} of ${other.ref}. Nothing was written.`,
        'Wait for it to finish, then extend or revoke that export.', { next: { action: 'list-exports' } });
    }
    if (isActive(other, options.now)) {
      throw new AppError('CONFLICT', `${options.requested} is already an active export of ${other.ref} (id ${other.id}). Nothing was written.`,
        'Extend that export to keep it longer, or revoke it and export again.', { next: { action: 'extend-export', id: other.id } });
    }
  }
  // An export must never silently destroy a file: a hand-written `.env` is lost data.
  if (options.existed && !options.replaceExisting) {
    throw new AppError('CONFLICT', `${options.requested} already exists and Latchkey did not write it. Nothing was written.`,
      'Move it aside or choose another file.', { next: { action: 'replace-file', path: record.path } });
  }
  return [...records, record];
}

/** The audit lines that say an export or mount began: the git override first, when it was used. */
export function claimAudits(record: ExportRecord, target: PreparedTarget, entry: AuditRecord): AuditRecord[] {
  const override: AuditRecord[] = target.overrideUsed
    ? [{ action: 'export.override', target: record.ref, outcome: 'ok', details: { id: record.id, path: record.path, reason: `git does not ignore the ${record.kind === 'mount' ? 'pipe' : 'file'}` } }]
    : [];
  return [...override, entry];
}
