import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeytarStore } from '../../../electron/identity/keychain';
import { keyringSkipReason } from '../../support/keyring';

const skip = await keyringSkipReason();

describe.skipIf(skip !== null)('KeytarStore against a real Secret Service', () => {
  let store: KeytarStore;
  const account = `test-${randomUUID()}`;
  beforeAll(async () => {
    store = await KeytarStore.open();
  });
  afterAll(async () => {
    await store?.delete(account);
  });

  it('stores, reads back and deletes a token under the latchkey service', async () => {
    expect(await store.get(account)).toBeNull();
    await store.set(account, 'fake-token-not-real-1');
    expect(await store.get(account)).toBe('fake-token-not-real-1');
    await store.set(account, 'fake-token-not-real-2');
    expect(await store.get(account)).toBe('fake-token-not-real-2');
    expect(await store.delete(account)).toBe(true);
    expect(await store.get(account)).toBeNull();
    expect(await store.delete(account)).toBe(false);
  });

  it('reports itself as the OS keychain', async () => {
    expect(await store.status()).toMatchObject({ backend: 'keychain' });
  });
});

describe('KeytarStore without a keychain', () => {
  it('refuses with KEYCHAIN_UNAVAILABLE and a hint, never silently', async () => {
    const broken = async () => {
      throw new Error('Cannot autolaunch D-Bus without X11 $DISPLAY');
    };
    await expect(KeytarStore.open(broken as never)).rejects.toMatchObject({
      code: 'KEYCHAIN_UNAVAILABLE',
      message: expect.stringContaining('Cannot autolaunch D-Bus'),
      hint: expect.stringContaining('passphrase-protected store'),
      next: { action: 'init-passphrase-store' },
    });
  });

  it('gives up on a keychain that never answers instead of hanging', async () => {
    const hanging = async () => ({ getPassword: () => new Promise<never>(() => undefined) });
    await expect(KeytarStore.open(hanging as never)).rejects.toMatchObject({ code: 'KEYCHAIN_UNAVAILABLE' });
  }, 10_000);
});
