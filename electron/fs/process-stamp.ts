import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { promisify } from 'node:util';
import { z } from 'zod';
import { sha256 } from '../util/hash';
import { pidAlive } from './pid-alive';

const exec = promisify(execFile);

/**
 * Names one process for as long as it lives: its pid, when it started and a hash of its command line. A
 * pid alone is not enough — after a crash the same number goes to some other process (a stranger's
 * `sleep`), and a sweeper that trusted it would signal that stranger or wait forever on a writer that is
 * long gone. Recorded in the ledger for writers, mount servers and whoever is ending an export.
 */
export const ProcessStamp = z.object({ pid: z.number().int().positive(), start: z.string(), cmd: z.string() });
export type ProcessStamp = z.infer<typeof ProcessStamp>;

/** The stamp of a running process, or null when it is gone (or a zombie: it can do nothing any more). */
async function stampOf(pid: number): Promise<ProcessStamp | null> {
  if (process.platform === 'linux') return linuxStamp(pid);
  if (process.platform === 'win32') return pidAlive(pid) ? { pid, start: '', cmd: '' } : null;
  return psStamp(pid);
}

let self: Promise<ProcessStamp> | undefined;

/** This process's stamp (read once). */
export function selfStamp(): Promise<ProcessStamp> {
  self ??= stampOf(process.pid).then((stamp) => stamp ?? { pid: process.pid, start: '', cmd: '' });
  return self;
}

/** True when the process the stamp names is still running: same pid, same start time, same command line. */
export async function isRunning(stamp: ProcessStamp): Promise<boolean> {
  if (!pidAlive(stamp.pid)) return false;
  const now = await stampOf(stamp.pid);
  return now !== null && now.start === stamp.start && now.cmd === stamp.cmd;
}

async function linuxStamp(pid: number): Promise<ProcessStamp | null> {
  try {
    const [stat, cmdline] = await Promise.all([fs.readFile(`/proc/${pid}/stat`, 'utf8'), fs.readFile(`/proc/${pid}/cmdline`)]);
    // The command name in parentheses may itself hold spaces and parentheses: fields start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] === 'Z' || fields[0] === 'X') return null;
    // Field 22 of proc(5), starttime: clock ticks after boot. fields[0] is field 3.
    return { pid, start: fields[19] ?? '', cmd: sha256(cmdline).slice(0, 16) };
  } catch {
    return null;
  }
}

async function psStamp(pid: number): Promise<ProcessStamp | null> {
  try {
    const { stdout } = await exec('ps', ['-o', 'lstart=', '-o', 'command=', '-p', String(pid)], { env: { ...process.env, LC_ALL: 'C' } });
    const line = stdout.trim();
    if (line === '') return null;
    // lstart is a fixed 24-character date ("Mon Jan  1 10:00:00 2026"); the command line follows.
    return { pid, start: line.slice(0, 24), cmd: sha256(line.slice(24).trim()).slice(0, 16) };
  } catch {
    return null;
  }
}
