import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOpenBao, type OpenBaoServer } from '../../setup/openbao-server';
import { cli } from '../../support/cli';
import { keyringSkipReason } from '../../support/keyring';
import { useTempDirs } from '../../support/temp-dir';
import { rootCall } from '../backends/vault-fixtures';

const tempDir = useTempDirs();
const skip = await keyringSkipReason();

// A dedicated dev server: sealing the shared one would break every other integration file.
describe.skipIf(skip !== null)('latchkey doctor: a sealed OpenBao, and the value cache setting', () => {
  let server: OpenBaoServer;
  beforeAll(async () => {
    server = await startOpenBao();
  });
  afterAll(() => server?.stop());

  it('says the Vault is sealed and asks for an operator, not for a sign-in', async () => {
    const home = await tempDir();
    expect((await cli(['backends', 'add', 'vault', '--name', 'vault-x', '--url', server.address], { home })).code).toBe(0);
    expect((await cli(['login', 'vault-x', '--token-stdin'], { home, stdin: server.token })).code).toBe(0);
    await rootCall('PUT', 'sys/seal', undefined, server.address, server.token);

    const report = JSON.parse((await cli(['doctor', '--json'], { home })).stdout) as { checks: Array<{ name: string; ok: boolean; detail: string; hint?: string }> };
    const check = report.checks.find((c) => c.name === 'backend vault-x');
    expect(check).toMatchObject({ ok: false, detail: expect.stringContaining(`${server.address} is sealed`), hint: expect.stringContaining('unseal') });
    expect(`${check!.detail} ${check!.hint}`).not.toMatch(/not signed in|latchkey login/);

    const text = await cli(['doctor'], { home });
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/FAIL\s+backend vault-x .*sealed/);
    expect(text.stdout).not.toContain('latchkey login');
  });

  it('says how long secret values stay in memory, as LATCHKEY_CACHE_TTL sets it', async () => {
    const home = await tempDir();
    const cacheCheck = async (env: NodeJS.ProcessEnv) =>
      (JSON.parse((await cli(['doctor', '--json'], { home, env })).stdout) as { checks: Array<{ name: string; detail: string }> }).checks.find((c) => c.name === 'cache');
    expect(await cacheCheck({})).toMatchObject({ ok: true, detail: expect.stringContaining('for 15 min after a read') });
    expect(await cacheCheck({ LATCHKEY_CACHE_TTL: '90s' })).toMatchObject({ detail: expect.stringContaining('for 90 s after a read') });
    expect(await cacheCheck({ LATCHKEY_CACHE_TTL: '0' })).toMatchObject({ detail: expect.stringContaining('not kept in memory') });
  });
});
