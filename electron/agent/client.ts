import net from 'node:net';
import type { AppErrorShape } from '../../shared/errors';
import type { Result } from '../../shared/result';
import type { AgentPaths } from './paths';
import { encodeFrame, frameReader, MAX_FRAME_BYTES, PROTOCOL, type AgentHostKind, type ServerFrame } from './protocol';
import { readAgentToken } from './token-file';

export interface AgentHello {
  version: string;
  pid: number;
  host: AgentHostKind;
}

/** The connection ended before the agent answered (killed, crashed): the caller may redo the work itself. */
export class AgentGoneError extends Error {
  constructor() {
    super('the agent stopped before it answered');
  }
}

/** The agent turned this client away (wrong token); `error` says why, for people. */
export class AgentRefusedError extends Error {
  constructor(readonly error: AppErrorShape) {
    super(error.message);
  }
}

const HELLO_TIMEOUT_MS = 10_000;

/**
 * One authenticated connection to the agent. Zod-free: the thin CLI uses it, and trusts the answers as
 * much as it trusts the agent — same user, a 0700 directory, a 0600 socket and a token only this user can
 * read. The agent checks every payload with the channel's schemas.
 */
export class AgentConnection {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (r: Result<unknown>) => void; reject: (e: Error) => void }>();
  private closed = false;
  /** Warnings the agent sends about this client's work (say, a lease of its `run` that could not be renewed). */
  onWarning: (message: string) => void = () => undefined;

  private constructor(private readonly socket: net.Socket, readonly hello: AgentHello) {}

  /**
   * Connects and presents the token. Resolves null when no agent listens here (no socket, a stale socket
   * from a crash, no token yet); rejects with AgentRefusedError when one listens but refuses us.
   */
  static async open(paths: AgentPaths, version: string): Promise<AgentConnection | null> {
    const token = readAgentToken(paths.token);
    if (token === null) return null;
    const socket = await new Promise<net.Socket | null>((resolve, reject) => {
      const s = net.createConnection(paths.socket);
      s.once('connect', () => resolve(s));
      s.once('error', (error: NodeJS.ErrnoException) => {
        // Nobody listens: no socket file, or one left by a crash. Anything else is a real problem.
        if (error.code === 'ENOENT' || error.code === 'ECONNREFUSED') resolve(null);
        else reject(new Error(`cannot reach the agent socket (${error.code ?? 'error'})`));
      });
    });
    if (!socket) return null;
    return new Promise<AgentConnection>((resolve, reject) => {
      let connection: AgentConnection | null = null;
      const timer = setTimeout(() => fail(new Error('the agent did not answer in time')), HELLO_TIMEOUT_MS);
      const fail = (error: Error) => {
        clearTimeout(timer);
        socket.destroy();
        if (connection) connection.shutdown(error);
        else reject(error);
      };
      const read = frameReader((raw) => {
        const frame = raw as ServerFrame;
        if (!connection) {
          clearTimeout(timer);
          if (frame.t === 'hello') {
            connection = new AgentConnection(socket, { version: frame.version, pid: frame.pid, host: frame.host });
            return resolve(connection);
          }
          if (frame.t === 'refused') return fail(new AgentRefusedError(frame.error));
          return fail(new Error('the agent answered something unexpected'));
        }
        connection.receive(frame);
      }, (why) => fail(new Error(`the agent sent a bad frame (${why})`)), () => MAX_FRAME_BYTES);
      socket.on('data', read);
      socket.on('error', () => undefined); // 'close' follows and settles everything
      socket.on('close', () => (connection ? connection.shutdown(new AgentGoneError()) : fail(new AgentGoneError())));
      socket.write(encodeFrame({ t: 'hello', token, version, protocol: PROTOCOL }));
    });
  }

  /** One call; resolves with the agent's Result. Rejects with AgentGoneError if the connection ends first. */
  call<T = unknown>(channel: string, payload: unknown): Promise<Result<T>> {
    if (this.closed) return Promise.reject(new AgentGoneError());
    const id = this.nextId++;
    return new Promise<Result<T>>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (r: Result<unknown>) => void, reject });
      this.socket.write(encodeFrame({ t: 'call', id, channel, payload }));
    });
  }

  /** Lets the process exit while the connection is still open (the agent notices the close). */
  unref(): void {
    this.socket.unref();
  }

  close(): void {
    this.socket.destroy();
    this.shutdown(new AgentGoneError());
  }

  private receive(frame: ServerFrame): void {
    if (frame.t === 'result') {
      const waiter = this.waiting.get(frame.id);
      this.waiting.delete(frame.id);
      waiter?.resolve(frame.result);
    } else if (frame.t === 'event') {
      this.onWarning(frame.message);
    }
  }

  private shutdown(error: Error): void {
    this.closed = true;
    for (const waiter of this.waiting.values()) waiter.reject(error);
    this.waiting.clear();
  }
}
