import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { envAt, makeAdapter, rootCall, tokenWith, unique, writePolicy, writeSecret } from './vault-fixtures';
import { useTempDirs } from '../../support/temp-dir';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Vault token renewal on use', () => {
  const tempDir = useTempDirs();

  it('renews a renewable token once less than a third of its TTL remains, and not before', async () => {
    const project = unique('renew');
    await writeSecret(`${project}/dev`, { K: 'fake-value-not-real' });
    const policy = unique('renew-read');
    await writePolicy(policy, `path "secret/data/${project}/*" { capabilities = ["read"] }`);
    const token = await tokenWith([policy], { ttl: '6s', explicit_max_ttl: '1h', renewable: true });
    const dataDir = await tempDir();
    const { adapter, counter } = makeAdapter({}, { dataDir });
    const info = await adapter.login({ method: 'token', token });
    expect(info.renewable).toBe(true);

    const env = envAt('test-vault', project, 'dev');
    await adapter.read(env);
    expect(counter.paths.filter((p) => p.includes('renew-self'))).toHaveLength(0);

    await sleep(4_300); // < 2 s of 6 s left
    await adapter.read(env);
    expect(counter.paths.filter((p) => p.includes('renew-self'))).toHaveLength(1);
    const lookup = await rootCall('POST', 'auth/token/lookup', { token });
    expect(lookup.data.ttl).toBeGreaterThan(3);

    // The next read right after a renewal does not renew again.
    await adapter.read(env);
    expect(counter.paths.filter((p) => p.includes('renew-self'))).toHaveLength(1);
  });

  it('keeps expiry metadata (not the token) in the data dir, so another process knows when to renew', async () => {
    const dataDir = await tempDir();
    const token = await tokenWith(['default'], { ttl: '1h' });
    const { adapter } = makeAdapter({}, { dataDir });
    await adapter.login({ method: 'token', token });
    const text = await readFile(`${dataDir}/sessions/test-vault.json`, 'utf8');
    expect(JSON.parse(text)).toMatchObject({ renewable: true, ttlSeconds: 3600 });
    expect(text).not.toContain(token);
  });
});
