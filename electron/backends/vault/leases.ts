import { AppError, isAppError } from '../../../shared/errors';
import type { Lease } from '../types';
import type { VaultRequester } from './dynamic';

export interface LeaseKeeperOptions {
  client: VaultRequester;
  /** Backend name, for error messages and Lease.backend. */
  backend: string;
  /** Clock in ms; tests inject a fake one and call tick() themselves. */
  now?: () => number;
  /** Failures of background renewals (the timer has no caller to throw to). Never receives a value. */
  onError?: (error: AppError, lease: Lease) => void;
  /** Shortest wait between timer ticks, so a flood of tiny TTLs cannot spin the event loop. */
  minDelayMs?: number;
}

export interface TickResult {
  renewed: string[];
  /** Leases dropped because Vault says they are gone or past their max TTL, plus transient failures. */
  failed: Array<{ leaseId: string; error: AppError }>;
}

export interface LeaseKeeper {
  /** Starts keeping a lease alive (renewal while tracked). */
  track(lease: Lease): void;
  /** Stops renewing without revoking, e.g. when the lease was handed to someone else. */
  release(leaseId: string): void;
  /** Current view of tracked leases; durationSeconds is the latest granted TTL. */
  tracked(): Lease[];
  /** Renews every renewable lease with less than a third of its granted TTL left. Never throws. */
  tick(): Promise<TickResult>;
  /** Runs tick() on an unref'd timer aimed at the next lease that falls due. */
  start(): void;
  stop(): void;
  /**
   * Renews one lease now with `incrementSeconds`, tracked or not; resolves to the TTL Vault granted. A
   * tracked lease keeps the new increment for its later renewals, so the timer never shortens it again.
   */
  renew(leaseId: string, incrementSeconds: number): Promise<{ durationSeconds: number }>;
  /** Revokes now (sync, so the credentials are gone when this resolves) and stops tracking. */
  revoke(leaseId: string): Promise<void>;
  /** Revokes every tracked lease; those that fail stay tracked and one AppError reports them. */
  revokeAll(): Promise<void>;
}

interface Kept {
  lease: Lease;
  /** What we ask for on each renewal: the TTL the lease was first issued with. */
  increment: number;
  expiresAt: number;
  /** Vault granted less than asked: the lease hit its max TTL and renewing again cannot extend it. */
  capped: boolean;
}

/** Lease ids are not secrets, but the random suffix is noise for people: show the path it came from. */
const leaseLabel = (id: string) => (id.includes('/') ? `${id.slice(0, id.lastIndexOf('/'))}/…` : 'lease');

const maxTimerMs = 60 * 60 * 1000;

