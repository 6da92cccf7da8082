import { AppError, isAppError } from '../../../shared/errors';
import type { AwsBackend } from '../../backends/aws/adapter';
import type { AccessBackend, Me, SetupChange } from '../backend';
import { issueAwsGrant, receiveAwsGrant, revokeAwsGrant } from './grant';
import { createAwsLedger } from './ledger';

/**
 * Access requests on AWS Secrets Manager: a ledger of write-once secrets under `<prefix>latchkey/requests/`,
 * and temporary credentials of the environment's read role (STS AssumeRole) as grants. The credentials end
 * at AWS by themselves; nothing has to run for that.
 */
export function createAwsAccess(adapter: AwsBackend, now: () => number = Date.now): AccessBackend {
  const client = adapter.client;
  const ledger = createAwsLedger(client);
  const name = adapter.name;

  /**
   * Who these credentials are: the id is the AWS user id (`aws:userid`: `AIDA…` for an IAM user,
   * `<role id>:<session name>` for a role session such as an SSO sign-in), which IAM lets each person tag
   * their own requests with; the name is what approvers are listed as in the profile (the IAM user name,
   * or the session name, which for SSO is the person's user name).
   */
  async function whoami(): Promise<Me> {
    const who = await client.sts('your AWS identity', ({ sts }, sdk) => sts.send(new sdk.GetCallerIdentityCommand({})));
    const arn = who.Arn ?? '';
    const id = who.UserId ?? arn;
    const person = arn.split(':').pop()?.split('/').pop() ?? id;
    return { id, name: person, names: [person, arn].filter(Boolean) };
  }

  return {
    name,
    kind: 'aws',
    grantsTo: 'device',
    whoami,
    listMine: (me) => ledger.list({ requester: me.id, skipEnded: false }),
    listAll: () => ledger.list({ skipEnded: true }),
    find: (idPrefix) => ledger.list({ idPrefix, skipEnded: false }),
    putRequest: (me, request) => ledger.write(request.body.id, 'request', me.id, request, `request ${request.body.id}`),
    putDecision: (item, decision) => ledger.write(item.id, 'decision', requesterOf(item.request?.body.requester.id, item.id), decision, `a decision on request ${item.id}`),
    putEnd: (item, end, side) =>
      ledger.write(item.id, side === 'requester' ? 'end' : 'revoked', requesterOf(item.request?.body.requester.id, item.id), end, `the end of request ${item.id}`),

    // The requester policy lets a person tag a request only with their own AWS user id: the tag proves who
    // filed it. A role session's id ends with its session name, which is the name it claims.
    async confirmRequester(request, filedUnder) {
      if (filedUnder !== request.requester.id) return `it claims AWS user ${request.requester.id} but was filed by ${filedUnder ?? 'nobody known'}`;
      const session = /^[A-Z0-9]+:(.+)$/.exec(request.requester.id)?.[1];
      if (session !== undefined && session !== request.requester.name) return `it claims the name ${request.requester.name}, but its AWS session is ${session}`;
      return null;
    },

    checkGrantable(env) {
      if (!env.readRole) {
        throw new AppError('BAD_REQUEST', `The team profile gives ${env.ref} no readRole, so ${name} cannot grant it.`,
          'Ask your team lead to name the IAM role that reads it (readRole) in the profile.');
      }
    },
    issueGrant: (env, request, seconds) => {
      if (!env.readRole) throw new AppError('BAD_REQUEST', `The team profile gives ${env.ref} no readRole, so ${name} cannot grant it.`);
      return issueAwsGrant(client, env.readRole, request, seconds);
    },
    receiveGrant: (material, envelope, expect) => receiveAwsGrant(client, material, envelope.handle, expect, now()),
    revokeGrant: (envelope, request) => revokeAwsGrant(client, envelope.handle, request, now()),
    // A role session cannot end itself (STS has no such call): giving back deletes it from this device and
    // records the end; AWS accepts it until its time, at most the approved duration.
    giveBack: async () => undefined,

    async setup({ readRoles }) {
      const changes: SetupChange[] = [
        { what: `request ledger ${client.config.prefix}latchkey/requests/`, action: 'unchanged', detail: 'one secret per record, made by each request; members need the request-ledger policies' },
      ];
      for (const role of readRoles) {
        const roleName = role.split('/').pop()!;
        try {
          const found = await client.sts(`the role ${role}`, ({ iam }, sdk) => iam.send(new sdk.GetRoleCommand({ RoleName: roleName })));
          changes.push({ what: `read role ${role}`, action: 'unchanged', detail: `grants last at most ${Math.round((found.Role?.MaxSessionDuration ?? 3600) / 60)} min` });
        } catch (error) {
          if (!(isAppError(error) && error.code === 'NOT_FOUND')) throw error;
          throw new AppError('NOT_FOUND', `The read role ${role} named in the team profile does not exist in your AWS account.`,
            'An AWS admin creates it (the read-role policies in policies/aws show how), or the profile names the right one.');
        }
      }
      return changes;
    },
  };
}

/** The AWS user id a record is tagged with: the request's own requester (readable only when the request is). */
function requesterOf(id: string | undefined, requestId: string): string {
  if (!id) throw new AppError('NOT_FOUND', `Request ${requestId} could not be read, so nothing can be added to it.`, 'List the requests again.', { next: { action: 'list-requests' } });
  return id;
}
