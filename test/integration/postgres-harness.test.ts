import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type PostgresServer } from '../setup/postgres';

describe('test harness: throwaway PostgreSQL cluster', () => {
  let server: PostgresServer;
  beforeAll(async () => {
    server = await startPostgres();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('accepts the generated superuser password and answers select 1', async () => {
    const client = new pg.Client({ connectionString: server.connectionString });
    await client.connect();
    try {
      const { rows } = await client.query<{ one: number }>('select 1 as one');
      expect(rows).toEqual([{ one: 1 }]);
    } finally {
      await client.end();
    }
  });

  it('rejects a wrong password, so credential tests can fail', async () => {
    const client = new pg.Client({ ...serverConfig(), password: 'fake-password-not-real' });
    await expect(client.connect()).rejects.toThrow(/password authentication failed/);
  });

  const serverConfig = () => ({ host: server.host, port: server.port, user: server.user, database: server.database });
});
