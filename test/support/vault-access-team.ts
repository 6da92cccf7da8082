import { randomBytes } from 'node:crypto';
import { rootClient } from '../integration/catalog/openbao-fixture';

/**
 * A team on the real OpenBao for the access-request tests (CLI, IPC and browser): a data mount with
 * `payments/dev` and `payments/staging`, a fresh ledger mount name (so tests never share one), userpass
 * users with entities, and the team profile. No test runner here: vitest and Playwright both use it.
 *   alice  requester (reads payments/dev herself)
 *   lead   approver of payments/staging
 *   bob    another requester (to prove requesters cannot touch each other's requests)
 */
export async function vaultAccessTeam(openbao: { address: string; token: string }, options: { requestExpiry?: string } = {}) {
  const root = rootClient(openbao.address, openbao.token);
  const data = await root.kvMount();
  await root.put(data, 'payments/dev', { API_KEY: 'fake-dev-key-not-real' });
  await root.put(data, 'payments/staging', { API_KEY: 'fake-staging-key-not-real', DB_PASS: 'fake-staging-db-not-real' });
  const ledger = `lk${randomBytes(4).toString('hex')}`;
  const grantPolicy = `${ledger}-staging-read`;
  await root.policy(grantPolicy, `path "${data}/data/payments/staging" { capabilities = ["read"] }\n`);
  await root.policy(`${ledger}-dev-read`, `path "${data}/data/payments/dev" { capabilities = ["read"] }\npath "${data}/metadata/*" { capabilities = ["list"] }\n`);

  const userpass = `up${randomBytes(4).toString('hex')}`;
  await root.call('POST', `sys/auth/${userpass}`, { type: 'userpass' });
  const suffix = randomBytes(3).toString('hex');
  const people = {
    alice: { username: `alice-${suffix}`, policies: [`${ledger}-requester`, `${ledger}-dev-read`] },
    lead: { username: `lead-${suffix}`, policies: [`${ledger}-requester`, `${ledger}-approver`] },
    bob: { username: `bob-${suffix}`, policies: [`${ledger}-requester`] },
  };
  const passwords: Record<keyof typeof people, string> = { alice: '', lead: '', bob: '' };
  for (const [who, p] of Object.entries(people) as Array<[keyof typeof people, (typeof people)['alice']]>) {
    passwords[who] = `fake-password-${randomBytes(8).toString('hex')}`;
    await root.call('POST', `auth/${userpass}/users/${p.username}`, { password: passwords[who], token_policies: p.policies.join(',') });
  }

  const profile = {
    version: 1,
    team: 'acme',
    backends: [{ name: 'acme', kind: 'vault', url: openbao.address, kvMount: data, auth: { method: 'userpass', mount: userpass } }],
    environments: [
      { ref: 'acme:payments/staging', grantPolicy, approvers: [people.lead.username], maxTtl: '8h', reasonMinLength: 10 },
      { ref: 'acme:payments/dev', grantPolicy: `${ledger}-dev-read`, approvers: [people.lead.username] },
    ],
    access: { vault: { mount: ledger }, ...(options.requestExpiry ? { requestExpiry: options.requestExpiry } : {}) },
  };

  /** A raw userpass token for direct policy checks (never through Latchkey). */
  async function tokenOf(who: keyof typeof people): Promise<{ token: string; entity: string }> {
    const res = await fetch(`${openbao.address}/v1/auth/${userpass}/login/${people[who].username}`, { method: 'POST', body: JSON.stringify({ password: passwords[who] }) });
    const body = (await res.json()) as { auth: { client_token: string; entity_id: string } };
    return { token: body.auth.client_token, entity: body.auth.entity_id };
  }

  return { root, data, ledger, grantPolicy, people, passwords, profile, tokenOf };
}
