import { createHash } from 'node:crypto';
import type { SecretStore } from './secret-store';

/**
 * Prefixes every keychain account with a short hash of the data dir. Two Latchkey homes on one machine
 * (a second profile, a test run with LATCHKEY_HOME) then never read or overwrite each other's tokens or
 * device key in the shared OS keychain.
 */
export function scopeStore(store: SecretStore, dataDir: string): SecretStore {
  const scope = createHash('sha256').update(dataDir).digest('hex').slice(0, 12);
  const account = (name: string) => `${scope}:${name}`;
  return {
    kind: store.kind,
    get: (name) => store.get(account(name)),
    set: (name, value) => store.set(account(name), value),
    delete: (name) => store.delete(account(name)),
    status: () => store.status(),
  };
}
