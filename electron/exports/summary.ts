import { randomBytes } from 'node:crypto';
import type { ExportSummary } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import type { ExportRecord } from './ledger';

/** What the UI and `latchkey exports` show of a record: never a hash, an inode or a process. */
export function toSummary(record: ExportRecord, now: number): ExportSummary {
  return {
    id: record.id,
    ref: record.ref,
    kind: record.kind,
    path: record.path,
    format: record.format,
    keys: record.keys,
    createdAt: record.createdAt,
    expiresAt: record.expiresAt,
    secondsLeft: Math.max(0, Math.floor((Date.parse(record.expiresAt) - now) / 1000)),
    overrideUsed: record.overrideUsed,
  };
}

export function notFound(id: string): AppError {
  return new AppError('NOT_FOUND', `No active export with id "${id}" (it may have expired or been revoked already).`, undefined, { next: { action: 'list-exports' } });
}

/** Short enough to type, random enough not to collide within one person's exports. */
export const newId = () => randomBytes(5).toString('hex');

/** A refusal by the backend is `denied` in the audit log; anything else that stopped us is `failed`. */
export const outcomeOf = (error: AppError) => (error.code === 'FORBIDDEN' || error.code === 'UNAUTHENTICATED' ? 'denied' : 'failed');
