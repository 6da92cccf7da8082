import { mkdir, readdir, readFile, rm, writeFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { ExportLedger, type ExportRecord } from '../../../electron/exports/ledger';
import { sha256 } from '../../../electron/util/hash';
import { deadStamp } from './ledger-states';
import { endExports, sweepExpired } from '../../../electron/exports/sweeper';
import { useTempDirs } from '../../support/temp-dir';

const tempDir = useTempDirs();

const stamp = await deadStamp();

async function setup(expiresInMs: number, content = 'API_KEY=fake-value-not-real\n') {
  const dir = await tempDir();
  const home = await tempDir();
  const ledger = new ExportLedger(home);
  const file = path.join(dir, '.env');
  await writeFile(file, content, { mode: 0o600 });
  const record: ExportRecord = {
    id: 'exp-1',
    ref: 'acme-vault:payments/dev',
    kind: 'file',
    path: file,
    format: 'dotenv',
    keys: ['API_KEY'],
    createdAt: new Date().toISOString(),
    expiresAt: new Date(Date.now() + expiresInMs).toISOString(),
    contentHash: sha256(content),
    leases: [{ id: 'database/creds/readonly/fake-lease', backend: 'acme-vault' }],
    overrideUsed: false,
  };
  await ledger.update((records) => ({ records: [...records, record], result: undefined }));
  const deps = { ledger, revokeLease: vi.fn(async () => {}), audit: vi.fn(async () => {}), onEnded: vi.fn() };
  return { dir, home, file, ledger, deps };
}

describe('the export sweeper', () => {
  it('leaves an export alone before its time', async () => {
    const { file, ledger, deps } = await setup(60_000);
    expect(await sweepExpired(deps)).toEqual([]);
    expect(await readFile(file, 'utf8')).toContain('API_KEY');
    expect(await ledger.list()).toHaveLength(1);
  });

  it('at expiry removes the file, revokes its leases, audits and notifies', async () => {
    const { file, ledger, deps } = await setup(-1);
    const ended = await sweepExpired(deps);
    expect(ended).toHaveLength(1);
    expect(ended[0]).toMatchObject({ reason: 'expired', fileRemoved: true });
    await expect(stat(file)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await ledger.list()).toEqual([]);
    expect(deps.revokeLease).toHaveBeenCalledWith({ id: 'database/creds/readonly/fake-lease', backend: 'acme-vault' });
    expect(deps.audit).toHaveBeenCalledWith(expect.objectContaining({ action: 'export.expire', target: 'acme-vault:payments/dev', outcome: 'ok' }));
    expect(deps.onEnded).toHaveBeenCalledTimes(1);
  });

  it("removes the temp folder of a writer killed before its rename, whatever its age, and ends the export", async () => {
    const { dir, file, ledger, deps } = await setup(60_000);
    await rm(file); // the crash came before the rename: only the record and the temp exist
    const temp = path.join(dir, '.latchkey-0123456789ab.tmp');
    await mkdir(temp, { mode: 0o700 });
    await writeFile(path.join(temp, '.gitignore'), '*\n');
    await writeFile(path.join(temp, 'export'), 'API_KEY=fake-value-not-real\n');
    await ledger.update((records) => ({ records: records.map((r) => ({ ...r, contentHash: null, pending: { temp, contentHash: sha256('API_KEY=fake-value-not-real\n'), writer: stamp } })), result: undefined }));
    const [ended] = await sweepExpired(deps);
    expect(ended).toMatchObject({ reason: 'interrupted', fileRemoved: false, left: expect.stringContaining('interrupted') });
    expect(await readdir(dir)).toEqual([]);
    expect(await ledger.list()).toEqual([]);
    expect(deps.revokeLease).toHaveBeenCalledTimes(1);
  });

  it('removes an export that expired while nothing was running, from a fresh process view of the ledger', async () => {
    const { home, file, deps } = await setup(-3_600_000);
    const freshLedger = new ExportLedger(home); // what the next app start or CLI command sees
    const ended = await sweepExpired({ ...deps, ledger: freshLedger });
    expect(ended.map((e) => e.record.id)).toEqual(['exp-1']);
    await expect(stat(file)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await freshLedger.list()).toEqual([]);
  });

  it('leaves a file the user edited and says so', async () => {
    const { file, deps } = await setup(-1);
    await writeFile(file, 'API_KEY=edited-by-user\n');
    const [ended] = await sweepExpired(deps);
    expect(ended).toMatchObject({ fileRemoved: false, left: expect.stringContaining('edited') });
    expect(await readFile(file, 'utf8')).toBe('API_KEY=edited-by-user\n');
    expect(deps.revokeLease).toHaveBeenCalled();
  });

  it('says what it left when the file was moved away', async () => {
    const { file, deps } = await setup(-1);
    await (await import('node:fs/promises')).rename(file, file + '.moved');
    const [ended] = await sweepExpired(deps);
    expect(ended).toMatchObject({ fileRemoved: false, left: expect.stringContaining('already gone') });
  });

  it('ends each export once even when two sweepers race', async () => {
    const { home, deps } = await setup(-1);
    const other = { ...deps, ledger: new ExportLedger(home) };
    const [a, b] = await Promise.all([sweepExpired(deps), sweepExpired(other)]);
    expect(a.length + b.length).toBe(1);
    expect(deps.audit).toHaveBeenCalledTimes(1);
  });

  it('revokes on demand with a revoke audit entry', async () => {
    const { file, deps } = await setup(60_000);
    const ended = await endExports(deps, (r) => r.id === 'exp-1', 'revoked');
    expect(ended).toHaveLength(1);
    await expect(stat(file)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(deps.audit).toHaveBeenCalledWith(expect.objectContaining({ action: 'export.revoke' }));
  });
});
