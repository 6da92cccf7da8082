import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { events, type EventName } from '../../shared/contract';
import type { EventBus } from '../../electron/event-bus';
import type { Dispatch } from '../../electron/ipc-dispatch';
import { CONTENT_SECURITY_POLICY } from '../../electron/security/csp';
import { bridgeScript } from './bridge-script';

/** One person's window in the demo: their own services' dispatch and events, behind their own token. */
export interface DemoPerson {
  name: string;
  dispatch: Dispatch;
  events: EventBus;
}

export interface DemoServer {
  /** Per person: the address to open (http://127.0.0.1:<port>/<one-time token>/). */
  urls: Record<string, string>;
  origin: string;
  close(): Promise<void>;
}

/** The renderer's own policy, plus `connect-src 'self'`: the page talks to this server, and nothing else. */
export const DEMO_CSP = CONTENT_SECURITY_POLICY.replace("connect-src 'none'", "connect-src 'self'");
/** The largest RPC body (a team profile may be 16 MiB; as JSON text a little more). */
const MAX_BODY = 20 * 1024 * 1024;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
};

/**
 * Where Electron cannot start, `npm run demo` serves the built renderer on 127.0.0.1 and bridges it to the
 * same dispatch chokepoint the app's IPC uses. It is a local server holding real (throwaway) sessions, so:
 * every request must carry a one-time token in its path (one per person), the Host header must be this
 * address (no DNS rebinding), an Origin header must be this origin (no other site can post), and calls
 * are JSON POSTs (a cross-site form cannot send one). Anything else is a 403 that says nothing more.
 */
export async function startDemoServer(options: { rendererDir: string; people: DemoPerson[] }): Promise<DemoServer> {
  const rendererDir = path.resolve(options.rendererDir);
  const index = await readFile(path.join(rendererDir, 'index.html'), 'utf8');
  const script = bridgeScript();
  const tokens = new Map(options.people.map((p) => [randomBytes(24).toString('base64url'), p] as const));
  let origin = '';

  const server = createServer((req, res) => {
    void handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('internal error');
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', origin);
    const person = tokenOf(url.pathname);
    if (req.headers.host !== new URL(origin).host || (req.headers.origin !== undefined && req.headers.origin !== origin) || !person) return refuse(res);
    const rest = url.pathname.slice(url.pathname.indexOf('/', 1));
    if (req.method === 'POST' && rest === '/rpc') return rpc(req, res, person);
    if (req.method !== 'GET') return refuse(res, 405);
    if (rest === '/events') return stream(req, res, person);
    if (rest === '/' || rest === '/index.html') return send(res, 200, '.html', page());
    if (rest === '/demo-bridge.js') return send(res, 200, '.js', script);
    return serveFile(res, rest);
  }

  /** The person behind the token that starts the path, compared in constant time. */
  function tokenOf(pathname: string): DemoPerson | null {
    const given = Buffer.from(pathname.split('/')[1] ?? '');
    for (const [token, person] of tokens) {
      const expected = Buffer.from(token);
      if (given.length === expected.length && timingSafeEqual(given, expected)) return person;
    }
    return null;
  }

  /** index.html with the demo policy and the bridge script ahead of the app's own module. */
  function page(): string {
    return index
      .replace(/connect-src 'none'/, "connect-src 'self'")
      .replace('<script type="module"', '<script src="./demo-bridge.js"></script>\n    <script type="module"');
  }

  async function rpc(req: IncomingMessage, res: ServerResponse, person: DemoPerson): Promise<void> {
    // A JSON body from this origin only: a browser sends Origin on every POST, and a cross-site form cannot set this type.
    if (req.headers.origin !== origin || !/^application\/json\b/.test(req.headers['content-type'] ?? '')) return refuse(res);
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_BODY) return refuse(res, 413);
      chunks.push(chunk);
    }
    let call: { channel?: unknown; payload?: unknown };
    try {
      call = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof call;
    } catch {
      return refuse(res, 400);
    }
    send(res, 200, '.json', JSON.stringify(await person.dispatch(call?.channel, call?.payload)));
  }

  /** Main → window events as server-sent events, each checked against its contract schema first. */
  function stream(req: IncomingMessage, res: ServerResponse, person: DemoPerson): void {
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
    res.write(': latchkey demo events\n\n');
    const offs = (Object.keys(events) as EventName[]).map((name) =>
      person.events.on(name, (payload) => {
        const parsed = events[name].safeParse(payload);
        if (parsed.success) res.write(`data: ${JSON.stringify({ name, payload: parsed.data })}\n\n`);
      }),
    );
    req.on('close', () => offs.forEach((off) => off()));
  }

  async function serveFile(res: ServerResponse, rest: string): Promise<void> {
    const file = path.resolve(rendererDir, '.' + decodeURIComponent(rest));
    if (!file.startsWith(rendererDir + path.sep)) return refuse(res);
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) return refuse(res, 404);
    res.writeHead(200, { ...headers(path.extname(file)), 'content-length': info.size });
    createReadStream(file).pipe(res);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const urls: Record<string, string> = {};
  for (const [token, person] of tokens) urls[person.name] = `${origin}/${token}/`;
  return {
    urls,
    origin,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function headers(ext: string): Record<string, string> {
  return {
    'content-type': TYPES[ext] ?? 'application/octet-stream',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    // The token is in every path: never send it on as a Referer.
    'referrer-policy': 'no-referrer',
    'content-security-policy': DEMO_CSP,
  };
}

function send(res: ServerResponse, status: number, ext: string, body: string): void {
  res.writeHead(status, headers(ext)).end(body);
}

function refuse(res: ServerResponse, status = 403): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }).end(status === 403 ? 'forbidden' : 'refused');
}
