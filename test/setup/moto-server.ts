import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, IAMClient, PutRolePolicyCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { freePort } from './ports';
import { startServerProcess } from './server-process';
import { toolPath } from './tools';

/** Obviously fake: moto accepts any key while IAM is not enforced. Not the shape of a real key id. */
export const FAKE_AWS_CREDENTIALS = { accessKeyId: 'FAKEACCESSKEYEXAMPLE', secretAccessKey: 'fake-secret-access-key-not-real' };
export const MOTO_REGION = 'eu-west-1';

/** An admin of a second AWS account on the same moto server (role-session credentials, account 210987654321). */
export interface OtherAccount {
  accountId: string;
  admin: { accessKeyId: string; secretAccessKey: string; sessionToken: string };
}

/** A moto server with IAM enforced and its admins: what integration tests get from `inject('moto')`. */
export interface MotoContext {
  endpoint: string;
  region: string;
  admin: { accessKeyId: string; secretAccessKey: string };
  /**
   * A second account: moto's secrets, IAM users and roles live per account, and its IAM checks actions but
   * not resource ARNs, so "may read the ledger but not that environment" needs the environment elsewhere —
   * as many teams keep production secrets, with its read roles, in an account of its own.
   */
  otherAccount: OtherAccount;
}

export interface MotoServer {
  /** e.g. http://127.0.0.1:41236 — every AWS service moto emulates answers here. */
  endpoint: string;
  region: string;
  /**
   * With `enforceIam`: an IAM user allowed everything, whose keys moto generated (runtime only, never in
   * the repo). Every request must then be signed by an IAM user or role moto knows, and its policy decides.
   */
  admin: { accessKeyId: string; secretAccessKey: string } | null;
  otherAccount: OtherAccount | null;
  stop(): Promise<void>;
}

// The SDK's "Node 20 support ends in 2027" notice, once per process: noise in test output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/**
 * Starts a real moto server (`moto_server` from the tools venv) on a free loopback port. `enforceIam`
 * seeds an admin user, then turns on moto's IAM enforcement (its /moto-api/reset-auth switch, the runtime
 * form of INITIAL_NO_AUTH_ACTION_COUNT): from then on moto checks each action against the caller's
 * identity policies. moto does not evaluate resource ARNs in Secrets Manager policies, resource policies
 * or KMS: tests that need those say so.
 */
export async function startMoto(options: { enforceIam?: boolean } = {}): Promise<MotoServer> {
  const bin = toolPath('moto_server');
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  return startServerProcess({
    name: 'moto server',
    bin,
    args: ['-H', '127.0.0.1', '-p', String(port)],
    env: { PYTHONUNBUFFERED: '1' },
    ready: async (stop) => {
      const res = await fetch(`${endpoint}/moto-api/data.json`, { signal: AbortSignal.timeout(1_000) });
      if (!res.ok) return null;
      const admins = options.enforceIam ? await enforceIam(endpoint) : null;
      return { endpoint, region: MOTO_REGION, admin: admins?.admin ?? null, otherAccount: admins?.otherAccount ?? null, stop };
    },
  });
}

const OTHER_ACCOUNT_ID = '210987654321';

async function enforceIam(endpoint: string): Promise<{ admin: MotoContext['admin']; otherAccount: OtherAccount }> {
  const iam = new IAMClient({ region: MOTO_REGION, endpoint, credentials: FAKE_AWS_CREDENTIALS });
  const clients: Array<{ destroy(): void }> = [iam];
  try {
    await iam.send(new CreateUserCommand({ UserName: 'latchkey-test-admin' }));
    await iam.send(new PutUserPolicyCommand({ UserName: 'latchkey-test-admin', PolicyName: 'everything', PolicyDocument: policy(['*']) }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'latchkey-test-admin' }))).AccessKey!;
    const admin = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
    // moto switches accounts through AssumeRole on a role ARN of another account; the role must exist there
    // (with its policy) before enforcement starts, or moto cannot answer for the session afterwards.
    const sts = new STSClient({ region: MOTO_REGION, endpoint, credentials: admin });
    clients.push(sts);
    const session = (await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${OTHER_ACCOUNT_ID}:role/latchkey-test-admin`, RoleSessionName: 'latchkey-tests' }))).Credentials!;
    const other = { accessKeyId: session.AccessKeyId!, secretAccessKey: session.SecretAccessKey!, sessionToken: session.SessionToken! };
    const otherIam = new IAMClient({ region: MOTO_REGION, endpoint, credentials: other });
    clients.push(otherIam);
    const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }] };
    await otherIam.send(new CreateRoleCommand({ RoleName: 'latchkey-test-admin', AssumeRolePolicyDocument: JSON.stringify(trust) }));
    await otherIam.send(new PutRolePolicyCommand({ RoleName: 'latchkey-test-admin', PolicyName: 'everything', PolicyDocument: policy(['*']) }));
    const res = await fetch(`${endpoint}/moto-api/reset-auth`, { method: 'POST', body: '0' });
    if (!res.ok) throw new Error(`moto refused to enforce IAM: HTTP ${res.status}`);
    return { admin, otherAccount: { accountId: OTHER_ACCOUNT_ID, admin: other } };
  } finally {
    for (const client of clients) client.destroy();
  }
}

/** An identity policy allowing `actions` on every resource (moto checks actions, not resource ARNs). */
export const policy = (actions: string[]) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] });
