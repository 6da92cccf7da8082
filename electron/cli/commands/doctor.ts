import { execFile } from 'node:child_process';
import { promises as fs, constants } from 'node:fs';
import { promisify } from 'node:util';
import { z } from 'zod';
import { CACHE_TTL_VARIABLE } from '../../backends/cache';
import type { Services } from '../../services';

const run = promisify(execFile);

export const DoctorCheck = z.object({
  name: z.string(),
  ok: z.boolean(),
  detail: z.string(),
  hint: z.string().optional(),
});
export type DoctorCheck = z.infer<typeof DoctorCheck>;

export const DoctorReport = z.object({ ok: z.boolean(), version: z.string(), checks: z.array(DoctorCheck) });
export type DoctorReport = z.infer<typeof DoctorReport>;

/** Extra checks contributed by other capabilities (e.g. one per configured backend). */
export type DoctorProbe = (services: Services) => Promise<DoctorCheck[]>;

export async function runDoctor(services: Services, probes: DoctorProbe[] = []): Promise<DoctorReport> {
  const info = await services.appInfo();
  const checks: DoctorCheck[] = [
    keychainCheck(info.keychain),
    await dataDirCheck(info.dataDir),
    await gitCheck(),
    cacheCheck(services.cache.ttlMs),
    ...(await Promise.all(probes.map((probe) => probe(services)))).flat(),
  ];
  return { ok: checks.every((c) => c.ok), version: info.version, checks };
}

function keychainCheck(status: Awaited<ReturnType<Services['appInfo']>>['keychain']): DoctorCheck {
  if (status.backend === 'unavailable') {
    return {
      name: 'keychain',
      ok: false,
      detail: status.detail,
      hint: 'Start your desktop keyring (Secret Service), or opt in to a passphrase store with `latchkey doctor --init-passphrase-store`.',
    };
  }
  return { name: 'keychain', ok: true, detail: status.detail };
}

/** Not a failure either way: says how long values stay in memory, so a changed setting is visible. */
function cacheCheck(ttlMs: number): DoctorCheck {
  if (ttlMs === 0) return { name: 'cache', ok: true, detail: `secret values are not kept in memory (${CACHE_TTL_VARIABLE}=0)` };
  const ttl = ttlMs % 60_000 === 0 ? `${ttlMs / 60_000} min` : `${Math.round(ttlMs / 1000)} s`;
  return { name: 'cache', ok: true, detail: `secret values stay in memory for ${ttl} after a read (${CACHE_TTL_VARIABLE}; at most 60 min)` };
}

async function dataDirCheck(dir: string): Promise<DoctorCheck> {
  try {
    await fs.access(dir, constants.W_OK);
    const mode = (await fs.stat(dir)).mode & 0o777;
    const privateEnough = process.platform === 'win32' || (mode & 0o077) === 0;
    return privateEnough
      ? { name: 'data dir', ok: true, detail: `${dir} (mode ${mode.toString(8)})` }
      : { name: 'data dir', ok: false, detail: `${dir} is readable by others (mode ${mode.toString(8)})`, hint: `Run: chmod 700 '${dir}'` };
  } catch {
    return { name: 'data dir', ok: false, detail: `${dir} is not writable`, hint: 'Check its owner and permissions, or set LATCHKEY_HOME.' };
  }
}

async function gitCheck(): Promise<DoctorCheck> {
  try {
    const { stdout } = await run('git', ['--version'], { timeout: 5000 });
    return { name: 'git', ok: true, detail: stdout.trim() };
  } catch {
    return {
      name: 'git',
      ok: false,
      detail: 'git was not found on PATH',
      hint: 'Install git: Latchkey uses it to refuse writing secrets into files git would commit.',
    };
  }
}
