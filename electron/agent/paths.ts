import os from 'node:os';
import path from 'node:path';

/** Where one data dir's agent keeps its socket, token, state and log. Zod-free: the thin CLI uses it. */
export interface AgentPaths {
  dataDir: string;
  /** The private (0700) directory that holds the socket; null on Windows, where the socket is a named pipe. */
  socketDir: string | null;
  /** A Unix socket path, or `\\.\pipe\…` on Windows. */
  socket: string;
  /** The random token every connection presents (0600). */
  token: string;
  /** pid, version and socket of the running agent (0600), for `latchkey agent status` and stop. */
  state: string;
  /** Taken while an agent binds the socket, so two agents starting at once cannot both bind. */
  lock: string;
  /** The detached agent's stdout and stderr. Never a value or a token. */
  log: string;
  /** Written when the agent could not start: the CLI works in-process, says so once, and tries again later. */
  unavailable: string;
}

/** sun_path holds 104 bytes on macOS, 108 on Linux; stay under both. */
const MAX_SOCKET_PATH = 100;

/**
 * One agent per user and data dir. The socket goes in `$XDG_RUNTIME_DIR/latchkey/` (per-user, 0700, cleared
 * at logout) when there is one, else in the data dir (0700); its name carries a hash of the data dir, so two
 * data dirs (tests, side-by-side installs) never share an agent. A data dir too deep for a socket path falls
 * back to a per-user directory under the temp dir. On Windows it is a named pipe named for the user and
 * the data dir.
 */
export function agentPaths(dataDir: string, env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): AgentPaths {
  const key = fnv1a64(dataDir);
  const inData = (name: string) => path.join(dataDir, name);
  const files = { dataDir, token: inData('agent.token'), state: inData('agent.json'), lock: inData('agent.lock'), log: inData('agent.log'), unavailable: inData('agent.unavailable') };
  if (platform === 'win32') {
    return { ...files, socketDir: null, socket: `\\\\.\\pipe\\latchkey-${pipeSafe(userName(env))}-${key}` };
  }
  const runtime = env.XDG_RUNTIME_DIR?.trim();
  let socketDir = runtime && path.isAbsolute(runtime) ? path.join(runtime, 'latchkey') : dataDir;
  let socket = socketDir === dataDir ? inData('agent.sock') : path.join(socketDir, `${key}.sock`);
  if (Buffer.byteLength(socket) > MAX_SOCKET_PATH) {
    socketDir = path.join(os.tmpdir(), `latchkey-${process.getuid?.() ?? pipeSafe(userName(env))}`);
    socket = path.join(socketDir, `${key}.sock`);
  }
  return { ...files, socketDir, socket };
}

/** A name, not a secret: FNV-1a keeps node:crypto (milliseconds to load) out of the thin CLI. */
function fnv1a64(text: string): string {
  let hash = 0xcbf29ce484222325n;
  for (const byte of Buffer.from(text, 'utf8')) hash = ((hash ^ BigInt(byte)) * 0x100000001b3n) & 0xffffffffffffffffn;
  return hash.toString(16).padStart(16, '0');
}

function userName(env: NodeJS.ProcessEnv): string {
  try {
    return os.userInfo().username;
  } catch {
    return env.USERNAME ?? env.USER ?? 'user';
  }
}

/** Pipe names take any character but `\`; keep them readable and short. */
const pipeSafe = (text: string) => text.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 40) || 'user';
