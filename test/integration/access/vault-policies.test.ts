import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { approverPolicy, grantRoleConfig, requesterPolicy, vaultAccessNames } from '../../../electron/access/vault/policies';
import { keyringSkipReason } from '../../support/keyring';
import { ROOT } from '../../support/cli';
import { useTempDirs } from '../../support/temp-dir';
import { ok } from './cli-json';
import { vaultTeam } from './vault-team';

const tempDir = useTempDirs();
const skip = await keyringSkipReason();

async function call(address: string, token: string, method: string, p: string, body?: unknown): Promise<number> {
  const res = await fetch(`${address}/v1/${p}`, { method, headers: { 'X-Vault-Token': token }, body: body === undefined ? undefined : JSON.stringify(body) });
  await res.text();
  return res.status;
}

describe('the shipped Vault policy files', () => {
  it('are exactly what admin setup applies for the default mount', () => {
    const names = vaultAccessNames('latchkey');
    const file = (name: string) => readFileSync(path.join(ROOT, 'policies', name), 'utf8');
    expect(file('latchkey-requester.hcl')).toBe(requesterPolicy(names.mount));
    expect(file('latchkey-approver.hcl')).toBe(approverPolicy(names.mount, names.grantRole));
    expect(JSON.parse(file('latchkey-grant-role.json'))).toEqual(grantRoleConfig([]));
  });
});

describe.skipIf(skip !== null)('the requester and approver policies on a real OpenBao', () => {
  const openbao = inject('openbao');

  it('a requester can neither read nor change another person\'s request, nor write a decision, nor make a grant', async () => {
    const team = await vaultTeam(openbao, tempDir);
    await ok(['admin', 'setup', 'acme'], await team.home('admin'));
    const bobHome = await team.home('bob');
    const asked = await ok(['request', 'acme:payments/staging', '--reason', 'INC-7: read the staging config', '--duration', '1h'], bobHome);
    const bob = await team.tokenOf('bob');
    const alice = await team.tokenOf('alice');
    const m = team.ledger;
    const bobs = `${m}/data/requests/${bob.entity}/${asked.id}`;

    // Bob's own request is his to read, and stays as written (create only: no update).
    expect(await call(openbao.address, bob.token, 'GET', bobs)).toBe(200);
    expect(await call(openbao.address, bob.token, 'POST', bobs, { data: { record: 'changed' } })).toBe(403);
    // Alice cannot read, list, change or add to Bob's requests…
    expect(await call(openbao.address, alice.token, 'GET', bobs)).toBe(403);
    expect(await call(openbao.address, alice.token, 'LIST', `${m}/metadata/requests/${bob.entity}/`)).toBe(403);
    expect(await call(openbao.address, alice.token, 'LIST', `${m}/metadata/requests/`)).toBe(403);
    expect(await call(openbao.address, alice.token, 'POST', bobs, { data: { record: 'forged' } })).toBe(403);
    expect(await call(openbao.address, alice.token, 'POST', `${m}/data/requests/${bob.entity}/0123456789abcdef`, { options: { cas: 0 }, data: { record: 'forged' } })).toBe(403);
    // …nor write a decision (or an approver's end), nor make a grant token.
    expect(await call(openbao.address, alice.token, 'POST', `${m}/data/decisions/${asked.id}`, { options: { cas: 0 }, data: { record: 'approved' } })).toBe(403);
    expect(await call(openbao.address, alice.token, 'POST', `${m}/data/decisions/${asked.id}.end`, { options: { cas: 0 }, data: { record: 'revoked' } })).toBe(403);
    expect(await call(openbao.address, alice.token, 'POST', `auth/token/create/${m}-grant`, { policies: [team.grantPolicy] })).toBe(403);
    // Her own folder is hers.
    expect(await call(openbao.address, alice.token, 'POST', `${m}/data/requests/${alice.entity}/0123456789abcdef`, { options: { cas: 0 }, data: { record: 'x' } })).toBe(200);

    // The approver lists and reads every request and writes a decision once, never twice.
    const lead = await team.tokenOf('lead');
    expect(await call(openbao.address, lead.token, 'GET', bobs)).toBe(200);
    expect(await call(openbao.address, lead.token, 'POST', bobs, { data: { record: 'changed' } })).toBe(403);
    expect(await call(openbao.address, lead.token, 'POST', `${m}/data/decisions/${asked.id}`, { options: { cas: 0 }, data: { record: 'first' } })).toBe(200);
    expect(await call(openbao.address, lead.token, 'POST', `${m}/data/decisions/${asked.id}`, { options: { cas: 0 }, data: { record: 'second' } })).toBe(403);
    // A grant through the role carries only the profile's grant policies.
    expect(await call(openbao.address, lead.token, 'POST', `auth/token/create/${m}-grant`, { policies: [`${m}-approver`] })).toBe(400);
  });
});
