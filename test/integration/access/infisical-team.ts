import { promises as fs } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { SAMPLE, startInfisicalSimulator, type SimOptions } from '../../fakes/infisical';
import { cli } from '../../support/cli';

/**
 * The Infisical access tests' team: the simulator's sample Acme people, each with a Latchkey home that has
 * the profile imported and is signed in as that person (email + password, as `infisical login` does).
 *   lead  project admin, approver of payments/staging and payments/prod
 *   dev   reads payments/dev only; asks for staging
 *   ops   payments viewer; the profile names them an approver of prod, Infisical's own prod policy does not
 */
export const INF = 'inf';
export const STAGING = `${INF}:payments/staging`;
export const PROD = `${INF}:payments/prod`;

export async function infisicalTeam(tempDir: () => Promise<string>, options: Partial<SimOptions> = {}) {
  const sim = await startInfisicalSimulator({ seed: 'sample', options });
  const profile = {
    version: 1,
    team: 'acme-inf',
    backends: [{ name: INF, kind: 'infisical', url: sim.url, auth: { method: 'password' } }],
    environments: [
      { ref: STAGING, approvers: [SAMPLE.users.lead.email], maxTtl: '8h' },
      // The sample's own policy `prod-access` covers prod and names only lead; the profile also names ops.
      { ref: PROD, approvers: [SAMPLE.users.lead.email, SAMPLE.users.ops.email], maxTtl: '1d' },
    ],
    access: { requestExpiry: '1d' },
  };
  async function home(who: keyof typeof SAMPLE.users | 'machine' | 'nobody'): Promise<string> {
    const dir = await tempDir();
    const file = path.join(dir, 'team.json');
    await fs.writeFile(file, JSON.stringify(profile));
    expect((await cli(['profile', 'import', file], { home: dir })).code).toBe(0);
    if (who === 'nobody') return dir;
    const login =
      who === 'machine'
        ? await cli(['login', INF, '--client-id', SAMPLE.identities.devReader.clientId, '--client-secret-stdin'], { home: dir, stdin: `${SAMPLE.identities.devReader.clientSecret}\n` })
        : await cli(['login', INF, '--email', SAMPLE.users[who].email, '--password-stdin', ...(who === 'lead' ? ['--organization', 'acme'] : [])], { home: dir, stdin: `${SAMPLE.users[who].password}\n` });
    expect(login.code, login.stderr).toBe(0);
    return dir;
  }
  /** The simulator's record of a request, by Latchkey id (the tag at the end of its note). */
  const nativeRequest = (id: string) => sim.state.requests.find((r) => r.note?.endsWith(`[latchkey:${id}]`));
  return { sim, profile, home, nativeRequest };
}
