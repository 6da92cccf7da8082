import type { BackendConfig } from '../../shared/backends';
import type { IdentityChange } from '../../shared/contract';
import { sha256 } from '../util/hash';

/**
 * What a stored credential is bound to: the server and the way we signed in there. A token made for one
 * identity must never be sent to another (a re-pointed URL would hand it to whoever runs the new server).
 * The KV mount is not part of it: it is a place on the same server, guarded by the token's own policies.
 */
export interface BackendIdentity {
  kind: string;
  url: string;
  namespace: string | null;
  authMethod: string;
  authMount: string | null;
}

/** `https://Vault.acme:8200/` and `https://vault.acme:8200` are the same server. */
const normalUrl = (url: string) => new URL(url).href.replace(/\/+$/, '');

export function backendIdentity(config: BackendConfig): BackendIdentity {
  const vault = config.kind === 'vault' ? config : null;
  return {
    kind: config.kind,
    url: normalUrl(config.url),
    namespace: vault?.namespace ?? null,
    authMethod: config.auth.method,
    // The method's default mount when none is given, so `mount: "userpass"` and no mount compare equal.
    authMount: vault && vault.auth.method !== 'token' ? (vault.auth.mount ?? vault.auth.method).replace(/^\/+|\/+$/g, '') : null,
  };
}

/** Field by field, what a new config changes about where and how a backend signs in. Empty: same identity. */
export function identityChanges(before: BackendConfig, after: BackendConfig): IdentityChange[] {
  const a = backendIdentity(before);
  const b = backendIdentity(after);
  return (Object.keys(a) as Array<keyof BackendIdentity>)
    .filter((field) => a[field] !== b[field])
    .map((field) => ({ backend: after.name, field, from: a[field], to: b[field] }));
}

/** `url http://a → http://b` */
export const describeChange = (change: IdentityChange) => `${change.field} ${change.from ?? '(none)'} → ${change.to ?? '(none)'}`;

/** A short digest of the identity, kept with the credential so a token is only used where it was made. */
export function identityFingerprint(config: BackendConfig): string {
  const id = backendIdentity(config);
  const canonical = JSON.stringify([id.kind, id.url, id.namespace, id.authMethod, id.authMount]);
  return sha256(canonical).slice(0, 32);
}
