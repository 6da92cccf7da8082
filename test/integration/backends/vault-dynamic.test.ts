import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { readDynamic, type VaultRequester } from '../../../electron/backends/vault/dynamic';
import { vaultLeases } from '../../../electron/backends/vault/leases';
import { keepLeasesAlive } from '../../../electron/exports/lease-upkeep';
import { startPostgres, type PostgresServer } from '../../setup/postgres';

/**
 * A bare fetch requester with the VaultRequester contract, so this file does not depend on the adapter's
 * http wrapper: `/v1/<path>`, token header, JSON or null, AppError on non-2xx (with Vault's own message,
 * which is safe here: it is a test against a throwaway server).
 */
interface TestVault extends VaultRequester {
  request(method: string, path: string, body?: unknown): Promise<unknown>;
  list(path: string): Promise<string[]>;
}

function requester(address: string, token: string, backend: string): TestVault {
  const send = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${address}/v1/${path}`, {
      method,
      headers: { 'X-Vault-Token': token, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) {
      const code = res.status === 403 ? 'FORBIDDEN' : res.status === 404 ? 'NOT_FOUND' : res.status === 400 ? 'BAD_REQUEST' : 'BACKEND_UNAVAILABLE';
      throw new AppError(code, `Vault backend "${backend}" answered ${res.status} for ${method} ${path}: ${text}`);
    }
    return text ? (JSON.parse(text) as unknown) : null;
  };
  return {
    request: send,
    async list(path) {
      const body = (await send('LIST', path).catch((e: unknown) => {
        if (e instanceof AppError && e.code === 'NOT_FOUND') return null;
        throw e;
      })) as { data?: { keys?: string[] } } | null;
      return body?.data?.keys ?? [];
    },
  };
}

describe('Vault database dynamic credentials against real OpenBao and PostgreSQL', () => {
  const { address, token } = inject('openbao');
  const backend = 'test-bao';
  const vault = requester(address, token, backend);
  // A fresh mount per run: the dev server is shared by every integration file.
  const mount = `db-${randomUUID().slice(0, 8)}`;
  let server: PostgresServer;
  let template: string;

  const adminQuery = async (database: string, sql: string, params: unknown[] = []) => {
    const client = new pg.Client({ host: server.host, port: server.port, user: server.user, password: server.password, database });
    await client.connect();
    try {
      return await client.query(sql, params);
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    server = await startPostgres();
    const adminPassword = randomBytes(18).toString('hex');
    await adminQuery('postgres', 'CREATE DATABASE app');
    // Not a superuser: CREATEROLE plus owning the table is all Vault needs to create, grant and drop.
    await adminQuery('postgres', `CREATE ROLE vault_admin WITH LOGIN CREATEROLE PASSWORD '${adminPassword}'`);
    await adminQuery('app', 'CREATE TABLE items (id int); INSERT INTO items VALUES (1); ALTER TABLE items OWNER TO vault_admin');

    await vault.request('POST', `sys/mounts/${mount}`, { type: 'database' });
    await vault.request('POST', `${mount}/config/app`, {
      plugin_name: 'postgresql-database-plugin',
      connection_url: `postgresql://{{username}}:{{password}}@127.0.0.1:${server.port}/app?sslmode=disable`,
      username: 'vault_admin',
      password: adminPassword,
      allowed_roles: ['readonly', 'short'],
      verify_connection: true,
    });
    const role = (ttl: string) => ({
      db_name: 'app',
      creation_statements: [
        `CREATE ROLE "{{name}}" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}';`,
        'GRANT SELECT ON ALL TABLES IN SCHEMA public TO "{{name}}";',
      ],
      revocation_statements: ['REVOKE ALL ON ALL TABLES IN SCHEMA public FROM "{{name}}";', 'DROP ROLE IF EXISTS "{{name}}";'],
      default_ttl: ttl,
      max_ttl: '10m',
    });
    await vault.request('POST', `${mount}/roles/readonly`, role('30s'));
    await vault.request('POST', `${mount}/roles/short`, role('3s'));
    template = `postgres://{{username}}:{{password}}@127.0.0.1:${server.port}/app`;
  });

  afterAll(async () => {
    await vault.request('PUT', `sys/leases/revoke-prefix/${mount}`, {}).catch(() => undefined);
    await vault.request('DELETE', `sys/mounts/${mount}`).catch(() => undefined);
    await server?.stop();
  });

  const lookup = async (leaseId: string) =>
    ((await vault.request('PUT', 'sys/leases/lookup', { lease_id: leaseId })) as {
      data: { expire_time: string; last_renewal: string | null; ttl: number };
    }).data;

  it('the bundled OpenBao binary ships the postgres database plugin as a builtin', async () => {
    const body = (await vault.request('GET', 'sys/plugins/catalog')) as { data: { database?: string[] } };
    expect(body.data.database).toContain('postgresql-database-plugin');
  });

  it('reads credentials that log in, renews their lease, and after revoke the role is gone', async () => {
    const variable = { variable: 'DATABASE_URL', path: `${mount}/creds/readonly`, template };
    const { value, lease } = await readDynamic(vault, variable, backend);
    expect(lease).toMatchObject({ backend, durationSeconds: 30, renewable: true });
    expect(lease.id.startsWith(`${mount}/creds/readonly/`)).toBe(true);
    const username = decodeURIComponent(new URL(value).username);

    const client = new pg.Client({ connectionString: value });
    await client.connect();
    expect((await client.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
    expect((await client.query('select id from items')).rows).toEqual([{ id: 1 }]);
    await client.end();

    const leases = vaultLeases({ client: vault, backend });
    const before = await lookup(lease.id);
    expect(before.last_renewal).toBeNull();
    await new Promise((r) => setTimeout(r, 1_100));
    expect(await leases.renew(lease.id, 30)).toEqual({ durationSeconds: 30 });
    const after = await lookup(lease.id);
    expect(after.last_renewal).not.toBeNull();
    expect(Date.parse(after.expire_time)).toBeGreaterThan(Date.parse(before.expire_time));

    await leases.revoke(lease.id);
    const roles = await adminQuery('app', 'select 1 from pg_roles where rolname = $1', [username]);
    expect(roles.rowCount).toBe(0);
    const stale = new pg.Client({ connectionString: value });
    await expect(stale.connect()).rejects.toThrow(/password authentication failed|does not exist/);
    await expect(lookup(lease.id)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it("run's upkeep keeps a 3 s lease alive on its timer; revoke then removes it", async () => {
    const variable = { variable: 'DATABASE_URL', path: `${mount}/creds/short`, template };
    const { lease } = await readDynamic(vault, variable, backend);
    expect(lease.durationSeconds).toBe(3);
    const leases = vaultLeases({ client: vault, backend });
    const errors: string[] = [];
    const stop = keepLeasesAlive([lease], (held, increment) => leases.renew(held.id, increment), { minDelayMs: 200, onError: (e) => errors.push(e) });
    try {
      // Due after 2 s (a third of 3 s left); by 4.5 s an unrenewed lease would have expired.
      await new Promise((r) => setTimeout(r, 4_500));
      const info = await lookup(lease.id);
      expect(info.last_renewal).not.toBeNull();
      expect(info.ttl).toBeGreaterThan(0);
      expect(errors).toEqual([]);
    } finally {
      stop();
    }
    await leases.revoke(lease.id);
    expect(await vault.list(`sys/leases/lookup/${mount}/creds/short/`)).toEqual([]);
  });

  it('revokes at once when the template names a field the engine does not return', async () => {
    const listLeases = () => vault.list(`sys/leases/lookup/${mount}/creds/readonly/`);
    const before = await listLeases();
    const variable = { variable: 'DATABASE_URL', path: `${mount}/creds/readonly`, template: 'postgres://{{username}}@{{hostname}}/app' };
    const error = await readDynamic(vault, variable, backend).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'BAD_REQUEST' });
    expect((error as Error).message).toContain('{{hostname}}');
    expect(await listLeases()).toEqual(before);
  });
});
