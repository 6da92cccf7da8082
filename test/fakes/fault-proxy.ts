import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * What the proxy does with the next requests. Modes with `times` fall back to pass-through after that many
 * requests, so "429 twice, then the real answer" is one line in a test. `skip` lets that many requests
 * through first ("the second request of this call fails").
 */
export type FaultMode =
  | { kind: 'pass' }
  | { kind: 'rate-limit'; retryAfter?: string; times?: number }
  | { kind: 'status'; status: number; body?: string; times?: number; skip?: number }
  | { kind: 'hang'; times?: number }
  | { kind: 'malformed'; times?: number }
  /** Forward, but cut the real answer in half: malformed JSON that holds real (fake) secret text. */
  | { kind: 'truncate'; times?: number }
  | { kind: 'close'; times?: number };

export interface FaultProxy {
  /** e.g. http://127.0.0.1:41235 — point the adapter here instead of at OpenBao. */
  url: string;
  /** Requests seen since start or the last reset, in order: `GET /v1/secret/data/x`. */
  readonly requests: string[];
  setMode(mode: FaultMode): void;
  reset(): void;
  close(): Promise<void>;
}

/**
 * A loopback HTTP proxy in front of a real server that injects one kind of failure at a time. `keepHost`:
 * forward the client's Host header (AWS SigV4 signs it, so moto must see the one the SDK signed).
 */
export async function startFaultProxy(target: string, options: { keepHost?: boolean } = {}): Promise<FaultProxy> {
  const upstream = new URL(target);
  let mode: FaultMode = { kind: 'pass' };
  let remaining = Infinity;
  let skipping = 0;
  const requests: string[] = [];
  const sockets = new Set<Socket>();

  function current(): FaultMode {
    if (mode.kind === 'pass') return mode;
    if (skipping > 0) return (skipping--, { kind: 'pass' });
    if (remaining <= 0) return { kind: 'pass' };
    remaining--;
    return mode;
  }

  const server = http.createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const now = current();
    switch (now.kind) {
      case 'rate-limit':
        res.writeHead(429, { 'Content-Type': 'application/json', 'Retry-After': now.retryAfter ?? '1' });
        res.end('{"errors":["request path \\"secret/\\": rate limit quota exceeded"]}');
        return;
      case 'status':
        res.writeHead(now.status, { 'Content-Type': 'application/json' });
        res.end(now.body ?? '{"errors":["upstream unavailable"]}');
        return;
      case 'hang':
        req.resume();
        return; // never answer; close() destroys the socket
      case 'malformed':
        req.resume();
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end('{"data": {"keys": ["trunc');
        return;
      case 'close':
        req.resume();
        req.socket.destroy();
        return;
      case 'truncate':
        forward(req, res, true);
        return;
      case 'pass':
        forward(req, res);
    }
  });

  function forward(req: http.IncomingMessage, res: http.ServerResponse, truncate = false): void {
    const out = http.request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: options.keepHost ? req.headers.host : upstream.host } },
      (answer) => {
        if (!truncate) {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
          return;
        }
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => {
          const whole = Buffer.concat(chunks);
          res.writeHead(answer.statusCode ?? 502, { 'Content-Type': 'application/json' });
          res.end(whole.subarray(0, Math.floor(whole.length * 0.8)));
        });
      },
    );
    out.on('error', () => res.destroy());
    req.pipe(out);
  }

  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    setMode(next) {
      mode = next;
      remaining = 'times' in next && next.times !== undefined ? next.times : Infinity;
      skipping = 'skip' in next && next.skip !== undefined ? next.skip : 0;
    },
    reset() {
      mode = { kind: 'pass' };
      remaining = Infinity;
      skipping = 0;
      requests.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
