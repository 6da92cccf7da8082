import type { AccessListing, AccessRequestView } from '../../../shared/access';
import { formatDuration } from '../../../shared/time';
import { formatLeft } from '../../exports/ttl';
import type { Io } from '../output';

const TRUST: Record<AccessRequestView['device']['trust'], string> = {
  mine: 'this device',
  known: 'known device',
  new: 'NEW device',
  changed: 'CHANGED DEVICE',
  account: 'account-bound grant (no device key: the access lands on their own account)',
};

/** `8h`, `1h30m`, `2d`: durations as people type them (shared/time.ts, as the app writes them). */
export const duration = (seconds: number): string => formatDuration(seconds);

/** One request as a few lines: the first says what and where it stands, the rest why and what to check. */
export function printRequest(io: Io, r: AccessRequestView): void {
  const who = r.requester?.name ?? 'you';
  const left = r.secondsLeft === null ? '' : `  ${formatLeft(r.secondsLeft)} left`;
  const tampered = r.tampered ? '  TAMPERED' : '';
  io.stdout.write(`${r.id}  ${r.state.padEnd(10)} ${r.ref}  ${duration(r.durationSeconds)}  ${who}${left}${tampered}\n`);
  io.stdout.write(`    reason: ${r.reason}\n`);
  if (r.box === 'inbox') io.stdout.write(`    device: ${TRUST[r.device.trust]}${r.device.fingerprint ? ` ${r.device.fingerprint}` : ''}\n`);
  if (r.decision) {
    const granted = r.decision.grantedSeconds ? ` for ${duration(r.decision.grantedSeconds)}, until ${r.decision.grantExpiresAt}` : '';
    const comment = r.decision.comment ? `: "${r.decision.comment}"` : '';
    io.stdout.write(`    ${r.decision.verdict} by ${r.decision.by}${granted}${comment}\n`);
  }
  if (r.problem) io.stdout.write(`    ${r.problem}\n`);
}

export function printListing(io: Io, listing: AccessListing, empty: string): void {
  for (const problem of listing.problems) io.stderr.write(`warning: ${problem.backend}: ${problem.message}\n`);
  if (listing.requests.length === 0) {
    io.stdout.write(`${empty}\n`);
    return;
  }
  const mine = listing.requests.filter((r) => r.box === 'mine');
  const inbox = listing.requests.filter((r) => r.box === 'inbox');
  if (mine.length > 0) {
    io.stdout.write('Mine:\n');
    for (const r of mine) printRequest(io, r);
  }
  if (inbox.length > 0) {
    io.stdout.write(`${mine.length > 0 ? '\n' : ''}To approve:\n`);
    for (const r of inbox) printRequest(io, r);
  }
}
