import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CreatePolicyCommand, CreateRoleCommand } from '@aws-sdk/client-iam';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { environmentOf } from '../../../electron/backends/aws/adapter';
import { ROOT } from '../../support/cli';
import { MotoWorld } from '../../support/aws';

// The example policies shipped in policies/aws. moto checks IAM policy grammar (CreatePolicy, CreateRole,
// PermissionsBoundary); it does not evaluate resource ARNs or most conditions in its decisions, so these
// tests prove the files are well-formed and fit Latchkey's names, not that AWS would enforce them as intended.
const dir = path.join(ROOT, 'policies', 'aws');
const read = (file: string) => JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as { Statement: Array<Record<string, unknown>> };
const world = new MotoWorld(inject('moto'));
afterAll(() => world.close());

describe('policies/aws examples', () => {
  it('every file is a policy document, and the README names each one', () => {
    const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
    expect(files.sort()).toEqual(['read-role-boundary.json', 'read-role-permissions.json', 'read-role-trust-policy.json', 'request-ledger-approver-policy.json', 'request-ledger-requester-policy.json']);
    const readme = readFileSync(path.join(dir, 'README.md'), 'utf8');
    for (const file of files) {
      expect(read(file)).toMatchObject({ Version: '2012-10-17', Statement: expect.any(Array) });
      expect(readme).toContain(file);
    }
  });

  it('moto accepts the identity policies, and a read role with its trust policy and boundary', async () => {
    const suffix = world.prefix.slice(2, 10);
    const arns: Record<string, string> = {};
    for (const file of ['read-role-permissions.json', 'read-role-boundary.json', 'request-ledger-approver-policy.json', 'request-ledger-requester-policy.json']) {
      const created = await world.iam.send(new CreatePolicyCommand({ PolicyName: `${path.basename(file, '.json')}-${suffix}`, PolicyDocument: JSON.stringify(read(file)) }));
      arns[file] = created.Policy!.Arn!;
    }
    const role = await world.iam.send(
      new CreateRoleCommand({
        RoleName: `latchkey-read-${suffix}`,
        Path: '/latchkey-read/',
        AssumeRolePolicyDocument: JSON.stringify(read('read-role-trust-policy.json')),
        MaxSessionDuration: 8 * 3600,
        PermissionsBoundary: arns['read-role-boundary.json'],
      }),
    );
    expect(role.Role?.Arn).toMatch(/:role\/latchkey-read\//);
  });

  it('no record of the ledger is ever an environment', async () => {
    for (const slot of ['request', 'decision', 'end', 'revoked']) expect(environmentOf(`${world.prefix}latchkey/requests/0123456789abcdef/${slot}`, world.prefix)).toBeNull();
  });

  it("the examples' names match Latchkey's: the ledger path, the read-role session names, one secret per environment", () => {
    // The records Latchkey writes: <prefix>latchkey/requests/<id>/<slot>, each kind by the side the policy allows.
    const own = read('request-ledger-requester-policy.json').Statement[0]!.Resource as string[];
    const decide = read('request-ledger-approver-policy.json').Statement[1]!.Resource as string[];
    expect([...own, ...decide].map((arn) => /:secret:acme\/latchkey\/requests\/\*\/(\w+)-\?{6}$/.exec(arn)?.[1])).toEqual(['request', 'end', 'decision', 'revoked']);
    const tagged = read('request-ledger-requester-policy.json').Statement[0] as { Condition: { StringEquals: Record<string, string> } };
    expect(Object.keys(tagged.Condition.StringEquals)).toEqual(['aws:RequestTag/latchkey-requester']);
    const trust = read('read-role-trust-policy.json').Statement[0] as { Condition: { StringLike: Record<string, string> } };
    const sessions = new RegExp(`^${trust.Condition.StringLike['sts:RoleSessionName']!.replace('*', '.*')}$`);
    // Latchkey names each grant's session latchkey-<request id> (test/integration/access/aws-loop.test.ts).
    expect('latchkey-0123456789abcdef').toMatch(sessions);
    const secret = read('read-role-permissions.json').Statement[0]!.Resource as string;
    const name = /:secret:(.*)-\?{6}$/.exec(secret)?.[1];
    expect(name && environmentOf(name, 'acme/')).toEqual({ project: 'payments', env: 'staging', path: 'acme/payments/staging' });
  });
});
