import { promises as fs } from 'node:fs';
import { isChannel } from '../../shared/contract';
import { APP_VERSION } from '../app-info';
import { writeFileAtomic } from '../fs/atomic';
import { withFileLock } from '../fs/lock';
import { createTableDispatch } from '../ipc-dispatch';
import type { Services } from '../services';
import { agentContract } from './agent-contract';
import { createAgentHandlers, RunRegistry } from './agent-handlers';
import { AgentConnection, type AgentHello } from './client';
import { startExpiryTimers } from './expiry-timers';
import { agentPaths, type AgentPaths } from './paths';
import type { AgentHostKind } from './protocol';
import { createScheduler, type AgentScheduler } from './scheduler';
import { listenAgentSocket, type Serve, type SocketServer } from './server';
import { ensurePrivateSocketDir, probeSocket } from './socket-dir';
import { agentTasks } from './tasks';
import { newAgentToken } from './token';

export interface AgentHostOptions {
  host: AgentHostKind;
  /** Exit after this long with nothing pending and no call; null: stay (the app, `--keep-running`). */
  idleMs: number | null;
  log(line: string): void;
  /** The app takes the socket over from a running `latchkey agent`; an agent leaves a running one alone. */
  takeOver: boolean;
  env?: NodeJS.ProcessEnv;
}

export interface AgentHost {
  readonly paths: AgentPaths;
  readonly scheduler: AgentScheduler;
  /** Resolves with the reason once the agent stopped and its last connection closed. */
  readonly stopped: Promise<string>;
  stop(reason: string): void;
}

export type AgentStart = { host: AgentHost } | { alreadyRunning: AgentHello };

/** How often the agent asks itself whether it is idle (not how expiry works: that has exact timers). */
const IDLE_CHECK_MAX_MS = 30_000;

/**
 * Makes this process the data dir's agent: binds the socket (replacing a stale one from a crash), writes a
 * fresh token, and from then on ends exports on time, keeps sessions and values warm for every client, and
 * runs the scheduled tasks. Two agents starting at once: the start lock lets one bind; the other finds it
 * live and reports `alreadyRunning`.
 */
