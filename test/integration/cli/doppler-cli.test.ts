import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_TOKENS, startDopplerSimulator, type DopplerSimulator } from '../../fakes/doppler';
import { cli } from '../../support/cli';
import { keyringSkipReason } from '../../support/keyring';
import { useTempDirs } from '../../support/temp-dir';

const tempDir = useTempDirs();
const skip = await keyringSkipReason();

describe.skipIf(skip !== null)('latchkey on Doppler (simulator) through the CLI', () => {
  let sim: DopplerSimulator;
  beforeAll(async () => {
    sim = await startDopplerSimulator();
  });
  afterAll(() => sim?.close());

  /** The keychain is shared by every test in the session: a unique backend name keeps tokens apart. */
  const uniqueName = () => `dop-${randomBytes(3).toString('hex')}`;

  async function signedIn(token: string, how: 'stdin' | 'prompt' = 'stdin') {
    const home = await tempDir();
    const name = uniqueName();
    const add = await cli(['backends', 'add', 'doppler', '--name', name, '--url', sim.url], { home });
    expect(add.code, add.stderr).toBe(0);
    // Without --token-stdin the backend's method (token) is asked for; piped stdin answers the prompt.
    const login = await cli(['login', name, ...(how === 'stdin' ? ['--token-stdin'] : [])], { home, stdin: `${token}\n` });
    expect(login.code, login.stderr).toBe(0);
    return { home, name, login };
  }

  const envsOf = async (home: string) => {
    const result = await cli(['envs', '--json'], { home });
    expect(result.code, result.stderr).toBe(0);
    return JSON.parse(result.stdout) as Array<{ ref: string; kind: string; access: string; project: string; env: string }>;
  };

  it('adds a backend on the public API address by default', async () => {
    const home = await tempDir();
    const name = uniqueName();
    expect((await cli(['backends', 'add', 'doppler', '--name', name], { home })).code).toBe(0);
    const list = JSON.parse((await cli(['backends', 'list', '--json'], { home })).stdout);
    expect(list).toEqual([{ name, kind: 'doppler', url: 'https://api.doppler.com', authMethod: 'token', signedIn: false }]);
  });

  it('signs in with a personal token and lists every project × config it can read', async () => {
    const { home, name, login } = await signedIn(SAMPLE_TOKENS.admin);
    expect(login.stdout).toContain(`Signed in to ${name} as alice@example.invalid (Fake Rocket Inc)`);
    expect(login.stdout).not.toContain(SAMPLE_TOKENS.admin);
    const envs = await envsOf(home);
    expect(envs.map((e) => e.ref.slice(name.length + 1)).sort()).toEqual(
      ['backend/dev', 'backend/dev_personal', 'backend/prd', 'backend/stg', 'payments/dev', 'payments/prd', 'payments/stg', 'web/dev', 'web/prd', 'web/stg'],
    );
    expect(envs.every((e) => e.kind === 'doppler' && e.access === 'granted')).toBe(true);
  });

  it('a service token (typed at the prompt) sees its one config', async () => {
    const { home, name } = await signedIn(SAMPLE_TOKENS.backendDev, 'prompt');
    const envs = await envsOf(home);
    expect(envs).toMatchObject([{ ref: `${name}:backend/dev`, project: 'backend', env: 'dev', access: 'granted' }]);
  });

  it('secrets shows names without values; --reveal prints one computed value', async () => {
    const { home, name } = await signedIn(SAMPLE_TOKENS.developer);
    const ref = `${name}:backend/dev`;
    const described = await cli(['secrets', ref, '--json'], { home });
    expect(described.code, described.stderr).toBe(0);
    const keys = (JSON.parse(described.stdout).secrets as Array<{ key: string }>).map((s) => s.key);
    expect(keys).toEqual(expect.arrayContaining(['API_KEY', 'DATABASE_URL', 'DB_PASSWORD', 'DB_USER', 'FEATURE_FLAGS']));
    expect(described.stdout).not.toContain('fake-db-password-not-real');
    // Doppler reports no versions or dates: the text view says so instead of inventing them.
    expect((await cli(['secrets', ref], { home })).stdout).toMatch(/API_KEY\s+v\?\s+age unknown/);

    const reveal = await cli(['secrets', ref, '--reveal', 'DATABASE_URL'], { home });
    expect(reveal).toMatchObject({ code: 0, stdout: 'postgres://app:fake-db-password-not-real@db.dev.invalid:5432/app\n' });
  });

  it('refuses a config the token cannot read, naming the backend', async () => {
    const { home, name } = await signedIn(SAMPLE_TOKENS.developer);
    const result = await cli(['secrets', `${name}:payments/dev`, '--reveal', 'STRIPE_KEY'], { home });
    // Doppler answers 404 for a project the token may not see (it does not reveal that the project exists).
    expect(result.code, result.stderr).toBe(4);
    expect(result.stderr).toMatch(new RegExp(`^error\\[NOT_FOUND\\]: ${name} .*your token cannot see it`));
    expect(result.stdout).toBe('');
  });

  it('rejects a bad token and the wrong sign-in method without echoing the token', async () => {
    const home = await tempDir();
    const name = uniqueName();
    await cli(['backends', 'add', 'doppler', '--name', name, '--url', sim.url], { home });
    const bad = 'dp.pt.fakeUnknownTokenNotReal0000000000000000000';
    const wrong = await cli(['login', name, '--token-stdin'], { home, stdin: bad });
    expect(wrong.code).toBe(3);
    expect(wrong.stderr + wrong.stdout).not.toContain(bad);
    // There was no session yet: the pasted token was refused, and the message says so.
    expect(wrong.stderr).toMatch(new RegExp(`^error\\[UNAUTHENTICATED\\]: ${name} \\(Doppler at \\S+\\) refused the token: it is wrong, expired or revoked\\.`));
    expect(wrong.stderr).not.toMatch(/no longer|saved token/);
    const universal = await cli(['login', name, '--client-id', 'x', '--client-secret-stdin'], { home, stdin: 'fake' });
    expect(universal.code).toBe(2);
    expect(universal.stderr).toContain('token --token-stdin');
  });
});
