import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './ports';
import { postgresBinDir } from './tools';

const run = promisify(execFile);

export interface PostgresServer {
  host: '127.0.0.1';
  port: number;
  /** Superuser of this throwaway cluster. */
  user: 'postgres';
  /** Random password (scram-sha-256 auth, so a wrong password really fails). Never log it. */
  password: string;
  database: 'postgres';
  /** postgres://postgres:<password>@127.0.0.1:<port>/postgres */
  connectionString: string;
  stop(): Promise<void>;
}

/**
 * PostgreSQL refuses to run as root, so as root every server command runs (via runuser) as the `postgres`
 * system user that the Debian package creates, on a temp dir it owns. Anyone else runs it as themselves.
 */
function postgresSystemUser(): { uid: number; gid: number } | null {
  if (userInfo().uid !== 0) return null;
  const entry = readFileSync('/etc/passwd', 'utf8').match(/^postgres:[^:]*:(\d+):(\d+):/m);
  if (!entry) throw new Error('Running as root but there is no `postgres` user to run PostgreSQL as: apt-get install postgresql');
  return { uid: Number(entry[1]), gid: Number(entry[2]) };
}

function readTail(path: string): string {
  try {
    return readFileSync(path, 'utf8').slice(-2000);
  } catch {
    return '(no server log)';
  }
}

async function exec(argv: string[]): Promise<void> {
  const [file, ...args] = argv;
  await run(file!, args, { timeout: 60_000 });
}

/** Starts a fresh PostgreSQL cluster on a free loopback port in a temp dir. Call stop() to remove it. */
export async function startPostgres(): Promise<PostgresServer> {
  const bin = postgresBinDir();
  const owner = postgresSystemUser();
  const wrap = (argv: string[]) => (owner ? ['runuser', '-u', 'postgres', '--', ...argv] : argv);
  const dir = mkdtempSync(join(tmpdir(), 'latchkey-pg-'));
  const data = join(dir, 'data');
  const password = randomBytes(18).toString('base64url');
  writeFileSync(join(dir, 'pwfile'), `${password}\n`, { mode: 0o600 });
  if (owner) {
    chownSync(dir, owner.uid, owner.gid);
    chownSync(join(dir, 'pwfile'), owner.uid, owner.gid);
  }
  const cleanUp = () => rmSync(dir, { recursive: true, force: true });
  try {
    await exec(wrap([join(bin, 'initdb'), '-D', data, '-U', 'postgres', `--pwfile=${join(dir, 'pwfile')}`,
      '-A', 'scram-sha-256', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions']));
    rmSync(join(dir, 'pwfile'));
    // A port can be taken between freePort() and the bind; try a few.
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      // Durability off: these clusters live for one test run.
      const opts = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
      try {
        await exec(wrap([join(bin, 'pg_ctl'), '-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '30', '-o', opts, 'start']));
      } catch (error) {
        if (attempt < 3) continue;
        const log = readTail(join(dir, 'server.log'));
        throw new Error(`PostgreSQL did not start on 127.0.0.1:${port}. Server log:\n${log}`, { cause: error });
      }
      const stop = async () => {
        await exec(wrap([join(bin, 'pg_ctl'), '-D', data, '-m', 'immediate', '-w', 'stop'])).catch(() => undefined);
        cleanUp();
      };
      return {
        host: '127.0.0.1', port, user: 'postgres', password, database: 'postgres',
        connectionString: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
        stop,
      };
    }
  } catch (error) {
    cleanUp();
    throw error;
  }
}
