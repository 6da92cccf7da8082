import { randomBytes } from 'node:crypto';
import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, IAMClient, PutRolePolicyCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { AwsBackendConfig } from '../../shared/backends';
import { policy, type MotoContext } from '../setup/moto-server';

export type AwsKeys = { accessKeyId: string; secretAccessKey: string };

/** Actions a developer who reads environments holds (the README's reader policy). */
export const READER_ACTIONS = ['secretsmanager:ListSecrets', 'secretsmanager:BatchGetSecretValue', 'secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'];

const unique = (what: string) => `${what}-${randomBytes(4).toString('hex')}`;

/**
 * One test's corner of the shared moto server: its own secret prefix, and IAM users and roles created by
 * the admin with the policies the test names (moto enforces the actions; it does not evaluate resource ARNs).
 */
export class MotoWorld {
  readonly prefix: string;
  readonly sm: SecretsManagerClient;
  readonly iam: IAMClient;

  constructor(
    readonly moto: MotoContext,
    options: { account?: 'main' | 'other'; prefix?: string } = {},
  ) {
    this.prefix = options.prefix ?? `${unique('t')}/`;
    const credentials = options.account === 'other' ? moto.otherAccount.admin : moto.admin;
    const client = { region: moto.region, endpoint: moto.endpoint, credentials };
    this.sm = new SecretsManagerClient(client);
    this.iam = new IAMClient(client);
  }

  /** The same corner (prefix) in moto's second account: its secrets are invisible to this account's users. */
  otherAccount(): MotoWorld {
    return new MotoWorld(this.moto, { account: 'other', prefix: this.prefix });
  }

  /** `<prefix><name>` = value (an object is stored as JSON, a string as is). */
  async secret(name: string, value: Record<string, unknown> | string): Promise<string> {
    const secretName = `${this.prefix}${name}`;
    await this.sm.send(new CreateSecretCommand({ Name: secretName, SecretString: typeof value === 'string' ? value : JSON.stringify(value) }));
    return secretName;
  }

  /** An IAM user allowed `actions`, and a key pair moto generated for it. */
  async user(actions: string[]): Promise<AwsKeys & { arn: string }> {
    const name = unique('user');
    const created = await this.iam.send(new CreateUserCommand({ UserName: name }));
    await this.iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'test', PolicyDocument: policy(actions) }));
    const key = (await this.iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
    return { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey!, arn: created.User!.Arn! };
  }

  /** A role that `trusted` may assume, allowed `actions`, with this maximum session duration. */
  async role(options: { trusted: string; actions: string[]; maxSessionSeconds?: number }): Promise<string> {
    const name = unique('reader');
    const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: options.trusted }, Action: 'sts:AssumeRole' }] };
    const created = await this.iam.send(
      new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: JSON.stringify(trust), MaxSessionDuration: options.maxSessionSeconds ?? 3600 }),
    );
    await this.iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: 'read', PolicyDocument: policy(options.actions) }));
    return created.Role!.Arn!;
  }

  /** A backend config for this world: moto's endpoint, this world's prefix. */
  config(name: string, extra: Record<string, unknown> = {}): AwsBackendConfig {
    return AwsBackendConfig.parse({ name, kind: 'aws', region: this.moto.region, endpoint: this.moto.endpoint, prefix: this.prefix, ...extra });
  }

  close(): void {
    this.sm.destroy();
    this.iam.destroy();
  }
}
