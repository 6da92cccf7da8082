import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AuditLog } from '../../../electron/audit/audit-log';
import { ExportLedger, type ExportRecord } from '../../../electron/exports/ledger';
import { writeRecorded, type RecordedWrite } from '../../../electron/exports/recorded-write';
import { sha256 } from '../../../electron/util/hash';
import { MemoryStore } from '../../support/memory-store';
import { useTempDirs } from '../../support/temp-dir';

const tempDir = useTempDirs();
const CONTENT = 'API_KEY="fake-token-not-real"\n';

async function setup() {
  const home = await tempDir();
  const out = await tempDir();
  const ledger = new ExportLedger(home);
  const audit = new AuditLog({ dataDir: home, store: new MemoryStore(), device: async () => null, user: 'tester' });
  const record: ExportRecord = {
    id: 'abc123',
    ref: 'acme-vault:payments/dev',
    kind: 'file',
    path: path.join(out, '.env'),
    format: 'dotenv',
    keys: ['API_KEY'],
    createdAt: new Date().toISOString(),
    expiresAt: new Date(Date.now() + 60_000).toISOString(),
    contentHash: null,
    leases: [],
    overrideUsed: false,
  };
  const entry = { action: 'export.create', target: record.ref, outcome: 'ok' as const, details: { id: record.id } };
  const auditLines = async () => (await fs.readFile(audit.file, 'utf8').catch(() => '')).split('\n').filter(Boolean);
  /** The create a service would make: add the record (with its pending write), undo by taking it out. */
  const write = (target = record): RecordedWrite => ({
    id: target.id,
    path: target.path,
    gitDir: null,
    content: CONTENT,
    intent: (records, pending) => [...records, { ...target, pending }],
    undo: (records) => records.filter((r) => r.id !== target.id),
    audited: [entry],
  });
  return { out, ledger, audit, record, entry, auditLines, write };
}

describe('writeRecorded', () => {
  it('writes the file (0600), its ledger record settled with hash and inode, and its audit entry', async () => {
    const { out, ledger, audit, record, auditLines, write } = await setup();
    const settled = await writeRecorded({ ledger, audit }, write());
    expect(await fs.readFile(record.path, 'utf8')).toBe(CONTENT);
    const stat = await fs.stat(record.path);
    expect(stat.mode & 0o777).toBe(0o600);
    expect(settled).toEqual({ ...record, contentHash: sha256(CONTENT), inode: { dev: stat.dev, ino: stat.ino } });
    expect(await ledger.list()).toEqual([settled]);
    expect(await fs.readdir(out)).toEqual(['.env']); // the temp folder is gone
    expect((await auditLines()).map((l) => JSON.parse(l).action)).toEqual(['export.create']);
  });

  it('lets neither the temp, the file nor the audit entry appear before the ledger holds the intent', async () => {
    const { out, ledger, audit, record, auditLines, write } = await setup();
    const seenWhileRecording: string[][] = [];
    const slowLedger = Object.create(ledger) as ExportLedger;
    slowLedger.update = async (change) => {
      // Give the temp file and the audit preparation every chance to run ahead.
      if (seenWhileRecording.length === 0) await new Promise((resolve) => setTimeout(resolve, 100));
      seenWhileRecording.push([...(await fs.readdir(out)), ...(await auditLines())]);
      return ledger.update(change);
    };
    await writeRecorded({ ledger: slowLedger, audit }, write());
    // The intent (first update) saw nothing on disk; the settle (second) saw only the file in place and the line.
    expect(seenWhileRecording).toEqual([[], ['.env', expect.stringContaining('export.create')]]);
    expect(await fs.readFile(record.path, 'utf8')).toBe(CONTENT);
    expect(await auditLines()).toHaveLength(1);
  });

  it('when the ledger cannot be written: no file, no temp file, no audit entry, and the error', async () => {
    const { out, ledger, audit, entry, auditLines, write } = await setup();
    const broken = Object.create(ledger) as ExportLedger;
    broken.update = async () => {
      throw new Error('disk full (fake)');
    };
    await expect(writeRecorded({ ledger: broken, audit }, write())).rejects.toThrow('disk full (fake)');
    expect(await fs.readdir(out)).toEqual([]);
    expect(await auditLines()).toEqual([]);
    // The audit log still works afterwards (its lock and queue were released).
    await audit.append(entry);
    expect(await auditLines()).toHaveLength(1);
  });

  it('when the file cannot be written: the record is taken back out and nothing is audited', async () => {
    const { ledger, audit, record, auditLines, write } = await setup();
    const nowhere = { ...record, path: path.join(path.dirname(record.path), 'missing-folder', '.env') };
    await expect(writeRecorded({ ledger, audit }, write(nowhere))).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await ledger.list()).toEqual([]);
    expect(await auditLines()).toEqual([]);
  });

  it('when the audit entry cannot be written: the file and the record are removed again', async () => {
    const { out, ledger, write } = await setup();
    const audit = { append: async (_e: unknown, options?: { after?: Promise<unknown> }) => {
      await options?.after;
      throw new Error('keychain locked (fake)');
    } };
    await expect(writeRecorded({ ledger, audit }, write())).rejects.toThrow('keychain locked (fake)');
    expect(await fs.readdir(out)).toEqual([]);
    expect(await ledger.list()).toEqual([]);
  });
});
