import type { CatalogEnvironment, RevealedSecret, SecretDescription } from '../../../shared/contract';
import { formatRoughDuration } from '../../../shared/time';
import { printJson, printValue, type Io } from '../print';

// What `secrets`, `envs` and `cache clear` print; shared by the full CLI and the thin CLI (no zod here).

export function printDescribed(io: Io, described: SecretDescription, json: boolean, now: number): void {
  if (json) return printJson(io, described);
  if (described.secrets.length === 0) io.stdout.write(`${described.ref} has no secrets.\n`);
  const width = Math.max(0, ...described.secrets.map((s) => s.key.length));
  for (const s of described.secrets) {
    const age = s.ageDays === null ? 'age unknown' : `${s.ageDays} day${s.ageDays === 1 ? '' : 's'} old`;
    // AWS versions are UUIDs: the first 8 characters tell two versions apart.
    const version = s.version ?? s.versionId?.slice(0, 8) ?? '?';
    io.stdout.write(`${s.key.padEnd(width)}  v${version}  ${age}${s.stale ? '  STALE (unchanged for over a year: consider rotating)' : ''}\n`);
  }
  if (described.rotation) io.stdout.write(`${rotationLine(described.rotation)}\n`);
  const line = freshnessLine(described, now);
  if (line) io.stdout.write(`(${line})\n`);
}

export function printRevealed(io: Io, revealed: RevealedSecret, json: boolean): void {
  if (json) return printJson(io, revealed);
  printValue(io, revealed.value);
}

/** "from cache, read 3 min ago, fresh for 12 min" / "read now, kept in memory for 15 min"; null when unknown. */
export function freshnessLine(described: SecretDescription, now: number): string | null {
  if (described.readAt === undefined) return null;
  const kept = described.cachedUntil ? `for ${rough(Date.parse(described.cachedUntil) - now)}` : null;
  if (described.fromCache) return `from cache, read ${rough(now - Date.parse(described.readAt))} ago${kept ? `, fresh ${kept}` : ''}`;
  return kept ? `read now, kept in memory ${kept}` : 'read now, not kept in memory';
}

/** "rotation: on, every 30 days, last 2026-01-02, next 2026-02-01" / "rotation: off (never rotated)". */
export function rotationLine(rotation: NonNullable<SecretDescription['rotation']>): string {
  const day = (iso: string | null) => iso?.slice(0, 10);
  const last = rotation.lastRotatedAt ? `last ${day(rotation.lastRotatedAt)}` : 'never rotated';
  if (!rotation.enabled) return `rotation: off (${last})`;
  const parts = [rotation.everyDays ? `every ${rotation.everyDays} days` : null, last, rotation.nextRotationAt ? `next ${day(rotation.nextRotationAt)}` : null];
  return `rotation: on, ${parts.filter(Boolean).join(', ')}`;
}

const rough = formatRoughDuration;

const marks: Record<CatalogEnvironment['access'], string> = { granted: 'granted', requestable: 'request', denied: 'denied', unknown: 'unknown' };

/** The catalog with the problems that made parts of it a guess (on stderr in both modes: --json stdout stays one document). */
export function printEnvironments(io: Io, scan: { environments: CatalogEnvironment[]; problems: Array<{ backend: string; message: string }> }, json: boolean): void {
  for (const problem of scan.problems) io.stderr.write(`warning: ${problem.backend}: ${problem.message}\n`);
  const envs = scan.environments;
  if (json) return printJson(io, envs);
  if (envs.length === 0) {
    io.stdout.write('No environments yet. Import your team profile (`latchkey profile import <file>`) or add a backend.\n');
    return;
  }
  // One pass for the width (no spread: 300,000 arguments overflow the stack) and one write per chunk of
  // lines, not per line: 50,000 environments must print in well under a second.
  let width = 0;
  for (const env of envs) width = Math.max(width, env.ref.length);
  const lines: string[] = [];
  for (const env of envs) {
    // The kind column tells Vault, Infisical, Doppler and AWS environments apart (`-`: backend not configured).
    lines.push(`${env.ref.padEnd(width)}  ${marks[env.access].padEnd(8)} ${(env.kind ?? '-').padEnd(9)} ${env.source.padEnd(10)} ${howToAsk(env)}`.trimEnd());
    if (lines.length === 2048) io.stdout.write(lines.splice(0).join('\n') + '\n');
  }
  if (lines.length > 0) io.stdout.write(lines.join('\n') + '\n');
  const requestable = envs.find((e) => e.access === 'requestable' && e.requestable && e.requestable.approvers.length > 0);
  if (requestable) io.stdout.write(`\nAsk for one: latchkey request ${requestable.ref} --reason "…" --duration ${requestable.requestable!.defaultTtl ?? '1h'}\n`);
}

function howToAsk(env: CatalogEnvironment): string {
  if (env.grant) return `grant ${env.grant.requestId} until ${env.grant.expiresAt}`;
  if (!env.requestable) return '';
  const { approvers, grantPolicy } = env.requestable;
  return [approvers.length > 0 && `approvers: ${approvers.join(', ')}`, grantPolicy && `policy: ${grantPolicy}`].filter(Boolean).join('; ');
}

export function printCacheCleared(io: Io, cleared: number, json: boolean): void {
  if (json) return printJson(io, { cleared });
  io.stdout.write(`Cleared the value cache (${cleared} environment${cleared === 1 ? '' : 's'}).\n`);
}
