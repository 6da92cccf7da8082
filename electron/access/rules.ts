import { AppError } from '../../shared/errors';
import { durationSeconds, type AccessSettings, type ProfileEnvironment } from '../../shared/profile';
import type { AccessPrincipal } from '../../shared/access';
import { formatLeft, maxTtlFor, parseTtl } from '../exports/ttl';
import type { NativeFacts } from './records';

/** Without a maxTtl in the profile a grant still cannot outlive this: access is never permanent. */
export const DEFAULT_GRANT_MAX = '24h';
/** What a request asks for when it names no duration and the profile gives no defaultTtl. */
const DEFAULT_GRANT_DURATION = '1h';

/** A duration typed for a request or a decision; says "The duration" where an export says "The time". */
const parseDuration = (text: string) => parseTtl(text, 'The duration', '30m, 8h or 2d');

/** The durations a request for `env` may have: its default and its max (the request dialog's chips). */
export function requestLimits(env: ProfileEnvironment): { defaultText: string; maxText: string; maxFromProfile: boolean } {
  const max = maxGrantFor(env);
  const wanted = env.defaultTtl ?? DEFAULT_GRANT_DURATION;
  return { defaultText: durationSeconds(wanted) <= max.seconds ? wanted : max.text, maxText: max.text, maxFromProfile: max.fromProfile };
}

export const reasonMinLength = (env: ProfileEnvironment, settings: AccessSettings) => Math.max(1, env.reasonMinLength ?? settings.reasonMinLength);

const maxGrantFor = (env: ProfileEnvironment) => maxTtlFor(env, DEFAULT_GRANT_MAX);

/** The duration of a new request: asked, else the profile's defaultTtl, else 1h — never above the max. */
export function requestDuration(ref: string, env: ProfileEnvironment, asked: string | undefined): number {
  const max = maxGrantFor(env);
  if (asked === undefined) return Math.min(durationSeconds(env.defaultTtl ?? DEFAULT_GRANT_DURATION), max.seconds);
  const seconds = parseDuration(asked);
  if (seconds > max.seconds) {
    const source = max.fromProfile ? 'the team profile allows' : 'Latchkey allows without a maxTtl in the profile';
    throw new AppError('BAD_REQUEST', `${asked} is longer than ${source} for ${ref}: the max is ${max.text}.`,
      `Ask for ${max.text} or less${max.fromProfile ? ', or ask your team lead to raise maxTtl in the profile' : ''}.`);
  }
  return seconds;
}

export function checkReason(ref: string, env: ProfileEnvironment, settings: AccessSettings, reason: string): string {
  const trimmed = reason.trim();
  const min = reasonMinLength(env, settings);
  if (trimmed.length < min) {
    throw new AppError('BAD_REQUEST', `A request for ${ref} needs a reason of at least ${min} characters (the team profile's reasonMinLength).`,
      'Say what you need it for, e.g. a ticket id and the task.');
  }
  return trimmed;
}

/** Approvers may shorten a grant, never lengthen it. */
export function grantDuration(requestedSeconds: number, asked: string | undefined): number {
  if (asked === undefined) return requestedSeconds;
  const seconds = parseDuration(asked);
  if (seconds > requestedSeconds) {
    throw new AppError('BAD_REQUEST', `${asked} is longer than the ${formatLeft(requestedSeconds)} that was asked for: approvers may shorten a grant, never lengthen it.`,
      `Approve ${formatLeft(requestedSeconds)} or less; the requester can ask again for more.`);
  }
  return seconds;
}

/** Approvers are named in the profile as the backend names people (Vault alias user name, Doppler email). */
export function isApproverOf(env: ProfileEnvironment, me: AccessPrincipal & { names: string[] }): boolean {
  const named = new Set(env.approvers.map((a) => a.toLowerCase()));
  return [me.name, ...me.names].some((n) => named.has(n.toLowerCase()));
}

export function checkApprover(ref: string, env: ProfileEnvironment, me: AccessPrincipal & { names: string[] }): void {
  if (!isApproverOf(env, me)) {
    throw new AppError('FORBIDDEN', `${me.name} may not decide requests for ${ref}: only its approvers in the team profile may (${env.approvers.join(', ') || 'none named'}).`,
      'Ask one of them, or ask your team lead to add you to the approvers of this environment.');
  }
}

export function isSelf(me: AccessPrincipal & { names: string[] }, requester: AccessPrincipal): boolean {
  const mine = new Set([me.name, ...me.names].map((n) => n.toLowerCase()));
  return me.id === requester.id || mine.has(requester.name.toLowerCase());
}

export function checkNotSelf(ref: string, settings: AccessSettings, me: AccessPrincipal & { names: string[] }, requester: AccessPrincipal): void {
  if (settings.allowSelfApproval) return;
  if (isSelf(me, requester)) {
    throw new AppError('FORBIDDEN', `You asked for ${ref} yourself, and the team profile does not allow self-approval (allowSelfApproval is off).`,
      'Ask another approver of this environment.');
  }
}

/**
 * A native request (Infisical) also answers to the backend's own policy, and the stricter rule wins: the
 * policy must name me as approver too, allow self-approval when it is my own, and want my review still.
 * Returns why I may not decide it, or null.
 */
export function nativeRefusal(backend: string, item: { native?: NativeFacts; decision: unknown }, ref: string, me: AccessPrincipal & { names: string[] }, requester: AccessPrincipal): string | null {
  const native = item.native;
  if (!native) return null;
  if (!native.approverIds.includes(me.id)) return `${backend}'s own policy ${native.policy} for ${ref} does not name ${me.name} as an approver (the team profile does)`;
  if (isSelf(me, requester) && !native.allowSelfApproval) return `it is your own request, and ${backend}'s policy ${native.policy} does not allow self-approval (allowedSelfApprovals is off)`;
  if (item.decision === null && native.reviewedBy.includes(me.id)) return `you already reviewed it; ${backend}'s policy ${native.policy} waits for another approver`;
  return null;
}
