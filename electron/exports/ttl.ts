import { formatTimeLeft } from '../../shared/time';
import { AppError } from '../../shared/errors';
import { Duration, durationSeconds, type ProfileEnvironment } from '../../shared/profile';

export const DEFAULT_EXPORT_TTL = '8h';
/** Without a profile max, an export still cannot outlive this: "expiring" must mean something. */
export const CEILING_TTL = '30d';

/**
 * Parses a duration typed by a person (`90s`, `15m`, `8h`, `2d`), as a usage error when malformed. `noun` and
 * `examples` let an access request say "The duration … 30m, 8h or 2d" where an export says "The time".
 */
export function parseTtl(text: string, noun = 'The time', examples = '90s, 15m, 8h or 2d'): number {
  if (!Duration.safeParse(text).success) {
    throw new AppError('BAD_REQUEST', `${noun} "${text}" is not a duration.`, `Write it like ${examples}.`);
  }
  const seconds = durationSeconds(text);
  if (seconds <= 0) throw new AppError('BAD_REQUEST', `${noun} must be longer than zero.`, 'For example 8h.');
  return seconds;
}

/**
 * The most an export of this environment may live, from its creation: the profile's maxTtl, else the ceiling
 * (30 days for exports; access grants pass their own, shorter one).
 */
export function maxTtlFor(profileEnv: ProfileEnvironment | undefined, ceiling = CEILING_TTL): { seconds: number; text: string; fromProfile: boolean } {
  const text = profileEnv?.maxTtl ?? ceiling;
  return { seconds: durationSeconds(text), text, fromProfile: profileEnv?.maxTtl !== undefined };
}

/**
 * The TTL for a new export: the one asked for, else the profile's defaultTtl, else 8h — never above the
 * max. An explicit request above the max is refused (the user asked for something they cannot have); a
 * default above it is quietly lowered to the max.
 */
export function resolveExportTtl(ref: string, requested: string | undefined, profileEnv: ProfileEnvironment | undefined): number {
  const max = maxTtlFor(profileEnv);
  if (requested === undefined) {
    return Math.min(durationSeconds(profileEnv?.defaultTtl ?? DEFAULT_EXPORT_TTL), max.seconds);
  }
  const seconds = parseTtl(requested);
  if (seconds > max.seconds) throw tooLong(ref, requested, max);
  return seconds;
}

export function tooLong(ref: string, asked: string, max: { text: string; fromProfile: boolean }, from = ''): AppError {
  const source = max.fromProfile ? 'the team profile allows' : 'Latchkey allows';
  return new AppError(
    'BAD_REQUEST',
    `${asked} is longer than ${source} for exports of ${ref}: the max is ${max.text}${from}.`,
    `Ask for ${max.text} or less${max.fromProfile ? ', or ask your team lead to raise maxTtl in the profile' : ''}.`,
  );
}

/** Time left, as the terminal shows it (see shared/time.ts). */
export const formatLeft = (seconds: number): string => formatTimeLeft(seconds);

/** What is made with an access grant (an export, a mount, a run) ends no later than the grant itself. */
export function endWithGrant(startedAt: number, ttlSeconds: number, grant: { expiresAt: string } | undefined): { endsAt: number; capped: boolean } {
  const wanted = startedAt + ttlSeconds * 1000;
  const limit = grant ? Date.parse(grant.expiresAt) : Infinity;
  return wanted > limit ? { endsAt: limit, capped: true } : { endsAt: wanted, capped: false };
}

/** What the export dialog offers for one environment: its default TTL (never above the max) and the max. */
export function exportLimits(profileEnv: ProfileEnvironment | undefined): { defaultTtl: string; maxTtl: string; maxFromProfile: boolean } {
  const max = maxTtlFor(profileEnv);
  const wanted = profileEnv?.defaultTtl ?? DEFAULT_EXPORT_TTL;
  return { defaultTtl: durationSeconds(wanted) > max.seconds ? max.text : wanted, maxTtl: max.text, maxFromProfile: max.fromProfile };
}
