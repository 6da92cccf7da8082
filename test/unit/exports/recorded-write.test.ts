import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AuditLog } from '../../../electron/audit/audit-log';
import { ExportLedger, type ExportRecord } from '../../../electron/exports/ledger';
import { writeRecordedExport } from '../../../electron/exports/recorded-write';
import { sha256 } from '../../../electron/exports/shred';
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
    contentHash: sha256(CONTENT),
    leases: [],
    overrideUsed: false,
  };
  const entry = { action: 'export.create', target: record.ref, outcome: 'ok' as const, details: { id: record.id } };
  const auditLines = async () => (await fs.readFile(audit.file, 'utf8').catch(() => '')).split('\n').filter(Boolean);
  return { out, ledger, audit, record, entry, auditLines };
}

describe('writeRecordedExport', () => {
  it('writes the file, its ledger record and its audit entry', async () => {
    const { ledger, audit, record, entry, auditLines } = await setup();
    await writeRecordedExport({ ledger, audit }, record, CONTENT, [entry]);
    expect(await fs.readFile(record.path, 'utf8')).toBe(CONTENT);
    expect((await fs.stat(record.path)).mode & 0o777).toBe(0o600);
    expect(await ledger.list()).toEqual([record]);
    expect((await auditLines()).map((l) => JSON.parse(l).action)).toEqual(['export.create']);
  });

  it('lets neither the file nor the audit entry appear before the ledger holds the record', async () => {
    const { out, ledger, audit, record, entry, auditLines } = await setup();
    const seenWhileRecording: string[][] = [];
    const slowLedger = Object.create(ledger) as ExportLedger;
    slowLedger.update = async (change) => {
      // Give the temp file and the audit preparation every chance to run ahead.
      await new Promise((resolve) => setTimeout(resolve, 100));
      seenWhileRecording.push([...(await fs.readdir(out)).filter((n) => n === '.env'), ...(await auditLines())]);
      return ledger.update(change);
    };
    await writeRecordedExport({ ledger: slowLedger, audit }, record, CONTENT, [entry]);
    expect(seenWhileRecording).toEqual([[]]);
    expect(await fs.readFile(record.path, 'utf8')).toBe(CONTENT);
    expect(await auditLines()).toHaveLength(1);
  });

  it('when the ledger cannot be written: no file, no temp file, no audit entry, and the error', async () => {
    const { out, ledger, audit, record, entry, auditLines } = await setup();
    const broken = Object.create(ledger) as ExportLedger;
    broken.update = async () => {
      throw new Error('disk full (fake)');
    };
    await expect(writeRecordedExport({ ledger: broken, audit }, record, CONTENT, [entry])).rejects.toThrow('disk full (fake)');
    expect(await fs.readdir(out)).toEqual([]);
    expect(await auditLines()).toEqual([]);
    // The audit log still works afterwards (its lock and queue were released).
    await audit.append(entry);
    expect(await auditLines()).toHaveLength(1);
  });

  it('when the file cannot be written: the record is taken back out and nothing is audited', async () => {
    const { ledger, audit, record, entry, auditLines } = await setup();
    const nowhere = { ...record, path: path.join(path.dirname(record.path), 'missing-folder', '.env') };
    await expect(writeRecordedExport({ ledger, audit }, nowhere, CONTENT, [entry])).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await ledger.list()).toEqual([]);
    expect(await auditLines()).toEqual([]);
  });

  it('when the audit entry cannot be written: the file and the record are removed again', async () => {
    const { out, ledger, record, entry } = await setup();
    const audit = { append: async (_e: unknown, options?: { after?: Promise<unknown> }) => {
      await options?.after;
      throw new Error('keychain locked (fake)');
    } };
    await expect(writeRecordedExport({ ledger, audit }, record, CONTENT, [entry])).rejects.toThrow('keychain locked (fake)');
    expect(await fs.readdir(out)).toEqual([]);
    expect(await ledger.list()).toEqual([]);
  });
});
