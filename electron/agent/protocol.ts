import type { AppErrorShape } from '../../shared/errors';
import type { Result } from '../../shared/result';

/**
 * The agent socket's framing: one JSON document per line, both ways. It carries calls of the same
 * channel tables Electron IPC carries, and nothing else: a transport adds framing, never logic. Zod-free
 * (the thin CLI speaks it); the server checks each frame's shape and the dispatch checks each payload.
 */
export const PROTOCOL = 1;

/** Who serves the socket: a `latchkey agent` process, or the desktop app's main process. */
export type AgentHostKind = 'cli' | 'app';

export type ClientFrame =
  | { t: 'hello'; token: string; version: string; protocol: number }
  | { t: 'call'; id: number; channel: string; payload: unknown };

export type ServerFrame =
  | { t: 'hello'; version: string; pid: number; host: AgentHostKind; protocol: number }
  | { t: 'refused'; error: AppErrorShape }
  | { t: 'result'; id: number; result: Result<unknown> }
  /** Something this client should hear while its work lives on (a lease renewal that failed during `run`). */
  | { t: 'event'; name: 'warning'; message: string };

/** Before the hello is accepted a peer may send only this much: an unauthenticated peer cannot fill memory. */
export const MAX_HELLO_BYTES = 4096;
/** After it, one frame (an export of many keys) may be this large. */
export const MAX_FRAME_BYTES = 32 * 1024 * 1024;

export function encodeFrame(frame: ClientFrame | ServerFrame): string {
  return `${JSON.stringify(frame)}\n`;
}

/**
 * Splits a byte stream into frames. `limit()` is asked per frame (it grows after the hello); a frame over
 * it, or one that is not JSON, ends the stream through `onError`.
 */
export function frameReader(onFrame: (frame: unknown) => void, onError: (why: string) => void, limit: () => number): (chunk: Buffer) => void {
  let pending: Buffer[] = [];
  let size = 0;
  let failed = false;
  return (chunk) => {
    if (failed) return;
    let start = 0;
    for (let nl = chunk.indexOf(10); nl !== -1; nl = chunk.indexOf(10, start)) {
      const line = Buffer.concat([...pending, chunk.subarray(start, nl)]);
      pending = [];
      size = 0;
      start = nl + 1;
      if (line.length > limit()) return fail('frame too large');
      let frame: unknown;
      try {
        frame = JSON.parse(line.toString('utf8'));
      } catch {
        return fail('frame is not JSON');
      }
      onFrame(frame);
      if (failed) return;
    }
    const rest = chunk.subarray(start);
    size += rest.length;
    if (size > limit()) return fail('frame too large');
    if (rest.length > 0) pending.push(rest);
  };
  function fail(why: string): void {
    failed = true;
    pending = [];
    onError(why);
  }
}
