import { describe, expect, inject, it } from 'vitest';
import { tokenAccount } from '../../../electron/backends/types';
import { envAt, makeAdapter, rootCall, tokenWith, unique, userpassUser, writePolicy, writeSecret } from './vault-fixtures';

describe('Vault adapter against a real OpenBao dev server', () => {
  it('signs in with userpass, stores the token under backend:<name> and reads values with version', async () => {
    const project = unique('payments');
    await writeSecret(`${project}/staging`, { API_KEY: 'fake-api-key-not-real', PORT: '8080' });
    const policy = unique('read');
    await writePolicy(policy, `path "secret/data/${project}/*" { capabilities = ["read"] }`);
    const user = await userpassUser([policy]);
    const { adapter, store } = makeAdapter({ auth: { method: 'userpass', mount: user.mount } });

    const info = await adapter.login({ method: 'userpass', username: user.username, password: user.password });
    expect(info.identity).toBe(user.username);
    expect(info.policies).toContain(policy);
    expect(info.renewable).toBe(true);
    expect(await store.get(tokenAccount('test-vault'))).toMatch(/^(hvs|s)\./);

    const bundle = await adapter.read(envAt('test-vault', project, 'staging'));
    expect(bundle.values).toEqual({ API_KEY: 'fake-api-key-not-real', PORT: '8080' });
    expect(bundle.meta.map((m) => m.key)).toEqual(['API_KEY', 'PORT']);
    expect(bundle.meta[0]?.version).toBe(1);
    expect(Date.parse(bundle.meta[0]?.updatedAt ?? '')).not.toBeNaN();
  });

  it('describe returns key names and version but never values', async () => {
    const project = unique('web');
    await writeSecret(`${project}/dev`, { SESSION_SECRET: 'fake-session-not-real' });
    await writeSecret(`${project}/dev`, { SESSION_SECRET: 'fake-session-two', EXTRA: 'x' });
    const { adapter } = makeAdapter();
    await adapter.login({ method: 'token', token: await tokenWith([await readAllPolicy()]) });
    const meta = await adapter.describe(envAt('test-vault', project, 'dev'));
    expect(meta.map((m) => [m.key, m.version])).toEqual([['EXTRA', 2], ['SESSION_SECRET', 2]]);
    expect(JSON.stringify(meta)).not.toContain('fake-session');
  });

  it('discovers <project>/<env> paths two levels deep under the KV mount', async () => {
    const mount = unique('kv');
    await rootCall('POST', `sys/mounts/${mount}`, { type: 'kv', options: { version: '2' } });
    for (const path of ['alpha/dev', 'alpha/prod', 'beta/staging', 'beta/deep/nested']) {
      await rootCall('POST', `${mount}/data/${path}`, { data: { K: 'fake' } });
    }
    const { adapter } = makeAdapter({ kvMount: mount });
    await adapter.login({ method: 'token', token: inject('openbao').token });
    const refs = (await adapter.discover()).map((e) => e.ref).sort();
    expect(refs).toEqual(['test-vault:alpha/dev', 'test-vault:alpha/prod', 'test-vault:beta/staging']);
  });

  it('answers access for many environments with exactly one capabilities-self request', async () => {
    const project = unique('shop');
    const policy = unique('cap');
    await writePolicy(policy, `path "secret/data/${project}/dev" { capabilities = ["read"] }\npath "secret/data/${project}/qa" { capabilities = ["list"] }`);
    const { adapter, counter } = makeAdapter();
    await adapter.login({ method: 'token', token: await tokenWith([policy]) });
    const envs = ['dev', 'qa', 'staging', 'prod', 'perf', 'demo'].map((e) => envAt('test-vault', project, e));
    counter.requests = 0;
    const access = await adapter.access(envs);
    expect(counter.requests).toBe(1);
    expect(access.get(`test-vault:${project}/dev`)).toBe('granted');
    expect(access.get(`test-vault:${project}/qa`)).toBe('denied');
    expect(access.get(`test-vault:${project}/prod`)).toBe('denied');
    expect(access.size).toBe(6);
  });

  it('logout revokes the token server-side and removes it from the store', async () => {
    const { adapter, store } = makeAdapter();
    const token = await tokenWith(['default']);
    await adapter.login({ method: 'token', token });
    await adapter.logout();
    expect(await store.get(tokenAccount('test-vault'))).toBeNull();
    const res = await fetch(`${inject('openbao').address}/v1/auth/token/lookup-self`, { headers: { 'X-Vault-Token': token } });
    expect(res.status).toBe(403);
  });
});

async function readAllPolicy(): Promise<string> {
  const name = unique('readall');
  await writePolicy(name, 'path "secret/data/*" { capabilities = ["read"] }');
  return name;
}
