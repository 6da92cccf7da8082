import { describe, expect, it } from 'vitest';
import { BackendConfig } from '../../../shared/backends';
import { bindCredentials, hasBoundCredential } from '../../../electron/backends/credential-binding';
import { identityChanges, identityFingerprint } from '../../../electron/backends/identity';
import { tokenAccount } from '../../../electron/backends/types';
import { MemoryStore } from '../../support/memory-store';

const vault = (extra: object = {}) => BackendConfig.parse({ name: 'acme', kind: 'vault', url: 'https://vault.acme.test:8200', ...extra });
const TOKEN = 'fake-token-not-real';

describe('a stored credential is bound to the identity it was made for', () => {
  it('reads back only for the same kind, url, namespace and sign-in method', async () => {
    const store = new MemoryStore();
    await bindCredentials(store, vault()).set(tokenAccount('acme'), TOKEN);
    expect(store.entries.get(tokenAccount('acme'))).not.toBe(TOKEN); // stored with its fingerprint
    expect(await bindCredentials(store, vault()).get(tokenAccount('acme'))).toBe(TOKEN);
    // Same identity written differently: trailing slash, explicit default mount, another KV mount.
    expect(await bindCredentials(store, vault({ url: 'https://VAULT.acme.test:8200/' })).get(tokenAccount('acme'))).toBe(TOKEN);
    expect(await bindCredentials(store, vault({ kvMount: 'teams' })).get(tokenAccount('acme'))).toBe(TOKEN);

    for (const other of [
      vault({ url: 'https://evil.example.test' }),
      vault({ url: 'https://vault.acme.test:8201' }),
      vault({ namespace: 'team-b' }),
      vault({ auth: { method: 'userpass' } }),
      BackendConfig.parse({ name: 'acme', kind: 'infisical', url: 'https://vault.acme.test:8200', auth: { method: 'token' } }),
    ]) {
      await expect(bindCredentials(store, other).get(tokenAccount('acme'))).rejects.toMatchObject({
        code: 'UNAUTHENTICATED',
        next: { action: 'login', backend: 'acme' },
        message: expect.not.stringContaining(TOKEN),
      });
      expect(await hasBoundCredential(store, other)).toBe(false);
    }
    expect(await hasBoundCredential(store, vault())).toBe(true);
  });

  it('never hands out a credential stored without a fingerprint', async () => {
    const store = new MemoryStore();
    await store.set(tokenAccount('acme'), TOKEN);
    await expect(bindCredentials(store, vault()).get(tokenAccount('acme'))).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await store.set(tokenAccount('acme'), `bound:v1:${TOKEN}`);
    await expect(bindCredentials(store, vault()).get(tokenAccount('acme'))).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('keeps a credential holding colons and JSON intact, and leaves other accounts alone', async () => {
    const store = new MemoryStore();
    const bound = bindCredentials(store, vault());
    const json = JSON.stringify({ accessToken: 'fake:access:token', clientSecret: 'fake-secret' });
    await bound.set(tokenAccount('acme'), json);
    expect(await bound.get(tokenAccount('acme'))).toBe(json);
    await bound.set('audit-hmac-key', 'fake-key');
    expect(store.entries.get('audit-hmac-key')).toBe('fake-key');
    expect(await bound.get(tokenAccount('other'))).toBeNull();
    expect(await bound.delete(tokenAccount('acme'))).toBe(true);
  });
});

describe('identity changes', () => {
  it('names each changed field, old → new, and nothing for the same server', () => {
    expect(identityChanges(vault(), vault({ kvMount: 'teams', auth: { method: 'token', username: 'ada' } }))).toEqual([]);
    expect(identityChanges(vault({ auth: { method: 'userpass' } }), vault({ auth: { method: 'userpass', mount: 'userpass' } }))).toEqual([]);
    expect(identityChanges(vault(), vault({ url: 'https://vault-b.acme.test', namespace: 'ns' }))).toEqual([
      { backend: 'acme', field: 'url', from: 'https://vault.acme.test:8200', to: 'https://vault-b.acme.test' },
      { backend: 'acme', field: 'namespace', from: null, to: 'ns' },
    ]);
    expect(identityFingerprint(vault())).toBe(identityFingerprint(vault({ url: 'https://vault.acme.test:8200/' })));
    expect(identityFingerprint(vault())).not.toBe(identityFingerprint(vault({ auth: { method: 'oidc' } })));
  });
});
