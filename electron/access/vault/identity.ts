import { AppError } from '../../../shared/errors';
import type { VaultClient } from '../../backends/vault/client';
import type { Me } from '../backend';

interface LookupSelf {
  entity_id?: string;
  display_name?: string;
  path?: string;
  meta?: Record<string, string> | null;
}

interface EntityData {
  id?: string;
  name?: string;
  aliases?: Array<{ name?: string; mount_path?: string }> | null;
}

/**
 * Who this Vault session is: the entity id (requests are filed under it, and the requester policy lets
 * only that entity write there) and the alias user names people know it by (userpass / OIDC).
 */
export async function vaultWhoami(client: VaultClient): Promise<Me> {
  const self = (await client.call<{ data?: LookupSelf }>({ method: 'GET', path: 'auth/token/lookup-self' })).body?.data ?? {};
  const id = self.entity_id ?? '';
  if (!id) {
    throw new AppError('FORBIDDEN', `Access requests on ${client.backend} need a sign-in that carries an identity (userpass or OIDC); this token has none.`,
      'Sign in with your own user name rather than a token.', { next: { action: 'login', backend: client.backend } });
  }
  const aliases = await entityAliases(client, id);
  const loginMount = /^auth\/(.+\/)login\//.exec(self.path ?? '')?.[1];
  const fromLogin = aliases.find((a) => loginMount !== undefined && a.mount_path === `auth/${loginMount}`)?.name;
  const name = fromLogin ?? self.meta?.username ?? aliases[0]?.name ?? self.display_name ?? id;
  const names = [...new Set([name, ...aliases.map((a) => a.name ?? '').filter(Boolean), ...(self.meta?.username ? [self.meta.username] : [])])];
  return { id, name, names };
}

/** The alias names of an entity; empty when the policy does not let us read it (then we fall back to lookup-self). */
export async function entityAliases(client: VaultClient, entityId: string): Promise<Array<{ name?: string; mount_path?: string }>> {
  try {
    const res = await client.call<{ data?: EntityData }>({ method: 'GET', path: `identity/entity/id/${encodeURIComponent(entityId)}`, allow404: true });
    return res.status === 404 ? [] : (res.body?.data?.aliases ?? []);
  } catch (error) {
    if (error instanceof AppError && error.code === 'FORBIDDEN') return [];
    throw error;
  }
}
