import { randomBytes } from 'node:crypto';
import type { Services } from '../../electron/services';
import { rootClient } from '../support/openbao-root';
import type { SampleTeamInfo } from './sample-team';

/**
 * Day one of a new hire on the sample team (`startSampleTeam()`), for the browser tests and `npm run demo`:
 * on the real OpenBao a fresh KV mount with `payments/dev` (the new hire reads it) and `payments/staging`
 * (asked for, granted through the access-request ledger), userpass people with entities, and a team profile
 * naming the OpenBao, the Infisical simulator and the Doppler simulator. Every credential is fake and opens
 * only these throwaway loopback servers.
 */
export interface DayOneTeam {
  /** What the lead sends the new hire (a team profile's JSON). */
  profile: Record<string, unknown>;
  /** Userpass people on the OpenBao: the new hire (Sam) and the lead (Lee), who approves staging. */
  people: { newHire: { username: string; password: string }; lead: { username: string; password: string } };
  backends: { vault: string; infisical: string; doppler: string };
  refs: { dev: string; staging: string; infisical: string; doppler: string };
  /** The new hire's role: the two OpenBao environments. */
  role: string;
  /** Root token of the throwaway OpenBao (the admin who sets up access requests once). */
  rootToken: string;
}

export async function dayOneTeam(info: SampleTeamInfo): Promise<DayOneTeam> {
  if (!info.openbao) throw new Error('The day-one team needs OpenBao: run `node test/setup/host.mjs` to install bao.');
  const { url, rootToken } = info.openbao;
  const root = rootClient(url, rootToken);
  const call = root.call;
  const hex = randomBytes(3).toString('hex');
  const mount = `team-${hex}`;
  await call('POST', `sys/mounts/${mount}`, { type: 'kv', options: { version: '2' } });
  await root.put(mount, 'payments/dev', { API_KEY: 'fake-api-key-dev-not-real', DATABASE_URL: 'postgres://fake-user:fake-pass@localhost:5432/payments_dev' });
  await root.put(mount, 'payments/staging', { API_KEY: 'fake-api-key-staging-not-real', STRIPE_KEY: 'sk_test_fake_staging_not_real' });
  const ledger = `lk${hex}`;
  const devRead = `${ledger}-dev-read`;
  const stagingRead = `${ledger}-staging-read`;
  await call('PUT', `sys/policies/acl/${devRead}`, { policy: `path "${mount}/data/payments/dev" { capabilities = ["read"] }\npath "${mount}/metadata/*" { capabilities = ["list"] }\n` });
  await call('PUT', `sys/policies/acl/${stagingRead}`, { policy: `path "${mount}/data/payments/staging" { capabilities = ["read"] }\n` });
  const userpass = `people-${hex}`;
  await call('POST', `sys/auth/${userpass}`, { type: 'userpass' });
  const people = {
    newHire: { username: `sam-${hex}`, password: `fake-password-sam-${randomBytes(6).toString('hex')}` },
    lead: { username: `lee-${hex}`, password: `fake-password-lee-${randomBytes(6).toString('hex')}` },
  };
  await call('POST', `auth/${userpass}/users/${people.newHire.username}`, { password: people.newHire.password, token_policies: `${ledger}-requester,${devRead}` });
  await call('POST', `auth/${userpass}/users/${people.lead.username}`, { password: people.lead.password, token_policies: `${ledger}-requester,${ledger}-approver,${devRead}` });

  const backends = { vault: 'acme-vault', infisical: 'acme-infisical', doppler: 'acme-doppler' };
  const refs = {
    dev: `${backends.vault}:payments/dev`,
    staging: `${backends.vault}:payments/staging`,
    infisical: `${backends.infisical}:payments/dev`,
    doppler: `${backends.doppler}:backend/dev`,
  };
  const profile = {
    version: 1,
    team: 'acme',
    backends: [
      { name: backends.vault, kind: 'vault', url, kvMount: mount, auth: { method: 'userpass', mount: userpass } },
      { name: backends.infisical, kind: 'infisical', url: info.infisical.url, auth: { method: 'user' } },
      { name: backends.doppler, kind: 'doppler', url: info.doppler.url, auth: { method: 'token' } },
    ],
    environments: [
      { ref: refs.dev, approvers: [people.lead.username] },
      { ref: refs.staging, grantPolicy: stagingRead, approvers: [people.lead.username], maxTtl: '8h' },
      { ref: refs.infisical },
      { ref: refs.doppler },
    ],
    roles: [
      { name: 'payments-engineer', environments: [refs.dev, refs.staging] },
      { name: 'full-stack', environments: [refs.dev, refs.infisical, refs.doppler] },
    ],
    access: { vault: { mount: ledger } },
  };
  return { profile, people, backends, refs, role: 'payments-engineer', rootToken };
}

/** Once per team, by an admin (root token): what access requests need on the OpenBao. */
export async function setUpRequests(admin: Services, team: DayOneTeam): Promise<void> {
  await admin.setup.importProfile({ profile: team.profile, source: 'acme-team.json' });
  await admin.setup.signIn(team.backends.vault, { method: 'token', token: team.rootToken });
  await admin.access.setup(team.backends.vault, { dryRun: false });
}

/** The lead's Latchkey: the profile imported and signed in with userpass. */
export async function signedInLead(lead: Services, team: DayOneTeam): Promise<void> {
  await lead.setup.importProfile({ profile: team.profile, source: 'acme-team.json' });
  await lead.setup.signIn(team.backends.vault, { method: 'userpass', ...team.people.lead });
}

/** Without OpenBao (`bao` not installed): the same team on the Infisical and Doppler simulators only. */
export function simulatorsOnlyProfile(info: SampleTeamInfo): Record<string, unknown> {
  const infisical = 'acme-infisical:payments/dev';
  const doppler = 'acme-doppler:backend/dev';
  return {
    version: 1,
    team: 'acme',
    backends: [
      { name: 'acme-infisical', kind: 'infisical', url: info.infisical.url, auth: { method: 'user' } },
      { name: 'acme-doppler', kind: 'doppler', url: info.doppler.url, auth: { method: 'token' } },
    ],
    environments: [{ ref: infisical }, { ref: doppler }],
    roles: [{ name: 'full-stack', environments: [infisical, doppler] }],
  };
}
