import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ensurePrivateDir, writeFileAtomic } from '../fs/atomic';

const CacheFile = z.object({ version: z.literal(1), records: z.record(z.string(), z.string()) });

/**
 * Ledger records already read, by path, for a ledger whose records can never change once written (the
 * Vault policies allow create, never update). Listing still decides which records exist, and every
 * signature is checked again on each use, so the cache only saves the reads: an approver's inbox of 1,000
 * requests costs its listings after the first look, not 1,000 reads. Holds no credential (grants are sealed).
 */
export class RecordCache {
  private loaded: Map<string, string> | null = null;
  private dirty = false;

  constructor(private readonly file: string) {}

  static for(dataDir: string, backend: string): RecordCache {
    return new RecordCache(path.join(dataDir, 'access', `ledger-cache-${backend}.json`));
  }

  async records(): Promise<Map<string, string>> {
    if (this.loaded) return this.loaded;
    try {
      this.loaded = new Map(Object.entries(CacheFile.parse(JSON.parse(await fs.readFile(this.file, 'utf8'))).records));
    } catch {
      // None yet, or damaged: start empty (it is only a cache).
      this.loaded = new Map();
    }
    return this.loaded;
  }

  async remember(recordPath: string, text: string): Promise<void> {
    (await this.records()).set(recordPath, text);
    this.dirty = true;
  }

  async save(): Promise<void> {
    if (!this.dirty || !this.loaded) return;
    this.dirty = false;
    await ensurePrivateDir(path.dirname(this.file));
    await writeFileAtomic(this.file, JSON.stringify({ version: 1, records: Object.fromEntries(this.loaded) }), { mode: 0o600 });
  }
}
