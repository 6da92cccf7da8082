import { randomBytes, randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startPostgres, type PostgresServer } from '../../setup/postgres';
import { acmeWorld } from '../catalog/openbao-fixture';
import { cli } from '../../support/cli';
import { keyringSkipReason } from '../../support/keyring';
import { auditActions, DEV } from './export-world';
import { startMount } from './mount-process';

// One home for the whole file (useTempDirs removes its dirs after each test).
const tempDir = () => fs.mkdtemp(path.join(os.tmpdir(), 'latchkey-test-'));
const skip = await keyringSkipReason();

/**
 * An export of an environment with a dynamic DATABASE_URL (real OpenBao database engine over a real
 * PostgreSQL). The role's default TTL (5 s) is far shorter than the export, so the export must renew the
 * lease to its own TTL, and say so when the role's max TTL (60 s) caps it.
 */
describe.skipIf(skip !== null)('export renews dynamic-credential leases to the export TTL', () => {
  const openbao = inject('openbao');
  const dbMount = `db-${randomUUID().slice(0, 8)}`;
  let server: PostgresServer;
  let home: string;
  let work: string;
  let root: Awaited<ReturnType<typeof acmeWorld>>['root'];

  beforeAll(async () => {
    server = await startPostgres();
    const admin = async (database: string, sql: string) => {
      const client = new pg.Client({ host: server.host, port: server.port, user: server.user, password: server.password, database });
      await client.connect();
      try {
        await client.query(sql);
      } finally {
        await client.end();
      }
    };
    const adminPassword = randomBytes(18).toString('hex');
    await admin('postgres', 'CREATE DATABASE app');
    await admin('postgres', `CREATE ROLE vault_admin WITH LOGIN CREATEROLE PASSWORD '${adminPassword}'`);

    const world = await acmeWorld(openbao);
    root = world.root;
    await root.call('POST', `sys/mounts/${dbMount}`, { type: 'database' });
    await root.call('POST', `${dbMount}/config/app`, {
      plugin_name: 'postgresql-database-plugin',
      connection_url: `postgresql://{{username}}:{{password}}@127.0.0.1:${server.port}/app?sslmode=disable`,
      username: 'vault_admin',
      password: adminPassword,
      allowed_roles: ['app'],
    });
    await root.call('POST', `${dbMount}/roles/app`, {
      db_name: 'app',
      creation_statements: [`CREATE ROLE "{{name}}" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}';`],
      revocation_statements: ['DROP ROLE IF EXISTS "{{name}}";'],
      default_ttl: '5s',
      max_ttl: '60s',
    });
    const dbPolicy = `${dbMount}-creds`;
    await root.policy(dbPolicy, `
path "${dbMount}/creds/app" { capabilities = ["read"] }
path "sys/leases/renew" { capabilities = ["update"] }
path "sys/leases/revoke" { capabilities = ["update"] }
`);
    const policy = `${world.mount}-dev-read`;
    const token = await root.token([policy, dbPolicy]);
    const profile = structuredClone(world.profile);
    Object.assign(profile.environments[0]!, {
      dynamic: [{ variable: 'DATABASE_URL', path: `${dbMount}/creds/app`, template: `postgres://{{username}}:{{password}}@127.0.0.1:${server.port}/app` }],
    });
    home = await tempDir();
    work = await tempDir();
    const file = path.join(home, 'team.json');
    await fs.writeFile(file, JSON.stringify(profile));
    expect((await cli(['profile', 'import', file], { home })).code).toBe(0);
    const login = await cli(['login', 'acme', '--token-stdin'], { home, stdin: token });
    expect(login.code, login.stderr).toBe(0);
  });

  afterAll(async () => {
    await root?.call('PUT', `sys/leases/revoke-prefix/${dbMount}`, {}).catch(() => undefined);
    await root?.call('DELETE', `sys/mounts/${dbMount}`).catch(() => undefined);
    await server?.stop();
    await Promise.all([home, work].filter(Boolean).map((dir) => fs.rm(dir, { recursive: true, force: true })));
  });

  const leaseOf = async (): Promise<string> => {
    const ledger = JSON.parse(await fs.readFile(path.join(home, 'exports.json'), 'utf8')) as { exports: Array<{ leases: Array<{ id: string }> }> };
    return ledger.exports.at(-1)!.leases[0]!.id;
  };
  const ttlOf = async (leaseId: string): Promise<number> =>
    ((await root.call('PUT', 'sys/leases/lookup', { lease_id: leaseId })) as { data: { ttl: number } }).data.ttl;

  it('an export with ttl 30s stretches the 5 s lease to about 30 s', async () => {
    const result = await cli(['export', DEV, '--out', path.join(work, 'a.env'), '--ttl', '30s'], { home });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).not.toContain('warning');
    expect(await ttlOf(await leaseOf())).toBeGreaterThan(20);
  });

  it("an export with ttl 2m warns that the role's max TTL caps the credentials", async () => {
    const result = await cli(['export', DEV, '--out', path.join(work, 'b.env'), '--ttl', '2m'], { home });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/warning: DATABASE_URL's credentials end at \S+, before the export expires at \S+; the role's max TTL caps them\./);
    const leaseId = await leaseOf();
    expect(result.stderr).not.toContain(leaseId);
    const ttl = await ttlOf(leaseId);
    expect(ttl).toBeGreaterThan(50);
    expect(ttl).toBeLessThanOrEqual(60);
  });

  /** Every lease OpenBao holds for this file's database role. */
  const liveLeases = async (): Promise<string[]> => {
    const body = await root.call('GET', `sys/leases/lookup/${dbMount}/creds/app/?list=true`).catch(() => null) as { data?: { keys?: string[] } } | null;
    return body?.data?.keys ?? [];
  };

  it('a mount with ttl 30s stretches the 5 s lease to about 30 s too', async () => {
    const { mount, child, exited } = await startMount(home, ['--out', path.join(work, 'mounted.env'), '--ttl', '30s']);
    try {
      const ledger = JSON.parse(await fs.readFile(path.join(home, 'exports.json'), 'utf8')) as { exports: Array<{ id: string; leases: Array<{ id: string }> }> };
      const leaseId = ledger.exports.find((e) => e.id === mount.id)!.leases[0]!.id;
      expect(await ttlOf(leaseId)).toBeGreaterThan(20);
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  });

  it("`run` revokes the credentials it created when the command exits", async () => {
    // The listing sees a live lease (else the check below could not fail): an export's, made just now.
    expect((await cli(['export', DEV, '--out', path.join(work, 'c.env'), '--ttl', '5m'], { home })).code).toBe(0);
    expect(await liveLeases()).toContain((await leaseOf()).split('/').pop());
    const before = new Set(await liveLeases());
    const check = 'process.exit(process.env.DATABASE_URL?.startsWith("postgres://") ? 0 : 1)';
    const result = await cli(['run', DEV, '--', process.execPath, '-e', check], { home });
    expect(result.code, result.stderr).toBe(0);
    const run = (await auditActions(home)).filter((e) => e.action === 'run').at(-1);
    expect(run).toMatchObject({ outcome: 'ok', details: { leases: 1 } });
    expect((await liveLeases()).filter((id) => !before.has(id))).toEqual([]);
  });
});
