import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

/**
 * States a killed Latchkey process leaves behind, written straight into a data dir's ledger, so a test can
 * check what the next command does with them without having to hit the exact instant with a kill (the kill
 * test does that statistically).
 */

export const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/** How a ledger record names a process: pid, start time (clock ticks since boot) and a hash of its command line. */
export interface Stamp {
  pid: number;
  start: string;
  cmd: string;
}

/** Reads a live process's stamp the way Latchkey records it (Linux /proc). */
export async function stampOf(pid: number): Promise<Stamp> {
  const stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const cmdline = await fs.readFile(`/proc/${pid}/cmdline`);
  return { pid, start: fields[19]!, cmd: sha256(cmdline).slice(0, 16) };
}

/** The stamp of a process that has exited (and been reaped): what a killed writer leaves in the ledger. */
export async function deadStamp(): Promise<Stamp> {
  const child = spawn('sleep', ['30'], { stdio: 'ignore' });
  const stamp = await stampOf(child.pid!);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
  return stamp;
}

/** A `sleep` that stays alive until the test kills it: a live stranger, or a live writer. */
export async function liveSleep(): Promise<{ child: ChildProcess; stamp: Stamp; alive: () => boolean; stop: () => Promise<void> }> {
  const child = spawn('sleep', ['300'], { stdio: 'ignore' });
  let exited = false;
  const gone = new Promise<void>((resolve) => child.once('exit', () => ((exited = true), resolve())));
  return {
    child,
    stamp: await stampOf(child.pid!),
    alive: () => !exited,
    stop: async () => {
      if (!exited) child.kill('SIGKILL');
      await gone;
    },
  };
}

export async function readLedger(home: string): Promise<Array<Record<string, unknown>>> {
  return (JSON.parse(await fs.readFile(path.join(home, 'exports.json'), 'utf8')) as { exports: Array<Record<string, unknown>> }).exports;
}

export async function writeLedger(home: string, records: Array<Record<string, unknown>>): Promise<void> {
  await fs.writeFile(path.join(home, 'exports.json'), `${JSON.stringify({ version: 1, exports: records }, null, 2)}\n`, { mode: 0o600 });
}

/** A file export record as the ledger holds it; override any field. */
export function fileRecord(fields: Record<string, unknown>): Record<string, unknown> {
  const now = Date.now();
  return {
    id: 'f00dfeed01',
    ref: 'acme:payments/dev',
    kind: 'file',
    format: 'dotenv',
    keys: ['API_KEY'],
    createdAt: new Date(now - 60_000).toISOString(),
    expiresAt: new Date(now + 3_600_000).toISOString(),
    contentHash: null,
    leases: [],
    overrideUsed: false,
    ...fields,
  };
}

/** Every regular file under `dir` (recursively) whose bytes contain `needle`. Pipes are never opened. */
export async function filesHolding(dir: string, needle: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (current: string): Promise<void> => {
    const entries = await fs.readdir(current, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile() && (await fs.readFile(full).catch(() => Buffer.alloc(0))).includes(needle)) found.push(full);
    }
  };
  await walk(dir);
  return found.sort();
}

/** Everything under `dir`, as paths relative to it (directories end with /). */
export async function tree(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (current: string): Promise<void> => {
    for (const entry of await fs.readdir(current, { withFileTypes: true }).catch(() => [])) {
      const full = path.join(current, entry.name);
      const rel = path.relative(dir, full);
      if (entry.isDirectory()) {
        out.push(`${rel}/`);
        await walk(full);
      } else out.push(rel);
    }
  };
  await walk(dir);
  return out.sort();
}
