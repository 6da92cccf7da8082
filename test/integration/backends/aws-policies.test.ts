import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CreatePolicyCommand, CreateRoleCommand } from '@aws-sdk/client-iam';
import { GetResourcePolicyCommand, PutResourcePolicyCommand } from '@aws-sdk/client-secrets-manager';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { environmentOf } from '../../../electron/backends/aws/adapter';
import { ROOT } from '../../support/cli';
import { MotoWorld } from '../../support/aws';

// The example policies shipped in policies/aws. moto checks IAM policy grammar (CreatePolicy, CreateRole)
// and stores resource policies; it does not evaluate them (no resource ARNs, conditions or resource
// policies in its decisions), so these tests prove the files are well-formed and fit Latchkey's names,
// not that AWS would enforce them as intended.
const dir = path.join(ROOT, 'policies', 'aws');
const read = (file: string) => JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as { Statement: Array<Record<string, unknown>> };
const world = new MotoWorld(inject('moto'));
afterAll(() => world.close());

describe('policies/aws examples', () => {
  it('every file is a policy document, and the README names each one', () => {
    const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
    expect(files.sort()).toEqual(['read-role-permissions.json', 'read-role-trust-policy.json', 'request-ledger-approver-policy.json', 'request-ledger-requester-policy.json', 'request-ledger-resource-policy.json']);
    const readme = readFileSync(path.join(dir, 'README.md'), 'utf8');
    for (const file of files) {
      expect(read(file)).toMatchObject({ Version: '2012-10-17', Statement: expect.any(Array) });
      expect(readme).toContain(file);
    }
  });

  it('moto accepts the identity policies and the read role with its trust policy', async () => {
    for (const file of ['read-role-permissions.json', 'request-ledger-approver-policy.json', 'request-ledger-requester-policy.json']) {
      const created = await world.iam.send(new CreatePolicyCommand({ PolicyName: `${path.basename(file, '.json')}-${world.prefix.slice(2, 10)}`, PolicyDocument: JSON.stringify(read(file)) }));
      expect(created.Policy?.Arn).toBeDefined();
    }
    const role = await world.iam.send(new CreateRoleCommand({ RoleName: `latchkey-read-${world.prefix.slice(2, 10)}`, Path: '/latchkey-read/', AssumeRolePolicyDocument: JSON.stringify(read('read-role-trust-policy.json')), MaxSessionDuration: 8 * 3600 }));
    expect(role.Role?.Arn).toMatch(/:role\/latchkey-read\//);
  });

  it('the resource policy attaches to a request secret, which is never an environment', async () => {
    const name = await world.secret('latchkey/requests/r-0001', { ref: 'acme-aws:payments/staging', reason: 'on call', duration: '8h' });
    const document = JSON.stringify(read('request-ledger-resource-policy.json'));
    await world.sm.send(new PutResourcePolicyCommand({ SecretId: name, ResourcePolicy: document }));
    expect((await world.sm.send(new GetResourcePolicyCommand({ SecretId: name }))).ResourcePolicy).toBe(document);
    expect(environmentOf(name, world.prefix)).toBeNull();
  });

  it("the examples' names match Latchkey's: the ledger path, the read-role session names, one secret per environment", () => {
    const ledger = read('request-ledger-requester-policy.json').Statement[0]!.Resource as string;
    expect(ledger).toMatch(/:secret:acme\/latchkey\/requests\/\*$/);
    const trust = read('read-role-trust-policy.json').Statement[0] as { Condition: { StringLike: Record<string, string> } };
    const sessions = new RegExp(`^${trust.Condition.StringLike['sts:RoleSessionName']!.replace('*', '.*')}$`);
    expect('latchkey-req-0001').toMatch(sessions);
    const secret = read('read-role-permissions.json').Statement[0]!.Resource as string;
    const name = /:secret:(.*)-\?{6}$/.exec(secret)?.[1];
    expect(name && environmentOf(name, 'acme/')).toEqual({ project: 'payments', env: 'staging', path: 'acme/payments/staging' });
  });
});
