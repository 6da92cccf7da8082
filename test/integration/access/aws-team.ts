import { promises as fs } from 'node:fs';
import path from 'node:path';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { expect } from 'vitest';
import type { MotoContext } from '../../setup/moto-server';
import { cli } from '../../support/cli';
import { MotoWorld } from '../../support/aws';

/** What a person needs for the request ledger (policies/aws/request-ledger-*.json, minus their conditions). */
export const LEDGER_ACTIONS = [
  'secretsmanager:ListSecrets',
  'secretsmanager:BatchGetSecretValue',
  'secretsmanager:GetSecretValue',
  'secretsmanager:DescribeSecret',
  'secretsmanager:CreateSecret',
  'secretsmanager:TagResource',
];

/**
 * Two people on a real moto server with IAM enforced. moto checks actions but not resource ARNs, so a
 * person who may read the ledger may read every secret of their account: the environment to ask for,
 * `payments/stg`, and its read role therefore live in moto's second account (as production often does in
 * AWS). Its secret is invisible to both people's own credentials; only the read role's session reads it.
 */
/**
 * `roleInOwnAccount`: the read role lives in the people's account instead, where the approver may read its
 * maximum session (iam:GetRole) and put a deny on it (revoke); the staging secret then exists nowhere, so
 * the requester's own identity still cannot read it (and neither can the grant: those tests do not read).
 */
export async function awsTeam(moto: MotoContext, tempDir: () => Promise<string>, options: { roleInOwnAccount?: { maxSessionSeconds: number } } = {}) {
  const world = new MotoWorld(moto);
  const prod = world.otherAccount();
  const dev = await world.user(LEDGER_ACTIONS);
  const lead = await world.user([...LEDGER_ACTIONS, 'sts:AssumeRole', 'iam:GetRole', 'iam:PutRolePolicy', 'iam:ListRolePolicies', 'iam:DeleteRolePolicy']);
  const leadName = lead.arn.split('/').pop()!;
  await world.secret('payments/dev', { STRIPE_KEY: 'sk_test_fake_dev' });
  const own = options.roleInOwnAccount;
  if (!own) await prod.secret('payments/stg', { STRIPE_KEY: 'sk_test_fake_stg_not_real', DB_PASS: 'fake-stg-db-not-real' });
  const readRole = await (own ? world : prod).role({ trusted: lead.arn, actions: ['secretsmanager:GetSecretValue'], maxSessionSeconds: own?.maxSessionSeconds ?? 8 * 3600 });
  const profile = {
    version: 1,
    team: 'fake-aws-team',
    backends: [{ name: 'aws', kind: 'aws', region: moto.region, endpoint: moto.endpoint, prefix: world.prefix }],
    environments: [
      { ref: 'aws:payments/stg', approvers: [leadName], readRole, maxTtl: '8h' },
      { ref: 'aws:payments/dev', approvers: [leadName] },
    ],
  };
  const keys = { dev, lead };

  async function home(who: keyof typeof keys): Promise<string> {
    const dir = await tempDir();
    const file = path.join(dir, 'team.json');
    await fs.writeFile(file, JSON.stringify(profile));
    expect((await cli(['profile', 'import', file], { home: dir })).code).toBe(0);
    const login = await cli(['login', 'aws', '--access-key-id', keys[who].accessKeyId, '--secret-access-key-stdin'], { home: dir, stdin: `${keys[who].secretAccessKey}\n` });
    expect(login.code, login.stderr).toBe(0);
    return dir;
  }

  const client = { region: moto.region, endpoint: moto.endpoint };
  /** Reads `payments/stg` with credentials straight from moto (no Latchkey involved): its status. */
  async function readsStaging(credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }): Promise<'read' | string> {
    const sm = new SecretsManagerClient({ ...client, credentials, maxAttempts: 1 });
    try {
      await sm.send(new GetSecretValueCommand({ SecretId: `${world.prefix}payments/stg` }));
      return 'read';
    } catch (error) {
      return (error as Error).name;
    } finally {
      sm.destroy();
    }
  }
  async function whoIs(credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }): Promise<string | undefined> {
    const sts = new STSClient({ ...client, credentials });
    try {
      return (await sts.send(new GetCallerIdentityCommand({}))).Arn;
    } finally {
      sts.destroy();
    }
  }
  const close = () => (world.close(), prod.close());
  return { world, prod, keys, leadName, readRole, profile, home, readsStaging, whoIs, close };
}
