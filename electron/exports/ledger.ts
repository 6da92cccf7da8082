import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../fs/atomic';
import { withFileLock } from '../fs/lock';

/** What the ledger remembers about an export: where, what keys, until when — never a value. */
export const ExportRecord = z.object({
  id: z.string(),
  ref: z.string(),
  kind: z.enum(['file', 'mount']),
  path: z.string(),
  format: z.enum(['dotenv', 'json', 'shell', 'docker']),
  keys: z.array(z.string()),
  createdAt: z.string(),
  expiresAt: z.string(),
  /** sha256 of what we wrote: the sweeper deletes only a file that still holds exactly this. */
  contentHash: z.string().nullable(),
  /** Leases and tokens created for this export, revoked when it ends. */
  leases: z.array(z.object({ id: z.string(), backend: z.string(), variable: z.string().optional() })).default([]),
  /** For mounts: the process serving the pipe. */
  pid: z.number().int().optional(),
  overrideUsed: z.boolean().default(false),
  /** Made with an access grant: ends when the grant is given back or revoked, and never outlives it. */
  grant: z.object({ requestId: z.string(), expiresAt: z.string() }).optional(),
});
export type ExportRecord = z.infer<typeof ExportRecord>;

const LedgerFile = z.object({ version: z.literal(1), exports: z.array(ExportRecord) });

/**
 * The on-disk export ledger, shared by the app and every CLI process. Each change is a locked
 * read-modify-write with an atomic replace, so a kill at any point leaves the old or the new ledger.
 */
export class ExportLedger {
  private readonly file: string;
  private readonly lock: string;

  constructor(dataDir: string) {
    this.file = path.join(dataDir, 'exports.json');
    this.lock = path.join(dataDir, 'exports.lock');
  }

  async list(): Promise<ExportRecord[]> {
    return (await this.read()).exports;
  }

  async get(id: string): Promise<ExportRecord | undefined> {
    return (await this.list()).find((r) => r.id === id || r.id.startsWith(id));
  }

  /** Applies `change` to the records under the lock and returns what it returns. */
  async update<T>(change: (records: ExportRecord[]) => { records: ExportRecord[]; result: T } | Promise<{ records: ExportRecord[]; result: T }>): Promise<T> {
    return withFileLock(this.lock, async () => {
      const current = await this.read();
      const { records, result } = await change(current.exports);
      await writeFileAtomic(this.file, JSON.stringify({ version: 1, exports: records }, null, 2) + '\n', { mode: 0o600 });
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
