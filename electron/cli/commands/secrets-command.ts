import { formatRoughDuration } from '../../../shared/time';
import type { Command } from 'commander';
import type { SecretDescription } from '../../../shared/contract';
import { revealSecret } from '../../secrets/reveal';
import type { CliContext } from '../context';
import { printJson, printValue } from '../output';

export function registerSecrets(program: Command, ctx: CliContext): void {
  program
    .command('secrets <ref>')
    .description('Show the names, versions and ages of an environment\'s secrets (never values)')
    .option('--json', 'print JSON')
    .option('--reveal <key>', 'print the value of ONE key (written to the audit log)')
    .action(async (ref: string, opts: { json?: boolean; reveal?: string }) => {
      const { catalog, audit } = await ctx.services();
      if (opts.reveal !== undefined) {
        const revealed = await revealSecret({ catalog, audit }, ref, opts.reveal);
        if (opts.json) return printJson(ctx.io, revealed);
        return printValue(ctx.io, revealed.value);
      }
      const described = await catalog.describe(ref);
      if (opts.json) return printJson(ctx.io, described);
      if (described.secrets.length === 0) ctx.io.stdout.write(`${ref} has no secrets.\n`);
      const width = Math.max(0, ...described.secrets.map((s) => s.key.length));
      for (const s of described.secrets) {
        const age = s.ageDays === null ? 'age unknown' : `${s.ageDays} day${s.ageDays === 1 ? '' : 's'} old`;
        // AWS versions are UUIDs: the first 8 characters tell two versions apart.
        const version = s.version ?? s.versionId?.slice(0, 8) ?? '?';
        ctx.io.stdout.write(`${s.key.padEnd(width)}  v${version}  ${age}${s.stale ? '  STALE (unchanged for over a year: consider rotating)' : ''}\n`);
      }
      if (described.rotation) ctx.io.stdout.write(`${rotationLine(described.rotation)}\n`);
      const line = freshnessLine(described, Date.now());
      if (line) ctx.io.stdout.write(`(${line})\n`);
    });
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
