import { closeSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { pidAlive } from '../fs/pid-alive';
import { AgentConnection } from './client';
import type { AgentPaths } from './paths';

/**
 * How to start an agent: the CLI runs `node dist-electron/cli.mjs agent serve`; the app, quitting with
 * exports pending, runs its own binary with `--latchkey-agent` (no window). `--ready-fd 3` is added.
 */
export interface AgentCommand {
  execPath: string;
  args: string[];
  env: NodeJS.ProcessEnv;
}

/** The argument that makes the app binary an agent without a window (see main.ts). */
export const APP_AGENT_FLAG = '--latchkey-agent';

/** `--ready-fd <n>` from an argv, for the app started as an agent. */
export function readyFdFrom(argv: string[]): number | undefined {
  const at = argv.indexOf('--ready-fd');
  const fd = at === -1 ? Number.NaN : Number(argv[at + 1]);
  return Number.isInteger(fd) && fd > 2 ? fd : undefined;
}

export type AgentAvailability = { connection: AgentConnection } | { unavailable: string };

/** A failed start is not retried on every command: the CLI works in-process until this much time passed. */
const RETRY_AFTER_MS = 10 * 60_000;
/** Starting includes opening the keychain; on a busy machine that takes seconds. */
const START_TIMEOUT_MS = 20_000;
/** The log is kept short: it says when the agent started, stopped and what it ended, never more. */
const MAX_LOG_BYTES = 1024 * 1024;

/**
 * A connection to this data dir's agent, starting one when none runs: detached, logging to the data dir,
 * exiting by itself once nothing is pending. An agent of another version is stopped and replaced (not
 * the app's: the person quits the app to update it). `{unavailable}` says why the caller must work in
 * its own process.
 */
export async function ensureAgent(paths: AgentPaths, version: string, command: AgentCommand): Promise<AgentAvailability> {
  try {
    const running = await AgentConnection.open(paths, version);
    if (running && running.hello.version === version) return { connection: running };
    if (running?.hello.host === 'app') {
      running.close();
      return { unavailable: `the Latchkey app (version ${running.hello.version}) is the agent and this command is version ${version}` };
    }
    if (running) await stopAgent(running);
    const started = await spawnAgent(paths, command);
    if (!started.ok) return { unavailable: started.reason };
    const connection = await AgentConnection.open(paths, version);
    if (connection && connection.hello.version === version) return { connection };
    connection?.close();
    return { unavailable: 'the agent started but did not answer' };
  } catch (error) {
    return { unavailable: error instanceof Error ? error.message : 'unknown error' };
  }
}

/**
 * Asks the agent on this connection to stop, closes the connection and waits until its process is gone.
 * Resolves the pid it stopped.
 */
export async function stopAgent(connection: AgentConnection, timeoutMs = 10_000): Promise<number> {
  const pid = connection.hello.pid;
  await connection.call('agent:stop', {}).catch(() => undefined);
  connection.close();
  const deadline = Date.now() + timeoutMs;
  while (pidAlive(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
  return pid;
}

/** A recent failure to start, as the reason, or null (none, or old enough to try again). */
export function recentFailure(paths: AgentPaths, now = Date.now()): string | null {
  try {
    const { reason, at } = JSON.parse(readFileSync(paths.unavailable, 'utf8')) as { reason: string; at: number };
    return now - at < RETRY_AFTER_MS ? reason : null;
  } catch {
    return null;
  }
}

export function rememberFailure(paths: AgentPaths, reason: string): void {
  try {
    writeFileSync(paths.unavailable, JSON.stringify({ reason, at: Date.now() }), { mode: 0o600 });
  } catch {
    // Not remembering only means trying again next time.
  }
}

/**
 * Starts `latchkey agent` detached (its own session: closing the terminal does not end it), stdout and
 * stderr to the log, and waits for it to say on fd 3 that it listens (or why it cannot).
 */
async function spawnAgent(paths: AgentPaths, command: AgentCommand): Promise<{ ok: true } | { ok: false; reason: string }> {
  mkdirSync(paths.dataDir, { recursive: true, mode: 0o700 });
  rotateLog(paths.log);
  // Loaded here only: most commands never start an agent, and node:child_process costs start-up time.
  const { spawn } = await import('node:child_process');
  const log = openSync(paths.log, 'a', 0o600);
  let child;
  try {
    child = spawn(command.execPath, [...command.args, '--ready-fd', '3'], {
      detached: true,
      stdio: ['ignore', log, log, 'pipe'],
      env: command.env,
      cwd: paths.dataDir,
      windowsHide: true,
    });
  } finally {
    closeSync(log);
  }
  const ready = child.stdio[3]!;
  const answer = await new Promise<{ ok: true } | { ok: false; reason: string }>((resolve) => {
    let text = '';
    const timer = setTimeout(() => resolve({ ok: false, reason: `the agent did not start within ${START_TIMEOUT_MS / 1000} s (see ${paths.log})` }), START_TIMEOUT_MS);
    const settle = (value: { ok: true } | { ok: false; reason: string }) => {
      clearTimeout(timer);
      resolve(value);
    };
    ready.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (!text.includes('\n')) return;
      try {
        const said = JSON.parse(text.slice(0, text.indexOf('\n'))) as { ready: boolean; reason?: string };
        settle(said.ready ? { ok: true } : { ok: false, reason: said.reason ?? 'unknown reason' });
      } catch {
        settle({ ok: false, reason: 'the agent said something unexpected' });
      }
    });
    ready.on('error', () => undefined);
    child.once('error', (error: NodeJS.ErrnoException) => settle({ ok: false, reason: `the agent could not be started (${error.code ?? 'error'})` }));
    child.once('exit', (code) => settle({ ok: false, reason: `the agent exited at start (code ${code ?? 'none'}; see ${paths.log})` }));
  });
  ready.destroy();
  child.unref();
  return answer;
}

function rotateLog(file: string): void {
  try {
    if (statSync(file).size > MAX_LOG_BYTES) renameSync(file, `${file}.1`);
  } catch {
    // No log yet.
  }
}

export function clearFailure(paths: AgentPaths): void {
  rmSync(paths.unavailable, { force: true });
}
