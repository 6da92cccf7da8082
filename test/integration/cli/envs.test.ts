import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { cli } from '../../support/cli';
import { keyringSkipReason } from '../../support/keyring';
import { useTempDirs } from '../../support/temp-dir';
import { acmeWorld, countingProxy } from '../catalog/openbao-fixture';

const tempDir = useTempDirs();
const skip = await keyringSkipReason();

/** A home with the profile imported and the limited token signed in, all through the CLI. */
async function signedInHome(profile: unknown, token: string) {
  const home = await tempDir();
  const file = path.join(home, 'team.json');
  await fs.writeFile(file, JSON.stringify(profile));
  expect((await cli(['profile', 'import', file], { home })).code).toBe(0);
  const login = await cli(['login', 'acme', '--token-stdin'], { home, stdin: `${token}\n` });
  expect(login, login.stderr).toMatchObject({ code: 0 });
  return home;
}

describe.skipIf(skip !== null)('latchkey envs against a real OpenBao', () => {
  const openbao = inject('openbao');
  const proxies: Array<{ close(): Promise<void> }> = [];
  afterAll(async () => Promise.all(proxies.map((p) => p.close())));

  it('prints every environment with granted, requestable or denied access', async () => {
    const world = await acmeWorld(openbao);
    const home = await signedInHome(world.profile, world.token);
    const result = await cli(['envs', '--json'], { home });
    expect(result.code, result.stderr).toBe(0);
    const envs = JSON.parse(result.stdout) as Array<Record<string, unknown>>;
    const dev = envs.find((e) => e.ref === 'acme:payments/dev');
    expect(dev).toMatchObject({ backend: 'acme', kind: 'vault', project: 'payments', env: 'dev', access: 'granted', source: 'profile' });
    expect(envs.find((e) => e.ref === 'acme:payments/staging')).toMatchObject({
      access: 'requestable',
      requestable: { approvers: ['lead@acme.test'], grantPolicy: `${world.mount}-staging-read`, maxTtl: '8h' },
    });
    expect(envs.find((e) => e.ref === 'acme:payments/prod')).toMatchObject({ access: 'denied', requestable: null });
    expect(envs.find((e) => e.ref === 'acme:search/qa')).toMatchObject({ access: 'denied', source: 'discovered' });

    const role = JSON.parse((await cli(['envs', '--json', '--role', 'payments-dev'], { home })).stdout) as Array<{ ref: string }>;
    expect(role.map((e) => e.ref).sort()).toEqual(['acme:payments/dev', 'acme:payments/staging']);

    const text = await cli(['envs'], { home });
    expect(text.stdout).toMatch(/acme:payments\/dev\s+granted/);
    expect(text.stdout).toMatch(/acme:payments\/staging\s+request .*approvers: lead@acme.test/);
  });

  it('lists a 500-environment profile with at most 4 HTTP requests to the backend', async () => {
    const proxy = await countingProxy(openbao.address);
    proxies.push(proxy);
    const world = await acmeWorld(openbao, proxy.url);
    const environments = Array.from({ length: 500 }, (_, i) => ({ ref: `acme:svc${i % 25}/env${i}`, approvers: ['lead@acme.test'] }));
    const home = await signedInHome({ ...world.profile, environments, roles: [] }, world.token);
    proxy.reset();
    const result = await cli(['envs', '--json'], { home });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toHaveLength(503);
    expect(proxy.counted.length, proxy.counted.join('\n')).toBeGreaterThan(0);
    expect(proxy.counted.length, proxy.counted.join('\n')).toBeLessThanOrEqual(4);
  });

  it('says which backend is signed out instead of failing the whole listing, and shows its access as unknown', async () => {
    const world = await acmeWorld(openbao);
    const home = await tempDir();
    const file = path.join(home, 'team.json');
    await fs.writeFile(file, JSON.stringify(world.profile));
    await cli(['profile', 'import', file], { home });
    const result = await cli(['envs'], { home });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('not signed in to acme');
    // Never "denied" for a backend nobody could ask.
    expect(result.stdout).toMatch(/acme:payments\/dev\s+unknown/);
    expect(result.stdout).toMatch(/acme:payments\/prod\s+unknown/);
    expect(result.stdout).not.toMatch(/denied|granted/);
    const json = JSON.parse((await cli(['envs', '--json'], { home })).stdout) as Array<{ access: string; problem: string | null }>;
    expect(json.map((e) => e.access)).toEqual(json.map(() => 'unknown'));
    expect(json.every((e) => e.problem?.includes('not signed in to acme'))).toBe(true);
  });
});
