import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE, startInfisicalSimulator, type InfisicalSimulator } from '../../fakes/infisical';
import { cli } from '../../support/cli';
import { keyringSkipReason } from '../../support/keyring';
import { useTempDirs } from '../../support/temp-dir';

const tempDir = useTempDirs();
const skip = await keyringSkipReason();

describe.skipIf(skip !== null)('latchkey on Infisical (simulator) through the CLI', () => {
  let sim: InfisicalSimulator;
  beforeAll(async () => {
    sim = await startInfisicalSimulator({ seed: 'sample' });
  });
  afterAll(() => sim?.close());

  /** The keychain is shared by every test in the session: a unique backend name keeps tokens apart. */
  const uniqueName = () => `inf-${randomBytes(3).toString('hex')}`;

  async function signedIn(identity: { clientId: string; clientSecret: string } = SAMPLE.identities.admin) {
    const home = await tempDir();
    const name = uniqueName();
    const add = await cli(['backends', 'add', 'infisical', '--name', name, '--url', sim.url], { home });
    expect(add.code, add.stderr).toBe(0);
    const login = await cli(['login', name, '--client-id', identity.clientId, '--client-secret-stdin'], { home, stdin: `${identity.clientSecret}\n` });
    expect(login.code, login.stderr).toBe(0);
    expect(login.stdout).toContain(`Signed in to ${name} as machine identity ${identity.clientId}`);
    return { home, name };
  }

  it('adds the backend with universal auth by default and signs in with a client id and a piped secret', async () => {
    const { home, name } = await signedIn();
    const list = JSON.parse((await cli(['backends', 'list', '--json'], { home })).stdout);
    expect(list).toEqual([{ name, kind: 'infisical', url: sim.url, authMethod: 'universal', signedIn: true }]);
    // The client secret went to the keychain, never into Latchkey's files.
    for (const file of await fs.readdir(home, { recursive: true })) {
      const full = path.join(home, file);
      if ((await fs.stat(full)).isFile()) expect(await fs.readFile(full, 'utf8')).not.toContain(SAMPLE.identities.admin.clientSecret);
    }
  });

  it('envs lists every project × environment the identity can see, with its access', async () => {
    const admin = await signedIn();
    const all = JSON.parse((await cli(['envs', '--json'], { home: admin.home })).stdout) as Array<{ ref: string; kind: string; access: string; path: string }>;
    expect(all.map((e) => e.ref).sort()).toEqual(
      ['payments/dev', 'payments/prod', 'payments/staging', 'web-app/dev', 'web-app/prod'].map((r) => `${admin.name}:${r}`),
    );
    expect(all.every((e) => e.kind === 'infisical' && e.access === 'granted' && e.path === '/')).toBe(true);

    const reader = await signedIn(SAMPLE.identities.devReader);
    const result = await cli(['envs', '--json'], { home: reader.home });
    expect(result.code, result.stderr).toBe(0);
    const access = Object.fromEntries((JSON.parse(result.stdout) as typeof all).map((e) => [e.ref, e.access]));
    expect(access).toEqual({ [`${reader.name}:payments/dev`]: 'granted', [`${reader.name}:payments/staging`]: 'denied', [`${reader.name}:payments/prod`]: 'denied' });
  });

  it('secrets shows names (own and imported) without values; --reveal prints one expanded value', async () => {
    const { home, name } = await signedIn(SAMPLE.identities.devReader);
    const ref = `${name}:payments/dev`;
    const described = await cli(['secrets', ref, '--json'], { home });
    expect(described.code, described.stderr).toBe(0);
    const keys = (JSON.parse(described.stdout).secrets as Array<{ key: string }>).map((s) => s.key).sort();
    // SENTRY_DSN comes from the /shared import; API_TOKEN lives in the /api folder, not at the root.
    expect(keys).toEqual(['CALLBACK_URL', 'DATABASE_URL', 'PUBLIC_URL', 'SENTRY_DSN', 'STRIPE_KEY']);
    expect(described.stdout).not.toContain('sk_test_fake_not_real_dev');
    expect((await cli(['secrets', ref], { home })).stdout).toMatch(/STRIPE_KEY\s+v1\s+0 days old/);

    const reveal = await cli(['secrets', ref, '--reveal', 'CALLBACK_URL'], { home });
    expect(reveal).toMatchObject({ code: 0, stdout: 'https://dev.payments.example.test/callback\n' });
    const audit = JSON.parse((await cli(['audit', '--json'], { home })).stdout) as Array<Record<string, any>>;
    expect(audit.find((e) => e.action === 'secret.reveal')).toMatchObject({ target: ref, outcome: 'ok', details: { key: 'CALLBACK_URL' } });
  });

  it('refuses to reveal from an environment the identity cannot read', async () => {
    const { home, name } = await signedIn(SAMPLE.identities.devReader);
    const result = await cli(['secrets', `${name}:payments/staging`, '--reveal', 'STRIPE_KEY'], { home });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(new RegExp(`^error\\[FORBIDDEN\\]: .*${name}`));
    expect(result.stdout).toBe('');
  });

  it('a profile can name an Infisical backend and a folder path', async () => {
    const home = await tempDir();
    const name = uniqueName();
    const profile = {
      version: 1,
      team: 'acme',
      backends: [{ name, kind: 'infisical', url: sim.url }],
      environments: [{ ref: `${name}:payments/dev`, path: '/api' }],
    };
    await fs.writeFile(path.join(home, 'team.json'), JSON.stringify(profile));
    expect((await cli(['profile', 'import', path.join(home, 'team.json')], { home })).code).toBe(0);
    const login = await cli(['login', name, '--client-id', SAMPLE.identities.admin.clientId, '--client-secret-stdin'], { home, stdin: SAMPLE.identities.admin.clientSecret });
    expect(login.code, login.stderr).toBe(0);
    const reveal = await cli(['secrets', `${name}:payments/dev`, '--reveal', 'API_TOKEN'], { home });
    expect(reveal).toMatchObject({ code: 0, stdout: 'fake-api-token-dev\n' });
  });

  it('says what to do when the sign-in is wrong or incomplete, never echoing the secret', async () => {
    const home = await tempDir();
    const name = uniqueName();
    await cli(['backends', 'add', 'infisical', '--name', name, '--url', sim.url], { home });
    const wrong = await cli(['login', name, '--client-id', SAMPLE.identities.outsider.clientId, '--client-secret-stdin'], { home, stdin: 'fake-wrong-secret-not-real' });
    expect(wrong.code).toBe(3);
    expect(wrong.stderr).toMatch(/^error\[UNAUTHENTICATED\]: .*/);
    expect(wrong.stderr + wrong.stdout).not.toContain('fake-wrong-secret-not-real');

    const noId = await cli(['login', name, '--client-secret-stdin'], { home, stdin: 'fake-secret-not-real' });
    expect(noId.code).toBe(2);
    const piped = await cli(['login', name], { home, stdin: 'fake-secret-not-real' });
    expect(piped.code).toBe(2);
    expect(piped.stderr).toContain('--client-id');

    // An access token the server refuses: the token was refused, not "your session is no longer valid".
    const tokenName = uniqueName();
    await cli(['backends', 'add', 'infisical', '--name', tokenName, '--url', sim.url, '--auth', 'token'], { home });
    const badToken = await cli(['login', tokenName, '--token-stdin'], { home, stdin: 'fake-wrong-access-token-not-real' });
    expect(badToken.code).toBe(3);
    expect(badToken.stderr).toMatch(new RegExp(`^error\\[UNAUTHENTICATED\\]: ${tokenName} \\(Infisical at \\S+\\) refused the access token: it is wrong, expired or revoked\\.`));
    expect(badToken.stderr).not.toMatch(/no longer valid/);
    expect(badToken.stderr + badToken.stdout).not.toContain('fake-wrong-access-token-not-real');

    const userpass = await cli(['login', name, '--username', 'x', '--password-stdin'], { home, stdin: 'pw' });
    expect(userpass.code).toBe(2);
    expect(userpass.stderr).toContain('universal --client-id <id> --client-secret-stdin');
  });

  it('rejects Vault-only flags and a missing --url', async () => {
    const home = await tempDir();
    const mount = await cli(['backends', 'add', 'infisical', '--name', uniqueName(), '--url', sim.url, '--kv-mount', 'kv'], { home });
    expect(mount.code).toBe(2);
    expect(mount.stderr).toContain('--kv-mount only apply to Vault backends');
    const noUrl = await cli(['backends', 'add', 'infisical', '--name', uniqueName()], { home });
    expect(noUrl.code).toBe(2);
    expect(noUrl.stderr).toContain('needs the server address');
  });
});
