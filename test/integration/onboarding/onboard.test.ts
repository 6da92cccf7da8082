import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { createServices } from '../../../electron/services';
import { rootClient } from '../catalog/openbao-fixture';
import { cli } from '../../support/cli';
import { keyringSkipReason } from '../../support/keyring';
import { useTempDirs } from '../../support/temp-dir';

const tempDir = useTempDirs();
const skip = await keyringSkipReason();

/** A team on the real OpenBao: `payments/dev` readable with the new hire's token, `payments/staging` to ask for. */
async function team() {
  const { address, token } = inject('openbao');
  const root = rootClient(address, token);
  const mount = await root.kvMount();
  await root.put(mount, 'payments/dev', { API_KEY: 'fake-dev-key-not-real' });
  await root.put(mount, 'payments/staging', { API_KEY: 'fake-staging-key-not-real' });
  const policy = `dev-read-${randomBytes(3).toString('hex')}`;
  await root.policy(policy, `path "${mount}/data/payments/dev" { capabilities = ["read"] }\npath "${mount}/metadata/*" { capabilities = ["list"] }\n`);
  const newHire = await root.token([policy]);
  const home = await tempDir();
  const profile = {
    version: 1,
    team: 'acme',
    backends: [{ name: 'acme', kind: 'vault', url: address, kvMount: mount, auth: { method: 'token' } }],
    environments: [{ ref: 'acme:payments/dev' }, { ref: 'acme:payments/staging', approvers: ['lead@acme.test'], maxTtl: '8h' }],
    roles: [{ name: 'payments-engineer', environments: ['acme:payments/dev', 'acme:payments/staging'] }, { name: 'web', environments: [] }],
  };
  await fs.writeFile(path.join(home, 'team.json'), JSON.stringify(profile));
  expect((await cli(['profile', 'import', path.join(home, 'team.json')], { home })).code).toBe(0);
  return { root, home, newHire, address };
}

describe.skipIf(skip !== null)('latchkey onboard and backends:status against a real OpenBao', () => {
  it('prints the checklist the app shows: signed in as whom, dev read for real, staging to ask for', async () => {
    const { home, newHire } = await team();
    expect((await cli(['login', 'acme', '--token-stdin'], { home, stdin: newHire })).code).toBe(0);

    const json = await cli(['onboard', '--role', 'payments-engineer', '--json'], { home });
    expect(json.code, json.stderr).toBe(0);
    const list = JSON.parse(json.stdout);
    expect(list).toMatchObject({ team: 'acme', role: 'payments-engineer', done: false });
    expect(list.backends).toEqual([expect.objectContaining({ name: 'acme', state: 'signed-in', identity: 'token', expiresAt: expect.any(String) })]);
    expect(Date.parse(list.backends[0].expiresAt) - Date.now()).toBeGreaterThan(50 * 60_000);
    expect(list.environments.map((e: { ref: string; state: string }) => [e.ref, e.state])).toEqual([
      ['acme:payments/dev', 'ready'],
      ['acme:payments/staging', 'missing'],
    ]);
    expect(json.stdout).not.toContain(newHire);

    const text = await cli(['onboard', '--role', 'payments-engineer'], { home });
    expect(text.stdout).toContain('Day one on the acme team as payments-engineer');
    expect(text.stdout).toMatch(/\[x\] acme\s+signed in as token until /);
    expect(text.stdout).toMatch(/\[x\] acme:payments\/dev\s+ready/);
    expect(text.stdout).toMatch(/\[ \] acme:payments\/staging\s+missing/);
    expect(text.stdout).toContain('run: latchkey request acme:payments/staging --reason');
    expect(text.stdout).toContain('Then: latchkey export acme:payments/dev --out .env');
  });

  it('a revoked token: the backend is "sign-in refused" (never signed in) and nothing counts as ready', async () => {
    const { root, home, newHire } = await team();
    expect((await cli(['login', 'acme', '--token-stdin'], { home, stdin: newHire })).code).toBe(0);
    await root.call('POST', 'auth/token/revoke', { token: newHire });

    // The channel the window uses, over a fresh services graph on the same data dir and keychain.
    const services = await createServices({ dataDir: home });
    try {
      const status = await services.dispatch('backends:status', { refresh: true });
      expect(status).toMatchObject({ ok: true, value: [{ name: 'acme', state: 'refused', identity: null, next: { action: 'login', backend: 'acme' } }] });
      const checklist = await services.dispatch('onboarding:checklist', { role: 'payments-engineer' });
      expect(checklist).toMatchObject({ ok: true, value: { done: false, backends: [{ state: 'refused' }] } });
      expect((checklist as { value: { environments: Array<{ state: string }> } }).value.environments.every((e) => e.state !== 'ready')).toBe(true);
    } finally {
      await services.close();
    }
    const text = await cli(['onboard', '--role', 'payments-engineer'], { home });
    expect(text.stdout).toMatch(/\[ \] acme\s+sign-in refused/);
    expect(text.stdout).toContain('run: latchkey login acme');
    expect(text.stdout).not.toMatch(/signed in as/);
  });

  it('without --role uses the role chosen in the app, and says how to choose one when there is none', async () => {
    const { home } = await team();
    const none = await cli(['onboard'], { home });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('error[BAD_REQUEST]: No role is chosen yet');
    expect(none.stderr).toContain('Roles in the acme profile: payments-engineer, web.');
    expect(none.stderr).toContain('run: latchkey onboard --role <role>');

    const services = await createServices({ dataDir: home });
    try {
      expect(await services.dispatch('onboarding:chooseRole', { role: 'nope' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      expect(await services.dispatch('onboarding:chooseRole', { role: 'web' })).toEqual({ ok: true, value: { role: 'web' } });
      expect(await services.dispatch('profile:show', {})).toMatchObject({ ok: true, value: { role: 'web', backends: ['acme'] } });
    } finally {
      await services.close();
    }
    const chosen = await cli(['onboard', '--json'], { home });
    expect(JSON.parse(chosen.stdout)).toMatchObject({ role: 'web', environments: [], backends: [], done: true });
  });
});
