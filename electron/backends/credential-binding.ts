import type { BackendConfig } from '../../shared/backends';
import { AppError } from '../../shared/errors';
import type { SecretStore } from '../identity/secret-store';
import { identityFingerprint } from './identity';
import { tokenAccount } from './types';

/** `bound:v1:<fingerprint>:<credential>` — the fingerprint is hex, so the first three colons delimit it. */
const PREFIX = 'bound:v1:';

/**
 * The store an adapter gets: its credential (`backend:<name>`) is written with the fingerprint of the
 * backend's identity (kind, url, namespace, auth method and mount) and read back only while that identity
 * is unchanged. A token signed in for one server is therefore never sent to another, even when
 * backends.json is edited behind Latchkey's back — the rule the import check enforces, kept at use time too.
 * Other accounts pass through untouched.
 */
export function bindCredentials(store: SecretStore, config: BackendConfig): SecretStore {
  const account = tokenAccount(config.name);
  const fingerprint = identityFingerprint(config);
  return {
    kind: store.kind,
    status: () => store.status(),
    delete: (name) => store.delete(name),
    set: (name, value) => store.set(name, name === account ? bindTo(fingerprint, value) : value),
    async get(name) {
      const stored = await store.get(name);
      if (name !== account || stored === null) return stored;
      const [bound, rest] = splitBound(stored);
      if (bound !== fingerprint) {
        throw new AppError('UNAUTHENTICATED',
          `The saved sign-in for ${config.name} was made for a different server or sign-in method than ${config.name} uses now, so Latchkey did not send it.`,
          'Sign in again to use the backend as it is configured now.', { next: { action: 'login', backend: config.name } });
      }
      return rest;
    },
  };
}

/** A credential as the bound store keeps it, for a store that holds one in memory (an access grant's). */
export function bindTo(fingerprint: string | null, credential: string): string {
  return `${PREFIX}${fingerprint ?? 'none'}:${credential}`;
}

/** [fingerprint, credential], or [null, …] for a credential stored without one (never sent anywhere). */
function splitBound(stored: string): [string | null, string] {
  if (!stored.startsWith(PREFIX)) return [null, stored];
  const colon = stored.indexOf(':', PREFIX.length);
  return colon === -1 ? [null, stored] : [stored.slice(PREFIX.length, colon), stored.slice(colon + 1)];
}

/** Whether a usable credential for this backend, as configured now, is stored (no server is asked). */
export async function hasBoundCredential(store: SecretStore, config: BackendConfig): Promise<boolean> {
  return (await bindCredentials(store, config).get(tokenAccount(config.name)).catch(() => null)) !== null;
}
