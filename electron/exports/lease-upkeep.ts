import { isAppError } from '../../shared/errors';
import type { Lease } from '../backends/types';

/** What exports keep about a lease: enough to renew, revoke and name it in a message. Never a value. */
export type HeldLease = Pick<Lease, 'id' | 'backend'> & Partial<Pick<Lease, 'durationSeconds' | 'renewable' | 'variable'>>;

export type RenewLease = (lease: HeldLease, incrementSeconds: number) => Promise<{ durationSeconds: number }>;

/** Lease ids are not secrets, but the random suffix is noise for people: name the variable or the path. */
export function leaseName(lease: HeldLease): string {
  if (lease.variable) return `${lease.variable}'s credentials`;
  const id = lease.id;
  return id.includes('/') ? `The credentials from ${id.slice(0, id.lastIndexOf('/'))}/…` : 'Dynamic credentials';
}

/**
 * Stretches each lease to end with its export (`until`), asking the backend for that many seconds. The
 * export goes ahead when the backend grants less or refuses: the person gets a warning saying when the
 * credentials end instead. Leases known to be non-renewable are not asked, only checked.
 */
export async function renewForExport(leases: HeldLease[], until: number, now: () => number, renew: RenewLease): Promise<string[]> {
  const warnings: string[] = [];
  const expiry = new Date(until).toISOString();
  for (const lease of leases) {
    const wanted = Math.ceil((until - now()) / 1000);
    if (lease.renewable === false) {
      const ends = now() + (lease.durationSeconds ?? 0) * 1000;
      if (ends < until) {
        warnings.push(`${leaseName(lease)} end at ${new Date(ends).toISOString()}, before the export expires at ${expiry}; the engine does not let them be renewed.`);
      }
      continue;
    }
    try {
      const granted = await renew(lease, wanted);
      const ends = now() + granted.durationSeconds * 1000;
      if (granted.durationSeconds < wanted) {
        warnings.push(`${leaseName(lease)} end at ${new Date(ends).toISOString()}, before the export expires at ${expiry}; the role's max TTL caps them.`);
      }
    } catch (error) {
      const why = isAppError(error) && (error.code === 'BAD_REQUEST' || error.code === 'NOT_FOUND')
        ? 'they expired, were revoked or cannot be renewed'
        : 'the backend could not be reached';
      warnings.push(`${leaseName(lease)} could not be renewed to last until ${expiry} (${why}); they may end before the export does.`);
    }
  }
  return warnings;
}

export interface UpkeepOptions {
  now?: () => number;
  /** A renewal failed; upkeep of that lease stops (retrying a gone lease cannot help). */
  onError?: (message: string) => void;
  /** Shortest wait between renewals, so tiny TTLs cannot spin the event loop. */
  minDelayMs?: number;
}

/**
 * Keeps leases alive while something uses them (`latchkey run`'s child): each renewable lease is renewed
 * with its first TTL when a third of it is left, until the backend grants less (max TTL reached) or fails.
 * Returns stop(); the timers are unref'd so they never keep the process alive on their own.
 */
export function keepLeasesAlive(leases: HeldLease[], renew: RenewLease, options: UpkeepOptions = {}): () => void {
  const { now = Date.now, onError, minDelayMs = 1_000 } = options;
  const timers = new Set<NodeJS.Timeout>();
  let stopped = false;

  const plan = (lease: HeldLease, increment: number, granted: number) => {
    if (stopped || granted <= 0 || granted < increment) return;
    const delay = Math.max((granted * 1000 * 2) / 3, minDelayMs);
    const timer = setTimeout(() => {
      timers.delete(timer);
      renew(lease, increment).then(
        (result) => plan(lease, increment, result.durationSeconds),
        () => {
          if (!stopped) onError?.(`${leaseName(lease)} could not be renewed; they end when their current lease does.`);
        },
      );
    }, delay);
    timer.unref();
    timers.add(timer);
  };

  for (const lease of leases) {
    if (lease.renewable && lease.durationSeconds) plan(lease, lease.durationSeconds, lease.durationSeconds);
  }
  return () => {
    stopped = true;
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
  };
}
