import { AppError } from '../../../shared/errors';
import type { VaultClient } from '../../backends/vault/client';
import type { SetupChange } from '../backend';
import { approverPolicy, grantRoleConfig, requesterPolicy, type VaultAccessNames } from './policies';

/**
 * Applies what the request flow needs on a Vault/OpenBao server, idempotently: the KV v2 ledger mount,
 * the requester and approver policies, the grant token role. Run by someone with admin rights.
 */
export async function setupVault(client: VaultClient, names: VaultAccessNames, options: { dryRun: boolean; grantPolicies: string[] }): Promise<SetupChange[]> {
  const changes: SetupChange[] = [];
  const apply = async (change: SetupChange, write: () => Promise<unknown>) => {
    changes.push(change);
    if (change.action !== 'unchanged' && !options.dryRun) await write();
  };

  const mounts = (await client.call<{ data?: Record<string, { type?: string; options?: { version?: string } | null }> }>({ method: 'GET', path: 'sys/mounts' })).body?.data ?? {};
  const mount = mounts[`${names.mount}/`];
  if (mount && !(mount.type === 'kv' && mount.options?.version === '2')) {
    throw new AppError('CONFLICT', `${client.backend} already has a mount at ${names.mount}/ that is not KV v2. Nothing was changed.`,
      'Choose another ledger mount name in the team profile (access.vault.mount), or move that mount.');
  }
  await apply(
    { what: `mount ${names.mount}/`, action: mount ? 'unchanged' : 'create', detail: 'KV v2: requests, decisions' },
    () => client.call({ method: 'POST', path: `sys/mounts/${names.mount}`, body: { type: 'kv', options: { version: '2' }, description: 'Latchkey access requests' }, idempotent: false }),
  );

  for (const [name, text] of [
    [names.requesterPolicy, requesterPolicy(names.mount)],
    [names.approverPolicy, approverPolicy(names.mount, names.grantRole)],
  ] as const) {
    const res = await client.call<{ data?: { policy?: string } }>({ method: 'GET', path: `sys/policies/acl/${name}`, allow404: true });
    const current = res.status === 404 ? null : (res.body?.data?.policy ?? null);
    await apply(
      { what: `policy ${name}`, action: current === null ? 'create' : current.trim() === text.trim() ? 'unchanged' : 'update', detail: name === names.requesterPolicy ? 'for everyone who asks' : 'for approvers' },
      () => client.call({ method: 'PUT', path: `sys/policies/acl/${name}`, body: { policy: text }, idempotent: true }),
    );
  }

  const wanted = grantRoleConfig(options.grantPolicies);
  const role = await client.call<{ data?: Record<string, unknown> }>({ method: 'GET', path: `auth/token/roles/${names.grantRole}`, allow404: true });
  const current = role.status === 404 ? null : (role.body?.data ?? {});
  const same =
    current !== null &&
    JSON.stringify([...((current.allowed_policies as string[] | undefined) ?? [])].sort()) === JSON.stringify(wanted.allowed_policies) &&
    current.orphan === true &&
    current.renewable === false &&
    current.token_explicit_max_ttl === 720 * 3600;
  await apply(
    { what: `token role ${names.grantRole}`, action: current === null ? 'create' : same ? 'unchanged' : 'update', detail: `orphan, not renewable, policies: ${wanted.allowed_policies.join(', ') || '(none yet)'}` },
    () => client.call({ method: 'POST', path: `auth/token/roles/${names.grantRole}`, body: wanted, idempotent: true }),
  );
  return changes;
}
