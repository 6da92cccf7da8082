import net from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createServices } from '../../../electron/services';
import { TeamProfile } from '../../../shared/profile';
import { startFaultProxy, type FaultProxy } from '../../fakes/fault-proxy';
import { MemoryStore } from '../../support/memory-store';
import { useTempDirs } from '../../support/temp-dir';
import { acmeWorld } from './openbao-fixture';

const tempDir = useTempDirs();

/** The status line a raw `LIST` request gets from `url` (node's HTTP parser, like some proxies, answers 400). */
async function statusOfRawList(url: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => socket.write('LIST /v1/secret/metadata/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'));
    socket.once('data', (chunk) => (resolve(chunk.toString('latin1').split('\r\n')[0]!), socket.destroy()));
    socket.once('error', reject);
  });
}

describe('Vault behind an HTTP proxy that rejects the LIST method', () => {
  const openbao = inject('openbao');
  let proxy: FaultProxy;
  beforeAll(async () => {
    proxy = await startFaultProxy(openbao.address);
  });
  afterAll(() => proxy.close());

  it('discovers with GET ?list=true, so no environment carries a problem and access is answered', async () => {
    expect(await statusOfRawList(proxy.url)).toBe('HTTP/1.1 400 Bad Request');
    const world = await acmeWorld(openbao, proxy.url);
    const services = await createServices({ dataDir: await tempDir(), secretStore: new MemoryStore() });
    const profile = TeamProfile.parse(world.profile);
    for (const backend of profile.backends) await services.backends.upsert(backend);
    await services.profiles.save(profile);
    await (await services.registry.get('acme')).login({ method: 'token', token: world.token });
    proxy.requests.length = 0;

    const listed = await services.dispatch('catalog:list', {});
    expect(listed.ok).toBe(true);
    const envs = (listed as { value: Array<{ ref: string; access: string; source: string; problem: string | null }> }).value;
    expect(Object.fromEntries(envs.map((e) => [e.ref, [e.access, e.source, e.problem]]))).toEqual({
      'acme:payments/dev': ['granted', 'profile', null],
      'acme:payments/staging': ['requestable', 'profile', null],
      'acme:payments/prod': ['denied', 'profile', null],
      'acme:search/qa': ['denied', 'discovered', null],
    });
    expect(proxy.requests).toContain(`GET /v1/${world.mount}/metadata/?list=true`);
    expect(proxy.requests.filter((r) => r.startsWith('LIST'))).toEqual([]);
    await services.close();
  });
});
