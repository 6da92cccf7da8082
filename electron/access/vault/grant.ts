import { AppError } from '../../../shared/errors';
import type { VaultClient } from '../../backends/vault/client';
import type { IssuedGrant, ReceivedGrant } from '../backend';
import type { RequestFacts } from '../records';
import type { VaultAccessNames } from './policies';

interface WrapInfo {
  token?: string;
  creation_path?: string;
  wrapped_accessor?: string;
}

/**
 * A grant is an orphan token made through the grant role with only the environment's grantPolicy and a
 * hard `explicit_max_ttl`: Vault itself refuses it afterwards, whether or not any Latchkey is running.
 * It is created response-wrapped: what travels (sealed) is the single-use wrapping token.
 */
export async function issueVaultGrant(client: VaultClient, names: VaultAccessNames, grantPolicy: string, request: RequestFacts, seconds: number): Promise<IssuedGrant> {
  const res = await client.call<{ wrap_info?: WrapInfo | null }>({
    method: 'POST',
    path: `auth/token/create/${names.grantRole}`,
    headers: { 'X-Vault-Wrap-TTL': `${seconds}s` },
    body: {
      policies: [grantPolicy],
      ttl: `${seconds}s`,
      explicit_max_ttl: `${seconds}s`,
      renewable: false,
      display_name: `latchkey-${request.id}`,
      meta: { latchkey_request: request.id, latchkey_ref: request.ref, requester: request.requester.name },
    },
    // Each call mints a token: never resend after a lost answer.
    idempotent: false,
  }).catch((error: unknown) => {
    if (error instanceof AppError && error.code === 'FORBIDDEN') {
      throw new AppError('FORBIDDEN', `Your ${client.backend} account may not create grants through the ${names.grantRole} role.`,
        `Approvers need the ${names.approverPolicy} policy; ask a Vault admin.`, { next: { action: 'admin-setup', backend: client.backend } });
    }
    if (error instanceof AppError && error.code === 'BAD_REQUEST') {
      throw new AppError('BAD_REQUEST', `${client.backend} refused to make a grant with policy ${grantPolicy} through the ${names.grantRole} role.`,
        'The role allows only the grant policies of the team profile: an admin runs admin setup again after the profile changes.', { next: { action: 'admin-setup', backend: client.backend } });
    }
    throw error;
  });
  const wrap = res.body?.wrap_info;
  if (!wrap?.token || !wrap.wrapped_accessor) {
    throw new AppError('BACKEND_UNAVAILABLE', `${client.backend} made the grant but did not wrap it.`, 'Retry; if it persists, tell whoever runs the server.');
  }
  return { type: 'vault-wrapped-token', material: wrap.token, handle: wrap.wrapped_accessor };
}

/**
 * Look before unwrapping (the wrapping token must come from our grant role), then unwrap once. A
 * wrapping token that is already gone while its grant should still be alive was opened by someone else.
 */
export async function receiveVaultGrant(client: VaultClient, names: VaultAccessNames, wrappingToken: string, grantExpiresAt: string | null): Promise<ReceivedGrant> {
  const expectedPath = `auth/token/create/${names.grantRole}`;
  const gone = (): ReceivedGrant =>
    grantExpiresAt !== null && Date.parse(grantExpiresAt) <= Date.now()
      ? { ok: false, reason: 'expired', detail: 'the grant ended before it was received' }
      : { ok: false, reason: 'already-used', detail: 'the single-use wrapping token was already unwrapped' };
  let creationPath: string | undefined;
  try {
    const res = await client.call<{ data?: { creation_path?: string } }>({ method: 'POST', path: 'sys/wrapping/lookup', body: { token: wrappingToken }, token: null, idempotent: true });
    creationPath = res.body?.data?.creation_path;
  } catch (error) {
    if (error instanceof AppError && error.code === 'BAD_REQUEST') return gone();
    throw error;
  }
  if (creationPath !== expectedPath) {
    return { ok: false, reason: 'not-a-grant', detail: `it was made at ${creationPath ?? 'an unknown path'}, not ${expectedPath}` };
  }
  try {
    const res = await client.call<{ auth?: { client_token?: string } | null }>({ method: 'POST', path: 'sys/wrapping/unwrap', token: wrappingToken, body: {}, idempotent: false });
    const token = res.body?.auth?.client_token;
    if (!token) return { ok: false, reason: 'not-a-grant', detail: 'the wrapped answer held no token' };
    return { ok: true, credential: token };
  } catch (error) {
    // Looked up fine a moment ago, unwrap refused now: someone else unwrapped it in between.
    if (error instanceof AppError && (error.code === 'BAD_REQUEST' || error.code === 'UNAUTHENTICATED' || error.code === 'FORBIDDEN')) return gone();
    throw error;
  }
}

/** Approver: ends the grant now by its accessor. An accessor Vault no longer knows is already ended. */
export async function revokeVaultGrant(client: VaultClient, accessor: string): Promise<void> {
  try {
    await client.call({ method: 'POST', path: 'auth/token/revoke-accessor', body: { accessor }, idempotent: true });
  } catch (error) {
    if (error instanceof AppError && error.code === 'BAD_REQUEST') return;
    throw error;
  }
}

/** Requester: the grant token revokes itself. A token that no longer works is already ended. */
export async function giveBackVaultGrant(client: VaultClient, token: string): Promise<void> {
  try {
    await client.call({ method: 'POST', path: 'auth/token/revoke-self', token, skipRenew: true, idempotent: true });
  } catch (error) {
    if (error instanceof AppError && (error.code === 'UNAUTHENTICATED' || error.code === 'FORBIDDEN' || error.code === 'BAD_REQUEST')) return;
    throw error;
  }
}
