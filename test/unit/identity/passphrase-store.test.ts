import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PassphraseStore } from '../../../electron/identity/passphrase-store';
import { useTempDirs } from '../../support/temp-dir';

const PASSPHRASE = 'correct horse battery staple (fake)';
const tempDir = useTempDirs();

describe('PassphraseStore', () => {
  it('round-trips entries across reopen and keeps the file private (0600)', async () => {
    const file = path.join(await tempDir(), 'store.json');
    const store = await PassphraseStore.create(file, PASSPHRASE);
    await store.set('vault:acme', 'fake-token-canary-7f3a');
    const reopened = await PassphraseStore.open(file, PASSPHRASE);
    expect(await reopened.get('vault:acme')).toBe('fake-token-canary-7f3a');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('never writes a value or the passphrase in plaintext', async () => {
    const file = path.join(await tempDir(), 'store.json');
    const store = await PassphraseStore.create(file, PASSPHRASE);
    await store.set('k', 'fake-token-canary-7f3a');
    const raw = await readFile(file, 'utf8');
    expect(raw).not.toContain('fake-token-canary-7f3a');
    expect(raw).not.toContain(PASSPHRASE);
    expect(JSON.parse(raw).kdf.alg).toBe('argon2id13');
  });

  it('rejects a wrong passphrase with UNAUTHENTICATED and leaves the file untouched', async () => {
    const file = path.join(await tempDir(), 'store.json');
    const store = await PassphraseStore.create(file, PASSPHRASE);
    await store.set('k', 'fake-value');
    const before = await readFile(file, 'utf8');
    await expect(PassphraseStore.open(file, 'not the passphrase at all')).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await readFile(file, 'utf8')).toBe(before);
  });

  it('refuses short passphrases and refuses to overwrite an existing store', async () => {
    const file = path.join(await tempDir(), 'store.json');
    await expect(PassphraseStore.create(file, 'short')).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await PassphraseStore.create(file, PASSPHRASE);
    await expect(PassphraseStore.create(file, PASSPHRASE)).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('deletes entries and reports whether anything was there', async () => {
    const file = path.join(await tempDir(), 'store.json');
    const store = await PassphraseStore.create(file, PASSPHRASE);
    await store.set('k', 'fake-value');
    expect(await store.delete('k')).toBe(true);
    expect(await store.delete('k')).toBe(false);
    expect(await (await PassphraseStore.open(file, PASSPHRASE)).get('k')).toBeNull();
  });

  it('detects a tampered file as unreadable, not as a wrong passphrase silently passing', async () => {
    const file = path.join(await tempDir(), 'store.json');
    const store = await PassphraseStore.create(file, PASSPHRASE);
    await store.set('k', 'fake-value');
    const parsed = JSON.parse(await readFile(file, 'utf8'));
    const box = Buffer.from(parsed.box, 'base64url');
    box[box.length - 1]! ^= 0xff;
    parsed.box = box.toString('base64url');
    await (await import('node:fs/promises')).writeFile(file, JSON.stringify(parsed));
    await expect(PassphraseStore.open(file, PASSPHRASE)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});
