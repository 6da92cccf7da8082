import { describe, expect, it } from 'vitest';
import { scopeStore } from '../../../electron/identity/scoped-store';
import { MemoryStore } from '../../support/memory-store';

describe('scopeStore', () => {
  it('keeps two data dirs from reading or overwriting each other in one keychain', async () => {
    const keychain = new MemoryStore();
    const home1 = scopeStore(keychain, '/home/dev/.config/latchkey');
    const home2 = scopeStore(keychain, '/tmp/latchkey-test-home');
    await home1.set('device-private-key', 'fake-key-one');
    await home2.set('device-private-key', 'fake-key-two');
    expect(await home1.get('device-private-key')).toBe('fake-key-one');
    expect(await home2.get('device-private-key')).toBe('fake-key-two');
    expect(await home2.delete('device-private-key')).toBe(true);
    expect(await home1.get('device-private-key')).toBe('fake-key-one');
    expect(keychain.entries.size).toBe(1);
  });
});
