import { AppError, isAppError } from '../../../shared/errors';
import type { VaultRequester } from './dynamic';

/**
 * Renews and revokes Vault leases when asked. Keeping leases alive over time is not done here: the export
 * that holds them renews them to its own expiry, and `run` keeps its child's alive (exports/lease-upkeep.ts),
 * so there is one renewer and it knows how long the credentials are needed.
 */
export interface VaultLeases {
  /** Renews one lease now by `incrementSeconds`; resolves to the TTL Vault granted (less at the role's max TTL). */
  renew(leaseId: string, incrementSeconds: number): Promise<{ durationSeconds: number }>;
  /** Revokes now (sync, so the credentials are gone when this resolves). */
  revoke(leaseId: string): Promise<void>;
}

/** Lease ids are not secrets, but the random suffix is noise for people: show the path it came from. */
const leaseLabel = (id: string) => (id.includes('/') ? `${id.slice(0, id.lastIndexOf('/'))}/…` : 'lease');

export function vaultLeases({ client, backend }: { client: VaultRequester; backend: string }): VaultLeases {
  const failure = (error: unknown, action: string, leaseId: string) => {
    const code = isAppError(error) ? error.code : 'BACKEND_UNAVAILABLE';
    const hint = isAppError(error) ? error.hint : 'Check the connection to Vault, then retry.';
    return new AppError(code, `Vault backend "${backend}" could not ${action} ${leaseLabel(leaseId)}.`, hint, { cause: error });
  };
  return {
    async renew(leaseId, incrementSeconds) {
      let body: { lease_duration?: unknown } | null;
      try {
        body = (await client.request('PUT', 'sys/leases/renew', { lease_id: leaseId, increment: incrementSeconds })) as { lease_duration?: unknown } | null;
      } catch (error) {
        throw failure(error, 'renew', leaseId);
      }
      return { durationSeconds: typeof body?.lease_duration === 'number' ? body.lease_duration : 0 };
    },
    async revoke(leaseId) {
      try {
        await client.request('PUT', 'sys/leases/revoke', { lease_id: leaseId, sync: true });
      } catch (error) {
        throw failure(error, 'revoke', leaseId);
      }
    },
  };
}
