import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ExportFormat } from '../../shared/contract';
import { writeFileAtomic } from '../fs/atomic';
import { withFileLock } from '../fs/lock';
import { ProcessStamp } from '../fs/process-stamp';

const Inode = z.object({ dev: z.number(), ino: z.number() });

/** Why an export ends: its time was up, someone revoked it, its writer died before the file was in place, or its mount stopped by itself. */
export const EndReason = z.enum(['expired', 'revoked', 'interrupted', 'ended']);
export type EndReason = z.infer<typeof EndReason>;

/** What the ledger remembers about an export: where, what keys, until when — never a value. */
export const ExportRecord = z.object({
  id: z.string(),
  ref: z.string(),
  kind: z.enum(['file', 'mount']),
  path: z.string(),
  format: ExportFormat,
  keys: z.array(z.string()),
  createdAt: z.string(),
  expiresAt: z.string(),
  /** sha256 of the file in place: the sweeper deletes only a file that still holds exactly this. Null for
   *  mounts, and for a file whose first write has not finished. */
  contentHash: z.string().nullable(),
  /** Device and inode of what we put at `path` (the file, or the mount's pipe). */
  inode: Inode.optional(),
  /** Leases and tokens created for this export, revoked when it ends. */
  leases: z.array(z.object({ id: z.string(), backend: z.string(), variable: z.string().optional() })).default([]),
  overrideUsed: z.boolean().default(false),
  /**
   * A write in progress (create, or extend's rewrite), recorded before its temp folder exists: if the
   * writer dies, a sweep removes the temp and settles the record from what is at `path`.
   */
  pending: z.object({ temp: z.string(), contentHash: z.string(), writer: ProcessStamp }).optional(),
  /** Mounts: the process serving the pipe, checked (start time, command line) before it is signalled. */
  server: ProcessStamp.optional(),
  /** Someone is ending this export; if that process dies first, the next sweep finishes the job. */
  ending: z.object({ reason: EndReason, by: ProcessStamp }).optional(),
  /** Made with an access grant: ends when the grant is given back or revoked, and never outlives it. */
  grant: z.object({ requestId: z.string(), expiresAt: z.string() }).optional(),
});
export type ExportRecord = z.infer<typeof ExportRecord>;

const LedgerFile = z.object({ version: z.literal(1), exports: z.array(ExportRecord) });

/** The record without its write in progress: that write is done, taken back or abandoned. */
export function withoutPending(record: ExportRecord): ExportRecord {
  const { pending: _gone, ...rest } = record;
  return rest;
}

/** Shown by `exports`, found by `extend`/`revoke`: in place, not ending, not yet expired. */
export function isActive(record: ExportRecord, now: number): boolean {
  return record.ending === undefined && Date.parse(record.expiresAt) > now && (record.kind === 'mount' || record.contentHash !== null);
}

/**
 * The on-disk export ledger, shared by the app and every CLI process. Each change is a locked
 * read-modify-write with an atomic replace, so a kill at any point leaves the old or the new ledger.
 */
export class ExportLedger {
  private readonly file: string;
  private readonly lock: string;

  constructor(readonly dataDir: string) {
    this.file = path.join(dataDir, 'exports.json');
    this.lock = path.join(dataDir, 'exports.lock');
  }

  async list(): Promise<ExportRecord[]> {
    return (await this.read()).exports;
  }

  /**
   * Applies `change` to the records under the lock and returns what it returns. A change that hands back
   * the very array it was given changed nothing, and nothing is written.
   */
  async update<T>(change: (records: ExportRecord[]) => { records: ExportRecord[]; result: T } | Promise<{ records: ExportRecord[]; result: T }>): Promise<T> {
    return withFileLock(this.lock, async () => {
      const current = await this.read();
      const { records, result } = await change(current.exports);
      if (records !== current.exports) {
        await writeFileAtomic(this.file, JSON.stringify({ version: 1, exports: records }, null, 2) + '\n', { mode: 0o600 });
      }
      return result;
    });
  }

  private async read(): Promise<z.infer<typeof LedgerFile>> {
    let text: string;
    try {
      text = await fs.readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, exports: [] };
      throw error;
    }
    return LedgerFile.parse(JSON.parse(text));
  }
}
