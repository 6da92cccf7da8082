import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect } from 'vitest';
import { agentPaths } from '../../electron/agent/paths';
import { assertBundleFresh, BIN, cli } from './cli';

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The built `latchkey` as a person runs it, with the agent allowed: the test config sets
 * LATCHKEY_NO_AGENT=1 for every other test, so only these tests start agents (and stop them, below).
 */
export function latchkey(args: string[], options: { home: string; env?: NodeJS.ProcessEnv; input?: string; cwd?: string }): Promise<Run> {
  assertBundleFresh();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd,
      env: { ...process.env, LATCHKEY_NO_AGENT: '0', ...options.env, LATCHKEY_HOME: options.home },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => void (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => void (stderr += c.toString()));
    child.stdin.end(options.input ?? '');
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, stdout, stderr });
    });
  });
}

/** The pid of the agent serving `home` (from its state file), or null. */
export async function agentPid(home: string): Promise<number | null> {
  try {
    return (JSON.parse(await readFile(agentPaths(home).state, 'utf8')) as { pid: number }).pid;
  } catch {
    return null;
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function waitForExit(pid: number, timeoutMs = 5_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
  return !isAlive(pid);
}

/**
 * Temp data dirs for agent tests. After each test every agent that served one of them (or was handed to
 * `track`) is stopped — SIGTERM, then SIGKILL — before the dirs go, so no agent outlives `npm test`.
 */
export function useAgentHomes(): { home(): Promise<string>; track(pid: number): void } {
  const homes: string[] = [];
  const pids = new Set<number>();
  afterEach(async () => {
    for (const home of homes) {
      const pid = await agentPid(home);
      if (pid !== null && pid !== process.pid) pids.add(pid);
    }
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        continue;
      }
      if (!(await waitForExit(pid, 3_000))) process.kill(pid, 'SIGKILL');
    }
    pids.clear();
    await Promise.all(homes.splice(0).map((home) => rm(path.dirname(home), { recursive: true, force: true })));
  });
  return {
    /** A data dir (`data` in a fresh temp folder) with workDir(home) beside it. */
    async home() {
      const root = await mkdtemp(path.join(os.tmpdir(), 'latchkey-agent-test-'));
      const home = path.join(root, 'data');
      await mkdir(home);
      await mkdir(workDir(home));
      homes.push(home);
      return home;
    },
    track: (pid) => void pids.add(pid),
  };
}

/** Where a test's exports go: beside the data dir, never in it (Latchkey refuses to write there). */
export const workDir = (home: string) => path.join(path.dirname(home), 'work');

/** A Doppler backend with a unique name (the keychain is shared by the session), signed in in-process. */
export async function doppler(home: string, url: string, token: string): Promise<string> {
  const name = `dop-${randomBytes(3).toString('hex')}`;
  const add = await cli(['backends', 'add', 'doppler', '--name', name, '--url', url], { home });
  expect(add.code, add.stderr).toBe(0);
  const login = await cli(['login', name, '--token-stdin'], { home, stdin: `${token}\n` });
  expect(login.code, login.stderr).toBe(0);
  return name;
}
