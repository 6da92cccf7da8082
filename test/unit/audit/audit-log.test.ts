import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AuditLog } from '../../../electron/audit/audit-log';
import { MemoryStore } from '../../support/memory-store';
import { useTempDirs } from '../../support/temp-dir';

const tempDir = useTempDirs();
// The keychain account names the README documents.
const AUDIT_KEY_ACCOUNT = 'audit-hmac-key';
const AUDIT_ANCHOR_ACCOUNT = 'audit-anchor';

async function logWith(entries: number) {
  const dir = await tempDir();
  const store = new MemoryStore();
  const log = new AuditLog({ dataDir: dir, store, device: async () => 'abcd:ef01', user: 'tester' });
  for (let i = 1; i <= entries; i++) {
    await log.append({ action: 'secret.reveal', target: `acme-vault:payments/env${i}`, outcome: 'ok', details: { key: `KEY_${i}` } });
  }
  const lines = async () => (await fs.readFile(log.file, 'utf8')).split('\n').filter(Boolean);
  const write = async (next: string[]) => fs.writeFile(log.file, next.map((l) => `${l}\n`).join(''));
  return { dir, store, log, lines, write };
}

describe('audit log', () => {
  it('chains entries, signs them with a key it creates in the secret store, and verifies clean', async () => {
    const { log, store, lines } = await logWith(3);
    expect(store.entries.has(AUDIT_KEY_ACCOUNT)).toBe(true);
    const entries = (await lines()).map((l) => JSON.parse(l));
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(entries[0]).toMatchObject({ action: 'secret.reveal', outcome: 'ok', actor: { user: 'tester', device: 'abcd:ef01' }, prev: '0'.repeat(64) });
    expect(entries[1].prev).not.toBe(entries[0].prev);
    expect(entries[0].hmac).toMatch(/^[0-9a-f]{64}$/);
    expect(await log.verify()).toEqual({ ok: true, entries: 3 });
  });

  it('writes the log readable by its owner only', async () => {
    const { log } = await logWith(1);
    expect((await fs.stat(log.file)).mode & 0o777).toBe(0o600);
  });

  it('detects an edited line and names it', async () => {
    const { log, lines, write } = await logWith(4);
    const all = await lines();
    all[2] = all[2]!.replace('"outcome":"ok"', '"outcome":"failed"');
    await write(all);
    expect(await log.verify()).toMatchObject({ ok: false, badLine: 3, problem: expect.stringContaining('edited') });
  });

  it('detects a deleted line in the middle and names where the gap is', async () => {
    const { log, lines, write } = await logWith(5);
    const all = await lines();
    all.splice(1, 1);
    await write(all);
    expect(await log.verify()).toMatchObject({ ok: false, badLine: 2, problem: expect.stringContaining('deleted') });
  });

  it('detects reordered lines and names the first one out of place', async () => {
    const { log, lines, write } = await logWith(5);
    const all = await lines();
    [all[2], all[3]] = [all[3]!, all[2]!];
    await write(all);
    expect(await log.verify()).toMatchObject({ ok: false, badLine: 3 });
  });

  it('detects lines cut off the end', async () => {
    const { log, lines, write } = await logWith(4);
    await write((await lines()).slice(0, 2));
    expect(await log.verify()).toMatchObject({ ok: false, badLine: 3, problem: expect.stringContaining('cut off') });
  });

  it('keeps a truncation visible after new entries are appended', async () => {
    const { log, lines, write } = await logWith(4);
    await write((await lines()).slice(0, 2));
    await log.append({ action: 'login', target: 'acme-vault', outcome: 'ok' });
    expect(await log.verify()).toMatchObject({ ok: false, badLine: 3 });
  });

  it('detects lines cut off the end even when audit.head is deleted too', async () => {
    const { dir, log, lines, write } = await logWith(4);
    await write((await lines()).slice(0, 2));
    await fs.rm(path.join(dir, 'audit.head'), { force: true });
    expect(await log.verify()).toMatchObject({ ok: false, badLine: 3, problem: expect.stringContaining('4 entries were written') });
  });

  it('detects a deleted log: no entries is not "ok" once entries were written', async () => {
    const { dir, log } = await logWith(3);
    await fs.rm(log.file);
    await fs.rm(path.join(dir, 'audit.head'), { force: true });
    expect(await log.verify()).toMatchObject({ ok: false, entries: 0, problem: expect.stringMatching(/missing or empty.*3 entries were written/) });
  });

  it('detects a rollback: an older copy of the data dir put back', async () => {
    const { dir, log } = await logWith(2);
    // Whatever the data dir holds about the log, copied and put back later.
    await fs.cp(dir, `${dir}-copy`, { recursive: true });
    for (let i = 0; i < 2; i++) await log.append({ action: 'export.create', target: 'acme-vault:payments/prod', outcome: 'ok' });
    await fs.rm(dir, { recursive: true });
    await fs.rename(`${dir}-copy`, dir);
    expect(await log.verify()).toMatchObject({ ok: false, badLine: 3, problem: expect.stringContaining('4 entries were written') });
  });

  it('accepts one entry past the keychain anchor (killed between the append and the anchor write) and repairs it on the next append', async () => {
    const { store, log } = await logWith(3);
    const anchor = store.entries.get(AUDIT_ANCHOR_ACCOUNT);
    expect(JSON.parse(anchor!)).toMatchObject({ seq: 3 });
    await log.append({ action: 'login', target: 'acme-vault', outcome: 'ok' });
    store.entries.set(AUDIT_ANCHOR_ACCOUNT, anchor!); // as if the process died before the keychain write
    expect(await log.verify()).toEqual({ ok: true, entries: 4 });
    await log.append({ action: 'login', target: 'acme-vault', outcome: 'ok' });
    expect(JSON.parse(store.entries.get(AUDIT_ANCHOR_ACCOUNT)!)).toMatchObject({ seq: 5 });
    expect(await log.verify()).toEqual({ ok: true, entries: 5 });
  });

  it('keeps the line when the anchor write fails, and verify still passes', async () => {
    const { store, log } = await logWith(2);
    const set = store.set.bind(store);
    store.set = async (account, value) => {
      if (account === AUDIT_ANCHOR_ACCOUNT) throw new Error('keychain went away');
      return set(account, value);
    };
    await expect(log.append({ action: 'login', target: 'acme-vault', outcome: 'ok' })).rejects.toThrow();
    store.set = set;
    expect(await log.verify()).toEqual({ ok: true, entries: 3 });
  });

  it('refuses two entries past the anchor: they were not written by this log', async () => {
    const { store, log } = await logWith(2);
    const anchor = store.entries.get(AUDIT_ANCHOR_ACCOUNT)!;
    for (let i = 0; i < 2; i++) await log.append({ action: 'login', target: 'acme-vault', outcome: 'ok' });
    store.entries.set(AUDIT_ANCHOR_ACCOUNT, anchor);
    expect(await log.verify()).toMatchObject({ ok: false, badLine: 4, problem: expect.stringContaining('anchor') });
  });

  it('detects a forged line written without the keychain key', async () => {
    const { log, lines, write } = await logWith(2);
    const all = await lines();
    const forged = { ...JSON.parse(all[1]!), target: 'acme-vault:payments/prod', hmac: 'f'.repeat(64) };
    all[1] = JSON.stringify(forged);
    await write(all);
    expect(await log.verify()).toMatchObject({ ok: false, badLine: 2 });
  });

  it('serializes concurrent appends from two writers into one unbroken chain', async () => {
    const { dir, store, log } = await logWith(0);
    const other = new AuditLog({ dataDir: dir, store, device: async () => null, user: 'tester' });
    await Promise.all(
      Array.from({ length: 24 }, (_, i) => (i % 2 ? log : other).append({ action: 'login', target: `b${i}`, outcome: 'ok' })),
    );
    expect(await log.verify()).toEqual({ ok: true, entries: 24 });
    expect((await log.list()).map((e) => e.seq)).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
    await expect(fs.access(path.join(dir, 'audit.log.lock'))).rejects.toThrow();
  });

  it('flush() waits for every append already started, written or failed', async () => {
    const { log, lines } = await logWith(0);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const pending = log.append({ action: 'login', target: 'acme-vault', outcome: 'ok' }, { after: gate });
    const actionFailed = Promise.reject(new Error('the action failed'));
    actionFailed.catch(() => undefined); // awaited by the append; not an unhandled rejection meanwhile
    const failing = log.append({ action: 'login', target: 'b', outcome: 'ok' }, { after: actionFailed });
    let flushed = false;
    const flush = log.flush().then(() => (flushed = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(flushed).toBe(false);
    release();
    await flush;
    await pending;
    await expect(failing).rejects.toThrow('the action failed');
    expect((await lines()).map((l) => JSON.parse(l).target)).toEqual(['acme-vault']);
  });

  it('refuses details that look like a secret value', async () => {
    const { log } = await logWith(0);
    expect(() => log.append({ action: 'secret.reveal', target: 'x:y/z', outcome: 'ok', details: { value: 'fake-value-not-real' } })).toThrow(/value/);
  });

  it('lists the last N entries, oldest first', async () => {
    const { log } = await logWith(5);
    expect((await log.list(2)).map((e) => e.seq)).toEqual([4, 5]);
  });
});
