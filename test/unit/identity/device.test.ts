import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import sodium from 'libsodium-wrappers-sumo';
import { describe, expect, it } from 'vitest';
import { DEVICE_KEY_ACCOUNT, DeviceIdentity, fingerprint } from '../../../electron/identity/device';
import { MemoryStore } from '../../support/memory-store';
import { useTempDirs } from '../../support/temp-dir';

const tempDir = useTempDirs();

describe('DeviceIdentity', () => {
  it('reports no key before first run', async () => {
    const identity = new DeviceIdentity(await tempDir(), new MemoryStore());
    expect(await identity.status()).toEqual({ deviceKeyPresent: false, fingerprint: null, publicKey: null, createdAt: null });
  });

  it('creates an X25519 keypair once and returns the same one afterwards', async () => {
    const dir = await tempDir();
    const store = new MemoryStore();
    const first = await new DeviceIdentity(dir, store).ensure();
    const second = await new DeviceIdentity(dir, store).ensure();
    expect(Buffer.from(second.publicKey)).toEqual(Buffer.from(first.publicKey));
    await sodium.ready;
    // The pair works for what grants need: a box sealed to the public key opens with the private key.
    const sealed = sodium.crypto_box_seal(sodium.from_string('fake-grant'), first.publicKey);
    expect(sodium.to_string(sodium.crypto_box_seal_open(sealed, second.publicKey, second.privateKey))).toBe('fake-grant');
  });

  it('keeps the private key in the secret store only, never in the data dir', async () => {
    const dir = await tempDir();
    const store = new MemoryStore();
    const pair = await new DeviceIdentity(dir, store).ensure();
    await sodium.ready;
    const privateB64 = sodium.to_base64(pair.privateKey);
    expect(store.entries.get(DEVICE_KEY_ACCOUNT)).toBe(privateB64);
    const file = path.join(dir, 'device.json');
    expect(await readFile(file, 'utf8')).not.toContain(privateB64);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('shows a stable fingerprint of the public key', async () => {
    const identity = new DeviceIdentity(await tempDir(), new MemoryStore());
    await identity.ensure();
    const status = await identity.status();
    expect(status.deviceKeyPresent).toBe(true);
    expect(status.fingerprint).toMatch(/^([0-9a-f]{4}:){7}[0-9a-f]{4}$/);
    expect(status.fingerprint).toBe(fingerprint(status.publicKey!));
  });

  it('makes a new keypair when the keychain lost the private half', async () => {
    const dir = await tempDir();
    const store = new MemoryStore();
    const first = await new DeviceIdentity(dir, store).ensure();
    store.entries.clear();
    const second = await new DeviceIdentity(dir, store).ensure();
    expect(Buffer.from(second.publicKey)).not.toEqual(Buffer.from(first.publicKey));
  });
});
