import { promises as fs } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { fakeToken, startDopplerSimulator, type DopplerSeed } from '../../fakes/doppler';
import { cli } from '../../support/cli';

/** People of the Doppler access tests. All fake: they open only the loopback simulator. */
export const DOPPLER_PEOPLE = {
  /** Workplace admin and the approver of payments/stg. */
  lead: { token: fakeToken('dp.pt.', 'leadapprover'), email: 'lead@example.invalid' },
  /** Reads payments/dev; asks for payments/stg. */
  dev: { token: fakeToken('dp.pt.', 'devrequester'), email: 'dev@example.invalid' },
  /** Another member: may write the ledger config like everyone, and nothing else. */
  mallory: { token: fakeToken('dp.pt.', 'mallorymember'), email: 'mallory@example.invalid' },
};

export const dopplerSeed: DopplerSeed = {
  workplace: { name: 'Fake Access Team' },
  projects: [{ slug: 'payments', secrets: { dev: { STRIPE_KEY: 'sk_test_fake_dev' }, stg: { STRIPE_KEY: 'sk_test_fake_stg_not_real', DB_PASS: 'fake-stg-db-not-real' } } }],
  tokens: [
    { kind: 'personal', key: DOPPLER_PEOPLE.lead.token, name: 'lead laptop', access: 'all', user: { email: DOPPLER_PEOPLE.lead.email, name: 'Lead' } },
    { kind: 'personal', key: DOPPLER_PEOPLE.dev.token, name: 'dev laptop', access: { payments: ['dev'], latchkey: ['requests'] }, user: { email: DOPPLER_PEOPLE.dev.email, name: 'Dev' } },
    { kind: 'personal', key: DOPPLER_PEOPLE.mallory.token, name: 'mallory laptop', access: { latchkey: ['requests'] }, user: { email: DOPPLER_PEOPLE.mallory.email, name: 'Mallory' } },
  ],
};

/** A simulator with the team, and a Latchkey home per person with the profile imported and signed in. */
export async function dopplerTeam(tempDir: () => Promise<string>, options: { requestExpiry?: string } = {}) {
  const sim = await startDopplerSimulator({ seed: dopplerSeed });
  const profile = {
    version: 1,
    team: 'fake-access-team',
    backends: [{ name: 'dop', kind: 'doppler', url: sim.url }],
    environments: [
      { ref: 'dop:payments/stg', approvers: [DOPPLER_PEOPLE.lead.email], maxTtl: '8h' },
      { ref: 'dop:payments/dev', approvers: [DOPPLER_PEOPLE.lead.email] },
      { ref: 'dop:payments/prd', approvers: [DOPPLER_PEOPLE.lead.email], maxTtl: '1h' },
    ],
    ...(options.requestExpiry ? { access: { requestExpiry: options.requestExpiry } } : {}),
  };
  async function home(who: keyof typeof DOPPLER_PEOPLE): Promise<string> {
    const dir = await tempDir();
    const file = path.join(dir, 'team.json');
    await fs.writeFile(file, JSON.stringify(profile));
    expect((await cli(['profile', 'import', file], { home: dir })).code).toBe(0);
    const login = await cli(['login', 'dop', '--token-stdin'], { home: dir, stdin: `${DOPPLER_PEOPLE[who].token}\n` });
    expect(login.code, login.stderr).toBe(0);
    return dir;
  }
  /** The service tokens the simulator holds for a config (the grants). */
  const serviceTokens = (project: string, config: string) => sim.state.tokens.filter((t) => t.kind === 'service' && t.scope?.project === project && t.scope.config === config);
  return { sim, profile, home, serviceTokens };
}

/** Reads a config with a token straight from the simulator's download endpoint (no Latchkey involved). */
export async function downloadStatus(url: string, token: string): Promise<number> {
  const res = await fetch(`${url}/v3/configs/config/secrets/download?format=json`, { headers: { Authorization: `Bearer ${token}` } });
  await res.text();
  return res.status;
}
