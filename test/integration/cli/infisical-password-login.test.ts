import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE, startInfisicalSimulator, type InfisicalSimulator } from '../../fakes/infisical';
import { readRule, simHttp } from '../../fakes/infisical/http-helper';
import { cli } from '../../support/cli';
import { keyringSkipReason } from '../../support/keyring';
import { useTempDirs } from '../../support/temp-dir';

// `latchkey login <infisical> --email <e> --password-stdin` (the Infisical CLI's non-interactive user login), and
// what a person's session then reads: a prod privilege from an approved request works until its end, then not.
const JWT = /eyJ[\w-]{8,}\.eyJ[\w-]{8,}\.[\w-]{8,}/;
const tempDir = useTempDirs();
const skip = await keyringSkipReason();

describe.skipIf(skip !== null)('latchkey login --email --password-stdin (Infisical user)', () => {
  let sim: InfisicalSimulator;
  beforeAll(async () => {
    sim = await startInfisicalSimulator({ seed: 'sample' });
  });
  afterAll(() => sim?.close());

  async function backend() {
    const home = await tempDir();
    const name = `inf-${randomBytes(3).toString('hex')}`;
    expect((await cli(['backends', 'add', 'infisical', '--name', name, '--url', sim.url], { home })).code).toBe(0);
    return { home, name };
  }
  const login = (b: { home: string; name: string }, user: { email: string; password: string }, extra: string[] = []) =>
    cli(['login', b.name, '--email', user.email, '--password-stdin', ...extra], { home: b.home, stdin: `${user.password}\n` });

  async function everythingIn(home: string, outputs: string[]): Promise<string> {
    let all = outputs.join('\n');
    for (const file of await fs.readdir(home, { recursive: true })) {
      const full = path.join(home, file);
      if ((await fs.stat(full)).isFile()) all += await fs.readFile(full, 'utf8');
    }
    return all;
  }

  it('signs in with a piped password and reads what the person may read; password and token go nowhere else', async () => {
    const b = await backend();
    const result = await login(b, SAMPLE.users.dev);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^Signed in to ${b.name} as ${SAMPLE.users.dev.email} \\(${SAMPLE.orgs.acme.replace(/[()]/g, '\\$&')}\\) \\(expires \\S+\\)\\.\\n$`));
    const reveal = await cli(['secrets', `${b.name}:payments/dev`, '--reveal', 'STRIPE_KEY'], b);
    expect(reveal).toMatchObject({ code: 0, stdout: 'sk_test_fake_not_real_dev\n' });
    const list = JSON.parse((await cli(['backends', 'list', '--json'], b)).stdout);
    expect(list).toEqual([{ name: b.name, kind: 'infisical', url: sim.url, authMethod: 'universal', signedIn: true }]);
    const audit = (await cli(['audit', '--json'], b)).stdout;
    expect(JSON.parse(audit).find((e: { action: string }) => e.action === 'login')).toMatchObject({ outcome: 'ok', details: { method: 'password', email: SAMPLE.users.dev.email } });
    const all = await everythingIn(b.home, [result.stdout, result.stderr, reveal.stderr, audit]);
    expect(all).not.toContain(SAMPLE.users.dev.password);
    expect(all).not.toMatch(JWT);
  });

  it('asks which organization for an account in several, and signs in to the one named', async () => {
    const b = await backend();
    const several = await login(b, SAMPLE.users.lead);
    expect(several.code).toBe(2);
    expect(several.stderr).toMatch(/^error\[BAD_REQUEST\]: This account belongs to 2 organizations .*Acme \(fake\) \(acme\), Side Project \(fake\) \(side-project\)/);
    const chosen = await login(b, SAMPLE.users.lead, ['--organization', 'acme']);
    expect(chosen.code, chosen.stderr).toBe(0);
    expect(chosen.stdout).toContain(`(${SAMPLE.orgs.acme})`);
  });

  it('a wrong password is UNAUTHENTICATED (exit 3) and never echoed; MFA and legacy accounts are sent to the browser', async () => {
    const b = await backend();
    const wrong = await login(b, { email: SAMPLE.users.dev.email, password: 'fake-wrong-password-canary' });
    expect(wrong.code).toBe(3);
    expect(wrong.stderr).toMatch(/^error\[UNAUTHENTICATED\]: Wrong email or password/);
    expect(wrong.stderr + wrong.stdout).not.toContain('fake-wrong-password-canary');
    const mfa = await login(b, SAMPLE.users.mfa);
    expect(mfa.code).toBe(3);
    expect(mfa.stderr).toContain(`run: latchkey login ${b.name} --user`);
    const legacy = await login(b, SAMPLE.users.legacy);
    expect(legacy.stderr).toMatch(/SRP/);
    expect(legacy.stderr).toContain('--user');
    const audit = (await cli(['audit', '--json'], b)).stdout;
    const failed = JSON.parse(audit).filter((e: { action: string; outcome: string }) => e.action === 'login' && e.outcome === 'failed');
    expect(failed.map((e: { details: { email: string; code: string } }) => [e.details.email, e.details.code])).toEqual(
      [SAMPLE.users.dev.email, SAMPLE.users.mfa.email, SAMPLE.users.legacy.email].map((email) => [email, 'UNAUTHENTICATED']),
    );
    expect(audit).not.toContain('fake-wrong-password-canary');
  });

  it('reads prod while an approved request\'s privilege lasts, and is refused (FORBIDDEN) after it ends', async () => {
    const b = await backend();
    expect((await login(b, SAMPLE.users.dev)).code).toBe(0);
    const ref = `${b.name}:payments/prod`;
    expect((await cli(['secrets', ref, '--reveal', 'STRIPE_KEY'], b)).code).toBe(3);

    const call = simHttp(sim.url);
    const dev = sim.userToken(SAMPLE.users.dev.email);
    const made = await call('POST', '/api/v1/access-approvals/requests?projectSlug=payments', { token: dev, body: { permissions: readRule('prod'), isTemporary: true, temporaryRange: '30m', note: 'fake incident' } });
    const approved = await call('POST', `/api/v1/access-approvals/requests/${made.body.approval.id}/review`, { token: sim.userToken(SAMPLE.users.lead.email), body: { status: 'approved' } });
    expect(approved.status).toBe(200);

    expect(await cli(['secrets', ref, '--reveal', 'STRIPE_KEY'], b)).toMatchObject({ code: 0, stdout: 'sk_live_fake_not_real_prod\n' });
    sim.advance(30 * 60_000 + 1_000);
    try {
      const after = await cli(['secrets', ref, '--reveal', 'STRIPE_KEY'], b);
      expect(after.code).toBe(3);
      expect(after.stderr).toMatch(/^error\[FORBIDDEN\]: /);
      expect(after.stdout).toBe('');
    } finally {
      sim.advance(-(30 * 60_000 + 1_000));
    }
  });

  it('an expired session is UNAUTHENTICATED and names the same sign-in as the next step', async () => {
    const b = await backend();
    expect((await login(b, SAMPLE.users.dev)).code).toBe(0);
    sim.advance(864_000_000 + 60_000);
    try {
      const expired = await cli(['envs'], b);
      expect(expired.stderr).toMatch(new RegExp(`warning: ${b.name}: Your session with ${b.name} .* is no longer valid`));
      const secrets = await cli(['secrets', `${b.name}:payments/dev`], b);
      expect(secrets.code).toBe(3);
      expect(secrets.stderr).toContain(`run: latchkey login ${b.name} --email ${SAMPLE.users.dev.email} --password-stdin`);
    } finally {
      sim.advance(-(864_000_000 + 60_000));
    }
  });
});