export async function startAgentHost(services: Services, options: AgentHostOptions): Promise<AgentStart> {
  const dataDir = services.config.dataDir;
  const paths = agentPaths(dataDir, options.env ?? process.env);
  if (paths.socketDir) await ensurePrivateSocketDir(paths.socketDir);
  const runs = new RunRegistry();
  let stop: (reason: string) => void = () => undefined;
  let lastActivity = Date.now();
  let afterCall = () => undefined as void;

  const startedAt = new Date().toISOString();
  let nextExpiry = (): string | null => null;
  const status = async () => ({
    version: APP_VERSION,
    pid: process.pid,
    host: options.host,
    startedAt,
    dataDir,
    socket: paths.socket,
    cacheTtlMs: services.cache.ttlMs,
    exports: (await services.exports.records()).length,
    nextExpiry: nextExpiry(),
    runs: runs.size,
    idleExitMs: options.idleMs,
  });

  const handlers = createAgentHandlers({ services, runs, status, stop: (reason) => stop(reason) });
  const agentOnly = createTableDispatch(agentContract, handlers);
  // One contract, three transports: the renderer's channels go to the same dispatch Electron IPC uses.
  const serve: Serve = (channel, payload, context) =>
    typeof channel === 'string' && Object.hasOwn(agentContract, channel) ? agentOnly(channel, payload, context) : services.dispatch(channel, payload);

  const claimed = await withFileLock(paths.lock, async (): Promise<{ alreadyRunning: AgentHello } | { server: SocketServer }> => {
    if ((await probeSocket(paths.socket)) === 'live') {
      const running = await AgentConnection.open(paths, APP_VERSION);
      if (!running) throw new Error(`something else listens on ${paths.socket}`);
      if (!options.takeOver) {
        running.close();
        return { alreadyRunning: running.hello };
      }
      await askToStop(running, paths);
    }
    if (paths.socketDir) await fs.rm(paths.socket, { force: true }); // stale: its agent crashed
    const token = newAgentToken();
    await writeFileAtomic(paths.token, token, { mode: 0o600 });
    const server = await listenAgentSocket({
      socket: paths.socket,
      token,
      version: APP_VERSION,
      host: options.host,
      serve,
      afterCall: (channel, result) => {
        // Known channel names only: whatever a client sent as a name (a value, by mistake) stays out of the log.
        if (!result.ok) options.log(`call ${isChannel(channel) || Object.hasOwn(agentContract, channel) ? channel : '(unknown channel)'}: ${result.error.code}`);
        afterCall();
      },
      log: options.log,
    });
    await writeFileAtomic(paths.state, JSON.stringify({ pid: process.pid, version: APP_VERSION, host: options.host, socket: paths.socket, startedAt: new Date().toISOString() }) + '\n', { mode: 0o600 });
    return { server };
  }, 15_000);
  if ('alreadyRunning' in claimed) return { alreadyRunning: claimed.alreadyRunning };
  const { server } = claimed;

  let resolveStopped!: (reason: string) => void;
  const stopped = new Promise<string>((resolve) => (resolveStopped = resolve));
  const timers = startExpiryTimers({
    dataDir,
    expiries: async () => (await services.exports.records()).map((r) => r.expiresAt),
    sweep: async () => {
      for (const e of await services.exports.sweep()) options.log(`${e.record.kind === 'mount' ? 'mount' : 'export'} ${e.record.id} expired${e.fileRemoved ? '; file removed' : `; left in place`}`);
    },
    log: options.log,
    onDirGone: () => stop('its data folder was removed'),
  });
  const scheduler = createScheduler(options.log);
  for (const task of agentTasks(services, options.log, options.host)) scheduler.register(task);
  nextExpiry = () => {
    const at = timers.nextAt();
    return at === null ? null : new Date(at).toISOString();
  };
  afterCall = () => {
    lastActivity = Date.now();
    void timers.rearm();
  };

  let idleTimer: NodeJS.Timeout | undefined;
  if (options.idleMs !== null) {
    const idleMs = options.idleMs;
    idleTimer = setInterval(() => {
      void (async () => {
        const pending = (await services.exports.records().catch(() => [1])).length > 0 || runs.size > 0 || server.connections > 0 || (await scheduler.pending());
        if (pending) lastActivity = Date.now();
        else if (Date.now() - lastActivity >= idleMs) stop(`idle for ${Math.round(idleMs / 1000)} s with nothing pending`);
      })();
    }, Math.min(Math.max(idleMs / 4, 250), IDLE_CHECK_MAX_MS));
  }

  let stopping = false;
  stop = (reason) => {
    if (stopping) return;
    stopping = true;
    options.log(`stopping: ${reason}`);
    timers.stop();
    scheduler.stop();
    if (idleTimer) clearInterval(idleTimer);
    // Stops accepting at once (the socket file goes with the listening handle); open calls and `run`
    // children finish on their connections before `stopped` resolves.
    const closed = server.close();
    void removeStateIfOurs(paths).then(() => closed).then(() => resolveStopped(reason));
  };

  options.log(`listening on ${paths.socket} (pid ${process.pid}, version ${APP_VERSION}, ${options.host === 'app' ? 'the app' : 'latchkey agent'})`);
  return { host: { paths, scheduler, stopped, stop: (reason) => stop(reason) } };
}

/** The app taking over: the agent on `running` stops listening at once; wait until its socket is gone. */
async function askToStop(running: AgentConnection, paths: AgentPaths): Promise<void> {
  await running.call('agent:stop', {}).catch(() => undefined);
  running.close();
  for (let i = 0; i < 200 && (await probeSocket(paths.socket)) === 'live'; i++) await new Promise((resolve) => setTimeout(resolve, 25));
  if ((await probeSocket(paths.socket)) === 'live') throw new Error(`the agent (pid ${running.hello.pid}) did not stop`);
}

async function removeStateIfOurs(paths: AgentPaths): Promise<void> {
  try {
    const state = JSON.parse(await fs.readFile(paths.state, 'utf8')) as { pid?: number };
    if (state.pid === process.pid) await fs.rm(paths.state, { force: true });
  } catch {
    // Already gone, or another agent's.
  }
}
