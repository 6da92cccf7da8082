import { randomBytes } from 'node:crypto';

/** Root-token calls to the test OpenBao to lay out data and policies. The root token never leaves tests. */
export function rootClient(address: string, token: string) {
  async function call(method: string, path: string, body?: unknown): Promise<any> {
    const res = await fetch(`${address}/v1/${path}`, {
      method,
      headers: { 'X-Vault-Token': token, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`OpenBao ${method} ${path}: HTTP ${res.status} ${await res.text()}`);
    return res.status === 204 ? null : res.json();
  }
  return {
    call,
    /** A fresh KV v2 mount per test file, so discovery sees only this file's data. */
    async kvMount(): Promise<string> {
      const mount = `kv-${randomBytes(4).toString('hex')}`;
      await call('POST', `sys/mounts/${mount}`, { type: 'kv', options: { version: '2' } });
      return mount;
    },
    /** A fresh KV v2 mount upgrades itself in the background first; writes during that answer 400: retry them. */
    async put(mount: string, path: string, data: Record<string, string>) {
      for (let attempt = 1; ; attempt++) {
        try {
          return await call('POST', `${mount}/data/${path}`, { data });
        } catch (error) {
          if (attempt >= 50 || !String(error).includes('Upgrading from non-versioned to versioned data')) throw error;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
    },
    async policy(name: string, hcl: string) {
      await call('PUT', `sys/policies/acl/${name}`, { policy: hcl });
    },
    async token(policies: string[]): Promise<string> {
      const body = await call('POST', 'auth/token/create', { policies, ttl: '1h', no_default_policy: false });
      return body.auth.client_token as string;
    },
  };
}
