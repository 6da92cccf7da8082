import { randomBytes } from 'node:crypto';
import type { events, ExportSummary } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import type { z } from 'zod';
import type { ExportRecord } from './ledger';
import type { EndedExport } from './sweeper';

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

/**
 * What the app hears when an export ends (`exports:expired`), or null when there is nothing to tell: an
 * interrupted write was never listed. A mount that stopped by itself before its time (read limit, stop)
 * says `revoked`; one that ran to its end says `expired`.
 */
export function endingEvent(ended: EndedExport, now: number): z.infer<(typeof events)['exports:expired']> | null {
  const { record } = ended;
  if (ended.reason === 'interrupted') return null;
  const timeUp = ended.reason === 'expired' || (ended.reason === 'ended' && Date.parse(record.expiresAt) <= now);
  // A mount's pipe goes away with its server (fifo.ts): unless something was left, nothing is on disk.
  const fileRemoved = ended.fileRemoved || (record.kind === 'mount' && ended.left === undefined);
  return { id: record.id, ref: record.ref, path: record.path, reason: timeUp ? 'expired' : 'revoked', fileRemoved, left: ended.left ?? null };
}
