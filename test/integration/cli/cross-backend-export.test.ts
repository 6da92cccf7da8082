import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startSampleTeam, type SampleTeam } from '../../fakes/sample-team';
import { MotoWorld, READER_ACTIONS } from '../../support/aws';
import { cli } from '../../support/cli';
import { keyringSkipReason } from '../../support/keyring';
import { useTempDirs } from '../../support/temp-dir';
import { acmeWorld } from '../catalog/openbao-fixture';

const tempDir = useTempDirs();
const skip = await keyringSkipReason();

/** A signed-in home and one readable environment with the values its backend holds (computed where it computes). */
interface World {
  home: string;
  ref: string;
  values: Record<string, string>;
}

/** The keychain is shared by every test in the session: a unique backend name keeps tokens apart. */
const uniqueName = (kind: string) => `${kind}-${randomBytes(3).toString('hex')}`;

describe.skipIf(skip !== null)('the same export scenario on Vault (OpenBao), Infisical, Doppler and AWS (moto)', () => {
  const openbao = inject('openbao');
  const aws = new MotoWorld(inject('moto'));
  let team: SampleTeam;
  beforeAll(async () => {
    // The simulators with the shared sample team; Vault and AWS are the run's real OpenBao and moto (IAM
    // enforced), not second servers.
    team = await startSampleTeam({ openbao: false, moto: false });
    await aws.secret('payments/dev', { API_KEY: 'fake-api-key-aws-not-real', DATABASE_URL: 'postgres://fake-user:fake-pass@localhost:5432/payments_aws', PORT: 5432 });
  });
  afterAll(async () => {
    aws.close();
    await team?.stop();
  });

  async function login(home: string, args: string[], stdin: string) {
    const result = await cli(['login', ...args], { home, stdin });
    expect(result.code, result.stderr).toBe(0);
  }

  const worlds: Record<'vault' | 'infisical' | 'doppler' | 'aws', () => Promise<World>> = {
    async vault() {
      const world = await acmeWorld(openbao);
      const name = uniqueName('vault');
      const home = await tempDir();
      const profile = JSON.parse(JSON.stringify(world.profile).replaceAll('acme:', `${name}:`).replaceAll('"name":"acme"', `"name":"${name}"`));
      await fs.writeFile(path.join(home, 'team.json'), JSON.stringify(profile));
      expect((await cli(['profile', 'import', path.join(home, 'team.json')], { home })).code).toBe(0);
      await login(home, [name, '--token-stdin'], world.token);
      return { home, ref: `${name}:payments/dev`, values: { API_KEY: 'fake-api-key-not-real', PORT: '8080' } };
    },
    async infisical() {
      const { url, limited } = team.info.infisical;
      const name = uniqueName('inf');
      const home = await tempDir();
      expect((await cli(['backends', 'add', 'infisical', '--name', name, '--url', url], { home })).code).toBe(0);
      await login(home, [name, '--client-id', limited.clientId, '--client-secret-stdin'], limited.clientSecret);
      return {
        home,
        ref: `${name}:payments/dev`,
        // Root folder of payments/dev plus the /shared import; ${PUBLIC_URL} expanded by the server.
        values: {
          DATABASE_URL: 'postgres://fake-user:fake-pass@localhost:5432/payments_dev',
          STRIPE_KEY: 'sk_test_fake_not_real_dev',
          PUBLIC_URL: 'https://dev.payments.example.test',
          CALLBACK_URL: 'https://dev.payments.example.test/callback',
          SENTRY_DSN: 'https://fake-dsn@sentry.example.test/1',
        },
      };
    },
    async doppler() {
      const { url, serviceToken } = team.info.doppler;
      const name = uniqueName('dop');
      const home = await tempDir();
      expect((await cli(['backends', 'add', 'doppler', '--name', name, '--url', url], { home })).code).toBe(0);
      await login(home, [name, '--token-stdin'], serviceToken);
      // The download endpoint also returns Doppler's managed DOPPLER_* keys, as `doppler secrets download` does.
      return {
        home,
        ref: `${name}:backend/dev`,
        values: {
          DB_USER: 'app',
          DB_PASSWORD: 'fake-db-password-not-real',
          DATABASE_URL: 'postgres://app:fake-db-password-not-real@db.dev.invalid:5432/app',
          API_KEY: 'fake-api-key-dev-not-real',
          FEATURE_FLAGS: '{"beta":true}',
          DOPPLER_PROJECT: 'backend',
          DOPPLER_CONFIG: 'dev',
          DOPPLER_ENVIRONMENT: 'dev',
        },
      };
    },
    async aws() {
      const keys = await aws.user(READER_ACTIONS);
      const name = uniqueName('aws');
      const home = await tempDir();
      const added = await cli(['backends', 'add', 'aws', '--name', name, '--region', aws.moto.region, '--url', aws.moto.endpoint, '--prefix', aws.prefix], { home });
      expect(added.code, added.stderr).toBe(0);
      await login(home, [name, '--access-key-id', keys.accessKeyId, '--secret-access-key-stdin'], keys.secretAccessKey);
      // The JSON number becomes its text, as every .env holds it.
      return { home, ref: `${name}:payments/dev`, values: { API_KEY: 'fake-api-key-aws-not-real', DATABASE_URL: 'postgres://fake-user:fake-pass@localhost:5432/payments_aws', PORT: '5432' } };
    },
  };

  for (const kind of ['vault', 'infisical', 'doppler', 'aws'] as const) {
    it(`${kind}: export writes a 0600 dotenv with the backend's values, exports lists it, revoke removes it`, async () => {
      const { home, ref, values } = await worlds[kind]();
      const out = path.join(await tempDir(), '.env');
      const created = await cli(['export', ref, '--out', out, '--json'], { home });
      expect(created.code, created.stderr).toBe(0);
      const printed = JSON.parse(created.stdout);
      expect(printed).toMatchObject({ id: expect.any(String), ref, path: out, format: 'dotenv', expiresAt: expect.any(String) });
      expect([...printed.keys].sort()).toEqual(Object.keys(values).sort());

      // Read back with the dotenv package most apps load .env files with, not Latchkey's own parser.
      expect(parseDotenv(await fs.readFile(out, 'utf8'))).toEqual(values);
      expect((await fs.stat(out)).mode & 0o777).toBe(0o600);

      const listed = JSON.parse((await cli(['exports', '--json'], { home })).stdout) as Array<{ id: string; ref: string; path: string }>;
      expect(listed).toEqual([expect.objectContaining({ id: printed.id, ref, path: out })]);

      const revoked = await cli(['revoke', printed.id], { home });
      expect(revoked.code, revoked.stderr).toBe(0);
      await expect(fs.stat(out)).rejects.toMatchObject({ code: 'ENOENT' });
      expect(JSON.parse((await cli(['exports', '--json'], { home })).stdout)).toEqual([]);
    });

    it(`${kind}: run injects the backend's values into the child`, async () => {
      const { home, ref, values } = await worlds[kind]();
      // The child checks every value itself: its exit code is ours (0 = all equal, 1 = some differ).
      const check = `const want = ${JSON.stringify(values)}; process.exit(Object.entries(want).every(([k, v]) => process.env[k] === v) ? 0 : 1)`;
      const result = await cli(['run', ref, '--', process.execPath, '-e', check], { home });
      expect(result.code, result.stderr).toBe(0);
    });
  }
});
