import { promises as fs } from 'node:fs';
import net from 'node:net';
import { AppError } from '../../shared/errors';
import type { Result } from '../../shared/result';
import type { CallContext } from './agent-handlers';
import { currentCaller } from './caller';
import { encodeFrame, frameReader, MAX_FRAME_BYTES, MAX_HELLO_BYTES, PROTOCOL, type AgentHostKind, type ServerFrame } from './protocol';
import { tokensMatch } from './token';

export type Serve = (channel: unknown, payload: unknown, context: CallContext) => Promise<Result<unknown>>;

export interface SocketServerOptions {
  socket: string;
  token: string;
  version: string;
  host: AgentHostKind;
  serve: Serve;
  /** After every call (the host re-arms expiry timers and notes the activity). Channel and code only. */
  afterCall(channel: string, result: Result<unknown>): void;
  log(line: string): void;
}

export interface SocketServer {
  /** Authenticated connections open now. */
  readonly connections: number;
  /** Stops accepting; open connections finish their calls. */
  close(): Promise<void>;
}

/** A peer must present the token this fast; a silent connection is dropped. */
const HELLO_TIMEOUT_MS = 5_000;

/**
 * The agent socket: framing and the token check, nothing else. Every call goes to `serve` (the same
 * dispatch the IPC uses, plus the agent-only table). A connection that does not open with the right token
 * is told so and closed before any frame of it reaches a handler.
 */
export async function listenAgentSocket(options: SocketServerOptions): Promise<SocketServer> {
  let connections = 0;
  let nextConnection = 1;
  const server = net.createServer((socket) => {
    const id = nextConnection++;
    let authenticated = false;
    const closers: Array<() => void> = [];
    const send = (frame: ServerFrame) => {
      if (!socket.destroyed) socket.write(encodeFrame(frame));
    };
    const refuse = (message: string) => {
      options.log(`refused a connection: ${message}`);
      send({ t: 'refused', error: new AppError('FORBIDDEN', `The Latchkey agent refused this connection: ${message}.`, 'Only the user who started the agent can use it, with the token in its data folder.').toShape() });
      socket.end();
      socket.destroySoon();
    };
    const timer = setTimeout(() => refuse('no token was presented in time'), HELLO_TIMEOUT_MS);
    const context: CallContext = {
      connection: id,
      onClose: (fn) => void closers.push(fn),
      warn: (message) => send({ t: 'event', name: 'warning', message }),
    };
    const read = frameReader(
      (raw) => {
        const frame = raw as Record<string, unknown>;
        if (!authenticated) {
          clearTimeout(timer);
          if (frame?.t !== 'hello' || !tokensMatch(frame.token, options.token)) return refuse('it did not present the agent\'s token');
          if (frame.protocol !== PROTOCOL) return refuse(`it speaks protocol ${String(frame.protocol)}, the agent ${PROTOCOL}`);
          authenticated = true;
          connections++;
          return send({ t: 'hello', version: options.version, pid: process.pid, host: options.host, protocol: PROTOCOL });
        }
        if (frame?.t !== 'call' || !Number.isSafeInteger(frame.id)) return refuse('it sent a frame that is not a call');
        const callId = frame.id as number;
        void currentCaller.run(context, () => options.serve(frame.channel, frame.payload, context)).then((result) => {
          send({ t: 'result', id: callId, result });
          options.afterCall(String(frame.channel), result);
        });
      },
      (why) => refuse(why),
      () => (authenticated ? MAX_FRAME_BYTES : MAX_HELLO_BYTES),
    );
    socket.on('data', read);
    socket.on('error', () => undefined); // 'close' follows
    socket.on('close', () => {
      clearTimeout(timer);
      if (authenticated) connections--;
      for (const fn of closers.splice(0)) fn();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // The socket file is created 0600 (no window where others could connect), then checked again below.
    const previous = process.platform === 'win32' ? null : process.umask(0o177);
    server.listen(options.socket, () => {
      server.off('error', reject);
      resolve();
    });
    // A Unix socket is bound inside listen(), synchronously: the umask is needed only for that call.
    if (previous !== null) process.umask(previous);
  });
  if (process.platform !== 'win32') await fs.chmod(options.socket, 0o600);

  return {
    get connections() {
      return connections;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // server.close waits for open connections; callers decide whether to wait (see host.ts).
      }),
  };
}