export function createLeaseKeeper({ client, backend, now = Date.now, onError, minDelayMs = 1_000 }: LeaseKeeperOptions): LeaseKeeper {
  const kept = new Map<string, Kept>();
  let timer: NodeJS.Timeout | null = null;
  let running = false;

  const failure = (error: unknown, action: string, leaseId: string, fallback: AppError['code'] = 'BACKEND_UNAVAILABLE') => {
    const code = isAppError(error) ? error.code : fallback;
    const hint = isAppError(error) ? error.hint : 'Check the connection to Vault, then retry.';
    return new AppError(code, `Vault backend "${backend}" could not ${action} ${leaseLabel(leaseId)}.`, hint, { cause: error });
  };

  const dueAt = (entry: Kept) => entry.expiresAt - (entry.lease.durationSeconds * 1000) / 3;
  const wantsRenewal = (entry: Kept) => entry.lease.renewable && !entry.capped;

  async function renew(entry: Kept): Promise<void> {
    const body = (await client.request('PUT', 'sys/leases/renew', { lease_id: entry.lease.id, increment: entry.increment })) as
      { lease_duration?: unknown; renewable?: unknown } | null;
    const granted = typeof body?.lease_duration === 'number' ? body.lease_duration : 0;
    entry.lease = { ...entry.lease, durationSeconds: granted, renewable: body?.renewable !== false };
    entry.expiresAt = now() + granted * 1000;
    entry.capped = granted < entry.increment;
  }

  async function tick(): Promise<TickResult> {
    const result: TickResult = { renewed: [], failed: [] };
    const due = [...kept.values()].filter((entry) => wantsRenewal(entry) && now() >= dueAt(entry));
    for (const entry of due) {
      const id = entry.lease.id;
      if (now() >= entry.expiresAt) {
        kept.delete(id);
        result.failed.push({ leaseId: id, error: new AppError('EXPIRED',
          `Vault backend "${backend}": ${leaseLabel(id)} expired before it could be renewed.`, 'Read the environment again for fresh credentials.') });
        continue;
      }
      try {
        await renew(entry);
        result.renewed.push(id);
      } catch (error) {
        // 400 from sys/leases/renew means "lease not found / expired / not renewable": retrying cannot help.
        const gone = isAppError(error) && (error.code === 'BAD_REQUEST' || error.code === 'NOT_FOUND');
        if (gone) kept.delete(id);
        result.failed.push({ leaseId: id, error: gone
          ? new AppError('EXPIRED', `Vault backend "${backend}" no longer renews ${leaseLabel(id)}: it expired or was revoked.`,
            'Read the environment again for fresh credentials.', { cause: error })
          : failure(error, 'renew', id) });
      }
    }
    return result;
  }

  function schedule(): void {
    if (!running) return;
    if (timer) clearTimeout(timer);
    timer = null;
    const next = Math.min(...[...kept.values()].filter(wantsRenewal).map(dueAt));
    if (!Number.isFinite(next)) return;
    const delay = Math.min(Math.max(next - now(), minDelayMs), maxTimerMs);
    timer = setTimeout(() => {
      timer = null;
      void tick().then((result) => {
        for (const { leaseId, error } of result.failed) {
          const lease = kept.get(leaseId)?.lease ?? { id: leaseId, backend, durationSeconds: 0, renewable: false };
          onError?.(error, lease);
        }
        schedule();
      });
    }, delay);
    // A forgotten lease must never keep the CLI process alive.
    timer.unref();
  }

  async function renewNow(leaseId: string, incrementSeconds: number): Promise<{ durationSeconds: number }> {
    const entry: Kept = kept.get(leaseId) ?? { lease: { id: leaseId, backend, durationSeconds: 0, renewable: true }, increment: 0, expiresAt: 0, capped: false };
    entry.increment = incrementSeconds;
    try {
      await renew(entry);
    } catch (error) {
      throw failure(error, 'renew', leaseId);
    }
    schedule();
    return { durationSeconds: entry.lease.durationSeconds };
  }

  async function revoke(leaseId: string): Promise<void> {
    try {
      await client.request('PUT', 'sys/leases/revoke', { lease_id: leaseId, sync: true });
    } catch (error) {
      throw failure(error, 'revoke', leaseId);
    }
    kept.delete(leaseId);
    schedule();
  }

  return {
    track(lease) {
      kept.set(lease.id, { lease, increment: lease.durationSeconds, expiresAt: now() + lease.durationSeconds * 1000, capped: false });
      schedule();
    },
    release(leaseId) {
      kept.delete(leaseId);
      schedule();
    },
    tracked: () => [...kept.values()].map((entry) => ({ ...entry.lease })),
    tick,
    start() {
      running = true;
      schedule();
    },
    stop() {
      running = false;
      if (timer) clearTimeout(timer);
      timer = null;
    },
    renew: renewNow,
    revoke,
    async revokeAll() {
      const ids = [...kept.keys()];
      const results = await Promise.allSettled(ids.map((id) => revoke(id)));
      const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed.length === 0) return;
      const first: unknown = failed[0]!.reason;
      throw new AppError(isAppError(first) ? first.code : 'BACKEND_UNAVAILABLE',
        `Vault backend "${backend}" could not revoke ${failed.length} of ${ids.length} leases; they stay active until their TTL ends.`,
        'Retry when Vault is reachable, or ask an operator to revoke them.', { cause: failed.map((r) => r.reason as unknown) });
    },
  };
}
