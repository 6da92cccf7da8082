import { randomUUID } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { createKvClient } from '../../electron/backends/vault/kv-client';

// The dev server mounts kv-v2 at `secret/`. Each test writes under its own random path.
describe('Vault KV v2 client against a real OpenBao dev server', () => {
  const { address, token } = inject('openbao');
  const client = createKvClient({ address, token });

  it('writes a secret and reads back the same values and version', async () => {
    const path = `latchkey-test/${randomUUID()}/staging`;
    const written = await client.kvPut('secret', path, { API_KEY: 'fake-api-key-not-real', PORT: '8080' });
    expect(written.version).toBe(1);

    const read = await client.kvGet('secret', path);
    expect(read?.data).toEqual({ API_KEY: 'fake-api-key-not-real', PORT: '8080' });
    expect(read?.version).toBe(1);
    expect(Date.parse(read?.createdTime ?? '')).not.toBeNaN();
  });

  it('bumps the version on a second write and returns the latest values', async () => {
    const path = `latchkey-test/${randomUUID()}/dev`;
    await client.kvPut('secret', path, { DB_PASSWORD: 'fake-password-one' });
    const second = await client.kvPut('secret', path, { DB_PASSWORD: 'fake-password-two' });
    expect(second.version).toBe(2);
    expect((await client.kvGet('secret', path))?.data).toEqual({ DB_PASSWORD: 'fake-password-two' });
  });

  it('returns null for a secret that was never written', async () => {
    expect(await client.kvGet('secret', `latchkey-test/${randomUUID()}/missing`)).toBeNull();
  });

  it('refuses a wrong token as FORBIDDEN without echoing the token', async () => {
    const stranger = createKvClient({ address, token: 'fake-token-not-real' });
    const error = await stranger.kvGet('secret', 'latchkey-test/anything').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'FORBIDDEN' });
    expect(String((error as Error).message)).not.toContain('fake-token-not-real');
  });
});
