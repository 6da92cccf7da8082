import { z } from 'zod';
import { AppError, isAppError } from '../../../shared/errors';
import type { AwsClients } from './clients';

/** STS bounds on DurationSeconds: 15 minutes to 12 hours; a role's own maximum is 1 to 12 hours. */
const MIN_SESSION_SECONDS = 900;
const MAX_SESSION_SECONDS = 43_200;
/** Every role allows at least this much, and role chaining allows at most this much. */
const FLOOR_SECONDS = 3600;

/**
 * Temporary credentials from AssumeRole, as a grant carries them (sealed to the requester's device by the
 * access-request flow). They end at AWS by themselves at `expiresAt`; nothing needs revoking.
 */
export const AwsSessionCredentials = z.object({
  accessKeyId: z.string().min(1),
  secretAccessKey: z.string().min(1),
  sessionToken: z.string().min(1),
  expiresAt: z.iso.datetime(),
});
export type AwsSessionCredentials = z.infer<typeof AwsSessionCredentials>;

export interface ReadRoleGrant {
  credentials: AwsSessionCredentials;
  /** The assumed-role session ARN (`arn:aws:sts::…:assumed-role/<role>/<session>`), for the audit log. */
  sessionArn: string;
  /** What AWS granted. */
  durationSeconds: number;
  /** Set when less than asked for was granted, and why. */
  capped: { requestedSeconds: number; maximumSeconds: number; reason: 'role-maximum' | 'role-chaining' } | null;
}

const ROLE_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;

/**
 * The approver's side of an AWS grant: assume the environment's read role for `durationSeconds` with a
 * session name naming the request (it shows in CloudTrail). The role's maximum session duration caps it:
 * read with iam:GetRole when allowed; otherwise STS refuses the longer duration and the grant is retried
 * at one hour, the maximum every role allows (and the limit when the approver's own credentials are
 * themselves an assumed role — role chaining, as with SSO). A shorter grant than approved is reported,
 * never a longer one: below the 15-minute STS minimum the grant is refused.
 */
export async function assumeReadRole(clients: AwsClients, roleArn: string, durationSeconds: number, sessionName: string): Promise<ReadRoleGrant> {
  const role = ROLE_ARN.exec(roleArn);
  if (!role) throw new AppError('BAD_REQUEST', `"${roleArn}" is not an IAM role ARN.`, 'Name the read role in the team profile as arn:aws:iam::<account>:role/<name>.');
  if (!SESSION_NAME.test(sessionName)) throw new AppError('BAD_REQUEST', `"${sessionName}" cannot name an AWS role session.`, 'Use 2 to 64 letters, digits or +=,.@_- characters.');
  if (!Number.isInteger(durationSeconds) || durationSeconds < MIN_SESSION_SECONDS) {
    throw new AppError('BAD_REQUEST', `AWS role sessions last at least 15 minutes; ${durationSeconds} s was approved.`, 'Approve 15 minutes or more for an AWS environment.');
  }
  const maximum = Math.min(MAX_SESSION_SECONDS, (await roleMaximum(clients, roleArn, role[2]!)) ?? MAX_SESSION_SECONDS);
  const capped = (granted: number, reason: 'role-maximum' | 'role-chaining') => (granted < durationSeconds ? { requestedSeconds: durationSeconds, maximumSeconds: granted, reason } : null);
  const first = Math.min(durationSeconds, maximum);
  const granted = await assume(clients, roleArn, first, sessionName);
  if (typeof granted !== 'string') return { ...granted, durationSeconds: first, capped: capped(first, 'role-maximum') };
  const retried = first > FLOOR_SECONDS ? await assume(clients, roleArn, FLOOR_SECONDS, sessionName) : granted;
  if (typeof retried === 'string') {
    throw new AppError('BAD_REQUEST', `AWS STS refused a ${Math.round(first / 60)}-minute session for ${roleArn}.`, "Check the role's maximum session duration in IAM.");
  }
  return { ...retried, durationSeconds: FLOOR_SECONDS, capped: capped(FLOOR_SECONDS, granted) };
}

/** The role's MaxSessionDuration, or null when iam:GetRole is not allowed (or the role is in another account). */
async function roleMaximum(clients: AwsClients, roleArn: string, roleName: string): Promise<number | null> {
  try {
    const answer = await clients.sts(`the role ${roleArn}`, ({ iam }, sdk) => iam.send(new sdk.GetRoleCommand({ RoleName: roleName })));
    return answer.Role?.Arn === roleArn ? (answer.Role.MaxSessionDuration ?? null) : null;
  } catch (error) {
    if (isAppError(error) && error.code === 'UNAUTHENTICATED') throw error;
    return null;
  }
}

/** The credentials, or which limit made STS refuse the duration (its ValidationError names DurationSeconds). */
async function assume(clients: AwsClients, roleArn: string, seconds: number, sessionName: string): Promise<Omit<ReadRoleGrant, 'durationSeconds' | 'capped'> | 'role-maximum' | 'role-chaining'> {
  const answer = await clients.sts(`the role ${roleArn}`, ({ sts }, sdk) =>
    sts.send(new sdk.AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: sessionName, DurationSeconds: seconds })).catch((error: unknown) => {
      const tooLong = durationTooLong(error);
      if (tooLong) return tooLong;
      throw error;
    }),
  );
  if (typeof answer === 'string') return answer;
  const c = answer.Credentials;
  if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken || !c.Expiration) {
    throw new AppError('BACKEND_UNAVAILABLE', `AWS STS answered AssumeRole for ${roleArn} without credentials.`, 'Retry; if it persists, check the STS endpoint.');
  }
  for (const part of [c.AccessKeyId, c.SecretAccessKey, c.SessionToken]) clients.redactor.register(part);
  return {
    credentials: { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiresAt: c.Expiration.toISOString() },
    sessionArn: answer.AssumedRoleUser?.Arn ?? roleArn,
  };
}

/** STS's ValidationError for a DurationSeconds above what the role (or role chaining) allows. */
function durationTooLong(error: unknown): 'role-maximum' | 'role-chaining' | null {
  const raw = error as { name?: string; message?: string } | undefined;
  if (raw?.name !== 'ValidationError' || !/DurationSeconds/i.test(raw.message ?? '')) return null;
  return /chaining/i.test(raw.message ?? '') ? 'role-chaining' : 'role-maximum';
}
