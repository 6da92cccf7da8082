import { randomBytes } from 'node:crypto';
import { promises as fs, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { cli, cliProcess, ROOT } from '../../support/cli';
import { startHeaderLogger } from '../../support/header-logger';
import { keyringSkipReason } from '../../support/keyring';
import { MotoWorld, READER_ACTIONS, type AwsKeys } from '../../support/aws';
import { useTempDirs } from '../../support/temp-dir';

const tempDir = useTempDirs();
const skip = await keyringSkipReason();

describe.skipIf(skip !== null)('latchkey on AWS Secrets Manager (moto, IAM enforced) through the CLI', () => {
  const world = new MotoWorld(inject('moto'));
  let reader: AwsKeys;
  beforeAll(async () => {
    reader = await world.user(READER_ACTIONS);
    await world.secret('payments/dev', { API_KEY: 'fake-api-key-dev-not-real', PORT: '8080' });
    await world.secret('payments/staging', { API_KEY: 'fake-api-key-staging-not-real' });
    await world.secret('web/prod', 'postgres://fake-user:fake-pass@db.invalid/web');
  });
  afterAll(() => world.close());

  /** The keychain is shared by every test in the session: a unique backend name keeps credentials apart. */
  const uniqueName = () => `aws-${randomBytes(3).toString('hex')}`;

  async function added(extra: string[] = []) {
    const home = await tempDir();
    const name = uniqueName();
    const add = await cli(['backends', 'add', 'aws', '--name', name, '--region', world.moto.region, '--url', world.moto.endpoint, '--prefix', world.prefix, ...extra], { home });
    expect(add.code, add.stderr).toBe(0);
    expect(add.stdout).toContain(`Added aws backend ${name} (${world.moto.endpoint})`);
    return { home, name };
  }

  async function signedIn(keys: AwsKeys = reader) {
    const { home, name } = await added();
    const login = await cli(['login', name, '--access-key-id', keys.accessKeyId, '--secret-access-key-stdin'], { home, stdin: `${keys.secretAccessKey}\n` });
    expect(login.code, login.stderr).toBe(0);
    expect(login.stdout).toMatch(new RegExp(`Signed in to ${name} as arn:aws:iam::123456789012:user/user-[0-9a-f]+`));
    return { home, name };
  }

  it('adds an AWS backend from a region, and a pasted key pair goes to the keychain only', async () => {
    const { home, name } = await signedIn();
    const list = JSON.parse((await cli(['backends', 'list', '--json'], { home })).stdout);
    expect(list).toEqual([{ name, kind: 'aws', url: world.moto.endpoint, authMethod: 'chain', signedIn: true }]);
    for (const file of await fs.readdir(home, { recursive: true })) {
      const full = path.join(home, file);
      if ((await fs.stat(full)).isFile()) expect(await fs.readFile(full, 'utf8')).not.toContain(reader.secretAccessKey);
    }
  });

  it('refuses an AWS backend without a region, and AWS flags on other kinds', async () => {
    const home = await tempDir();
    const noRegion = await cli(['backends', 'add', 'aws', '--name', uniqueName()], { home });
    expect(noRegion.code).not.toBe(0);
    expect(noRegion.stderr).toContain('region');
    const vault = await cli(['backends', 'add', 'vault', '--name', uniqueName(), '--url', 'http://127.0.0.1:8200', '--region', 'eu-west-1'], { home });
    expect(vault.stderr).toContain('--region only apply to AWS backends');
  });

  it('envs shows the AWS environments with their kind and access', async () => {
    const { home, name } = await signedIn();
    const text = await cli(['envs'], { home });
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(new RegExp(`${name}:payments/dev\\s+granted\\s+aws\\s+discovered`));
    const json = JSON.parse((await cli(['envs', '--json'], { home })).stdout) as Array<{ ref: string; kind: string; access: string }>;
    expect(json.map((e) => e.ref).sort()).toEqual([`${name}:payments/dev`, `${name}:payments/staging`, `${name}:web/prod`]);
    expect(json.every((e) => e.kind === 'aws' && e.access === 'granted')).toBe(true);
  });

  it('secrets shows names, the version id and the rotation state, never values', async () => {
    const { home, name } = await signedIn();
    const json = await cli(['secrets', `${name}:payments/dev`, '--json'], { home });
    expect(json.code, json.stderr).toBe(0);
    const described = JSON.parse(json.stdout);
    expect(described.secrets.map((s: { key: string }) => s.key)).toEqual(['API_KEY', 'PORT']);
    expect(described.secrets[0]).toMatchObject({ version: null, versionId: expect.stringMatching(/^[0-9a-f-]{36}$/), ageDays: 0, stale: false });
    expect(described.rotation).toEqual({ enabled: false, lastRotatedAt: null, nextRotationAt: null, everyDays: null });
    const text = await cli(['secrets', `${name}:payments/dev`], { home });
    expect(text.stdout).toMatch(new RegExp(`API_KEY\\s+v${described.secrets[0].versionId.slice(0, 8)}\\s+0 days old`));
    expect(text.stdout).toContain('rotation: off (never rotated)');
    expect(text.stdout + json.stdout).not.toContain('fake-api-key-dev-not-real');
  });

  it('a team profile names the key of a plain-string secret (valueKey)', async () => {
    const home = await tempDir();
    const name = uniqueName();
    const profile = {
      version: 1,
      team: 'acme',
      backends: [{ name, kind: 'aws', region: world.moto.region, endpoint: world.moto.endpoint, prefix: world.prefix }],
      environments: [{ ref: `${name}:web/prod`, valueKey: 'DATABASE_URL' }],
    };
    await fs.writeFile(path.join(home, 'team.json'), JSON.stringify(profile));
    expect((await cli(['profile', 'import', path.join(home, 'team.json')], { home })).code).toBe(0);
    await cli(['login', name, '--access-key-id', reader.accessKeyId, '--secret-access-key-stdin'], { home, stdin: reader.secretAccessKey });
    const revealed = await cli(['secrets', `${name}:web/prod`, '--reveal', 'DATABASE_URL'], { home });
    expect(revealed.code, revealed.stderr).toBe(0);
    expect(revealed.stdout).toBe('postgres://fake-user:fake-pass@db.invalid/web\n');
  });

  it('a pasted key pair is bound to the endpoint it was signed in to: an edited backends.json never gets it', async () => {
    const { home, name } = await signedIn();
    const logger = await startHeaderLogger();
    try {
      const file = path.join(home, 'backends.json');
      const stored = JSON.parse(await fs.readFile(file, 'utf8'));
      Object.assign(stored.backends[0], { endpoint: logger.url, url: logger.url });
      await fs.writeFile(file, JSON.stringify(stored));
      const secrets = await cli(['secrets', `${name}:payments/dev`], { home });
      expect(secrets.code).toBe(3);
      expect(secrets.stderr).toContain('made for a different server');
      for (const args of [['envs'], ['doctor'], ['secrets', `${name}:payments/dev`, '--reveal', 'API_KEY']]) await cli(args, { home });
      // The key id travels in every signed request's Authorization header: it must not reach the new address.
      expect(logger.received).not.toContain(reader.accessKeyId);
      // Signing out forgets the key pair without asking anyone (the old endpoint may be gone, the new one untrusted).
      const out = await cli(['logout', name, '--json'], { home });
      expect(JSON.parse(out.stdout)).toEqual({ backend: name, signedOut: true });
      expect(JSON.parse((await cli(['backends', 'list', '--json'], { home })).stdout)[0]).toMatchObject({ signedIn: false });
      expect(logger.received).not.toContain(reader.accessKeyId);
    } finally {
      await logger.close();
    }
  });

  it('an identity that may only list sees every environment as denied', async () => {
    const { home, name } = await signedIn(await world.user(['secretsmanager:ListSecrets']));
    const json = JSON.parse((await cli(['envs', '--json'], { home })).stdout) as Array<{ access: string }>;
    expect(json).toHaveLength(3);
    expect(json.every((e) => e.access === 'denied')).toBe(true);
    const read = await cli(['secrets', `${name}:payments/dev`], { home });
    expect(read.code).not.toBe(0);
    expect(read.stderr).toContain('error[FORBIDDEN]');
  });

  // The credential chain reads process.env and ~/.aws, so these run the built `latchkey` as a real process.
  it('with nothing pasted, the AWS credential chain signs: env keys, then a named profile', async () => {
    const { home, name } = await added();
    const envKeys = { AWS_ACCESS_KEY_ID: reader.accessKeyId, AWS_SECRET_ACCESS_KEY: reader.secretAccessKey };
    const fromEnv = await cliProcess(['envs', '--json'], { home, env: envKeys });
    expect(fromEnv.code, fromEnv.stderr).toBe(0);
    expect((JSON.parse(fromEnv.stdout) as Array<{ access: string }>).map((e) => e.access)).toEqual(['granted', 'granted', 'granted']);
    const login = await cliProcess(['login', name], { home, env: envKeys });
    expect(login.code, login.stderr).toBe(0);
    expect(login.stdout).toMatch(/Signed in to .* as arn:aws:iam::123456789012:user\/user-/);

    const credentials = path.join(home, 'aws-credentials');
    await fs.writeFile(credentials, `[acme-dev]\naws_access_key_id = ${reader.accessKeyId}\naws_secret_access_key = ${reader.secretAccessKey}\n`);
    const withProfile = await added(['--aws-profile', 'acme-dev']);
    const fromProfile = await cliProcess(['envs', '--json'], { home: withProfile.home, env: { AWS_SHARED_CREDENTIALS_FILE: credentials } });
    expect(fromProfile.code, fromProfile.stderr).toBe(0);
    expect(JSON.parse(fromProfile.stdout)).toHaveLength(3);
    const noProfile = await cliProcess(['secrets', `${withProfile.name}:payments/dev`], { home: withProfile.home });
    expect(noProfile.stderr).toContain('error[UNAUTHENTICATED]');
    expect(noProfile.stderr).toContain('aws sso login --profile acme-dev');
  });
});

describe('the built CLI and the AWS SDK', () => {
  /** The files Node loads when `latchkey` starts: the entry and every chunk it imports statically, transitively. */
  function loadedAtStart(): { files: string[]; text: string } {
    const dist = path.join(ROOT, 'dist-electron');
    const files: string[] = [];
    const visit = (file: string) => {
      if (files.includes(file)) return;
      files.push(file);
      const text = readFileSync(path.join(dist, file), 'utf8');
      for (const [, spec] of text.matchAll(/(?:^|[;}\n])\s*import\s*(?:[^'"()]*?\sfrom\s*)?["'](\.\/[^"']+)["']/g)) visit(path.posix.join(path.posix.dirname(file), spec!));
    };
    visit('cli.mjs');
    return { files, text: files.map((f) => readFileSync(path.join(dist, f), 'utf8')).join('\n') };
  }

  it('is bundled into lazy chunks: nothing of it loads when the CLI starts, and the chunks are there', async () => {
    const start = loadedAtStart();
    expect(start.files.length).toBeGreaterThanOrEqual(1);
    // Class names survive minification as strings (keepNames), where the class is defined; the adapter's own
    // `sdk.SecretsManagerClient` property reads and the bundled package.json's package names do not count.
    const defined = (text: string) => ['"SecretsManagerClient"', '"STSClient"', '"IAMClient"'].filter((name) => text.includes(name));
    expect(defined(start.text)).toEqual([]);
    const chunks = await fs.readdir(path.join(ROOT, 'dist-electron', 'chunks'));
    const lazy = chunks.filter((f) => f.endsWith('.mjs')).map((f) => readFileSync(path.join(ROOT, 'dist-electron', 'chunks', f), 'utf8')).join('\n');
    expect(defined(lazy)).toEqual(['"SecretsManagerClient"', '"STSClient"', '"IAMClient"']);
  });
});
