import { closeSync, writeSync } from 'node:fs';
import { AppError, isAppError } from '../../shared/errors';
import { Duration, durationSeconds } from '../../shared/profile';
import { resolveDataDir } from '../config/paths';
import { createServices, type Services } from '../services';
import { currentCaller } from './caller';
import { startAgentHost } from './host';
import { clearFailure } from './launch';

/** Default time an agent with nothing pending waits for a call before it exits. */
const DEFAULT_IDLE_MS = 10 * 60_000;
export const AGENT_IDLE_VARIABLE = 'LATCHKEY_AGENT_IDLE';
/** After the agent stopped, anything still holding the event loop (an idle keep-alive socket) gets this long. */
const EXIT_GRACE_MS = 2_000;

export interface AgentProcessOptions {
  env: NodeJS.ProcessEnv;
  /** Where the log goes (stderr: the log file when the CLI started us, the journal under systemd). */
  out: NodeJS.WritableStream;
  /** The CLI that started us reads one JSON line here: listening, or why not (see launch.ts). */
  readyFd?: number;
  /** Stay when idle (a login service); by default the agent exits after LATCHKEY_AGENT_IDLE with nothing pending. */
  keepRunning?: boolean;
}

/**
 * `latchkey agent`: this process becomes the data dir's agent until it is stopped, gets SIGTERM/SIGINT,
 * its data dir disappears, or it has been idle with nothing pending. Logs lines of its own only: what
 * started, stopped, expired or failed (codes and ids), never a value or a token.
 */
export async function runAgentProcess(options: AgentProcessOptions): Promise<number> {
  const log = (line: string) => void options.out.write(`${new Date().toISOString()} latchkey agent[${process.pid}]: ${line}\n`);
  let readyFd = options.readyFd;
  const say = (message: { ready: boolean; reason?: string }) => {
    if (readyFd === undefined) return;
    try {
      writeSync(readyFd, `${JSON.stringify(message)}\n`);
      closeSync(readyFd);
    } catch {
      // The CLI that started us is gone; nobody to tell.
    }
    readyFd = undefined;
  };
  let services: Services | undefined;
  try {
    const idleMs = options.keepRunning ? null : idleFrom(options.env);
    const dataDir = resolveDataDir(options.env);
    // A warning goes to the command whose call caused it (see caller.ts), else to the log.
    const warn = (message: string) => {
      const caller = currentCaller.getStore();
      if (caller) caller.warn(message);
      else log(`warning: ${message}`);
    };
    services = await createServices({ dataDir, env: options.env, askPassphrase: noTerminal, deviceKey: 'create-if-missing', warn });
    const started = await startAgentHost(services, { host: 'cli', idleMs, log, takeOver: false, env: options.env });
    if ('alreadyRunning' in started) {
      log(`another agent (pid ${started.alreadyRunning.pid}) already serves ${dataDir}; leaving it to that one`);
      say({ ready: true });
      await services.close();
      return 0;
    }
    clearFailure(started.host.paths);
    say({ ready: true });
    const onSignal = (signal: NodeJS.Signals) => {
      if (signal === 'SIGHUP') return; // no terminal to hang up on; systemd and launchd use SIGTERM
      started.host.stop(`got ${signal}`);
    };
    for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, onSignal);
    await started.host.stopped;
    for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.off(signal, onSignal);
    await services.close();
    log('stopped');
    setTimeout(() => process.exit(0), EXIT_GRACE_MS).unref();
    return 0;
  } catch (error) {
    const reason = isAppError(error) ? error.message : 'an unexpected error';
    log(`cannot start: ${reason}`);
    say({ ready: false, reason });
    await services?.close().catch(() => undefined);
    return 1;
  }
}

/** The agent has no terminal: a passphrase store is unlocked by a CLI working in its own process. */
async function noTerminal(): Promise<string> {
  throw new AppError('KEYCHAIN_UNAVAILABLE', 'The agent cannot ask for the passphrase of the Latchkey store: it has no terminal.', 'Commands work without the agent meanwhile.');
}

function idleFrom(env: NodeJS.ProcessEnv): number {
  const text = env[AGENT_IDLE_VARIABLE]?.trim();
  if (!text) return DEFAULT_IDLE_MS;
  if (!Duration.safeParse(text).success) {
    throw new AppError('BAD_REQUEST', `${AGENT_IDLE_VARIABLE} "${text}" is not a duration.`, 'Write it like 90s, 10m or 1h.');
  }
  return durationSeconds(text) * 1000;
}
