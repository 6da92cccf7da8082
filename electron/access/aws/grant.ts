import { AppError, isAppError } from '../../../shared/errors';
import type { AwsClients } from '../../backends/aws/clients';
import { grantCredential } from '../../backends/aws/credentials';
import { assumeReadRole, AwsSessionCredentials } from '../../backends/aws/read-role';
import { formatLeft } from '../../exports/ttl';
import type { IssuedGrant, ReceivedGrant } from '../backend';
import type { RequestFacts } from '../records';

/** The role session of a grant is named after its request: CloudTrail shows which request every read belongs to. */
const sessionName = (requestId: string) => `latchkey-${requestId}`;

/** `arn:aws:sts::<account>:assumed-role/<role name>/<session name>` */
const SESSION_ARN = /^arn:aws[a-z-]*:sts::(\d{12}):assumed-role\/([\w+=,.@-]+)\/([\w+=,.@-]+)$/;
/** The longest an AWS role session can last: a deny older than this protects nothing any more. */
const LONGEST_SESSION_SECONDS = 12 * 3600;
const DENY_POLICY = /^latchkey-revoked-[0-9a-f]{16}-until-(\d+)$/;

/**
 * The approver's side: assume the environment's read role for the approved duration. AWS caps it at the
 * role's maximum session duration (and at 1 hour when the approver's own credentials are an assumed role);
 * the grant then lasts less, and `note` says so. What travels, sealed, is the temporary credentials.
 */
export async function issueAwsGrant(client: AwsClients, readRole: string, request: RequestFacts, seconds: number): Promise<IssuedGrant> {
  const grant = await assumeReadRole(client, readRole, seconds, sessionName(request.id));
  const capped = grant.capped;
  const note = capped
    ? `AWS allows sessions of ${readRole} to last at most ${formatLeft(capped.maximumSeconds)} (${capped.reason === 'role-chaining' ? 'your own AWS credentials are an assumed role, and a role assumed from one lasts at most 1 hour' : "the role's maximum session duration"}): the grant lasts ${formatLeft(grant.durationSeconds)}, not ${formatLeft(capped.requestedSeconds)}.`
    : undefined;
  return { type: 'aws-role-session', material: JSON.stringify(grant.credentials), handle: grant.sessionArn, grantedSeconds: grant.durationSeconds, ...(note ? { note } : {}) };
}

/**
 * The requester's side: the opened material must be temporary credentials of the session the decision
 * names (STS GetCallerIdentity with them answers its ARN, which carries the request id). Reads then sign
 * with them, through the registry's grant path, until they end at AWS.
 */
export async function receiveAwsGrant(client: AwsClients, material: string, handle: string, expect: { requestId: string; grantExpiresAt: string | null }, now: number): Promise<ReceivedGrant> {
  let parsed: AwsSessionCredentials;
  try {
    parsed = AwsSessionCredentials.parse(JSON.parse(material));
  } catch {
    return { ok: false, reason: 'not-a-grant', detail: 'the sealed material is not AWS session credentials' };
  }
  if (Date.parse(parsed.expiresAt) <= now) return { ok: false, reason: 'expired', detail: `the credentials ended at ${parsed.expiresAt}` };
  const probe = client.withCredentials(async () => ({ ...parsed, expiration: new Date(parsed.expiresAt) }));
  try {
    const who = await probe.sts('the grant', ({ sts }, sdk) => sts.send(new sdk.GetCallerIdentityCommand({})));
    const session = SESSION_ARN.exec(who.Arn ?? '');
    if (who.Arn !== handle || session?.[3] !== sessionName(expect.requestId)) {
      return { ok: false, reason: 'not-a-grant', detail: `the credentials belong to ${who.Arn ?? 'an unknown identity'}, not the session ${handle} of this request` };
    }
    return { ok: true, credential: grantCredential(parsed) };
  } catch (error) {
    if (isAppError(error) && error.code === 'UNAUTHENTICATED') return { ok: false, reason: 'expired', detail: 'AWS no longer accepts the credentials' };
    throw error;
  } finally {
    probe.reset();
  }
}

/**
 * Ends one grant early: a deny of everything for that role session (`aws:userid` of a role session is
 * `<role id>:<session name>`), put on the read role by an approver allowed iam:PutRolePolicy there. Each
 * deny is named with the time after which no session it could match is alive; putting one removes the
 * spent ones, so the role's policies do not fill up. A role in another account cannot be changed from
 * the approver's own: that grant ends at its time.
 */
export async function revokeAwsGrant(client: AwsClients, handle: string, request: RequestFacts, now: number): Promise<void> {
  const session = SESSION_ARN.exec(handle);
  if (!session) throw new AppError('BAD_REQUEST', `The grant of request ${request.id} names no AWS role session (${handle}).`);
  const role = session[2]!;
  const until = Math.floor(now / 1000) + LONGEST_SESSION_SECONDS;
  const deny = {
    Version: '2012-10-17',
    Statement: [{ Sid: 'LatchkeyRevokedGrant', Effect: 'Deny', Action: '*', Resource: '*', Condition: { StringLike: { 'aws:userid': `*:${session[3]}` } } }],
  };
  const what = `the read role ${role}`;
  try {
    await client.sts(what, ({ iam }, sdk) => iam.send(new sdk.PutRolePolicyCommand({ RoleName: role, PolicyName: `latchkey-revoked-${request.id}-until-${until}`, PolicyDocument: JSON.stringify(deny) })));
  } catch (error) {
    if (isAppError(error) && (error.code === 'FORBIDDEN' || error.code === 'NOT_FOUND')) {
      throw new AppError(error.code, `The grant of request ${request.id} could not be ended early at AWS: your AWS identity may not put a policy on ${what} in account ${session[1]}.`,
        'It ends by itself at its time. To end it sooner, an AWS admin of that account revokes the role\'s active sessions.', { cause: error });
    }
    throw error;
  }
  // Best effort: a spent deny left behind costs policy space, not safety.
  await pruneSpentDenies(client, role, now).catch(() => undefined);
}

async function pruneSpentDenies(client: AwsClients, role: string, now: number): Promise<void> {
  const listed = await client.sts(`the policies of ${role}`, ({ iam }, sdk) => iam.send(new sdk.ListRolePoliciesCommand({ RoleName: role })));
  const spent = (listed.PolicyNames ?? []).filter((name) => Number(DENY_POLICY.exec(name)?.[1] ?? Infinity) * 1000 < now);
  for (const name of spent) await client.sts(`the policy ${name}`, ({ iam }, sdk) => iam.send(new sdk.DeleteRolePolicyCommand({ RoleName: role, PolicyName: name })));
}
