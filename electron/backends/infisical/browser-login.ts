import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppError } from '../../../shared/errors';

/**
 * The browser half of `infisical login` (Infisical/cli packages/cmd/login.go `browserCliLogin`): listen on
 * 127.0.0.1 on a free port, send the person to `<site>/login?callback_port=<port>`; after they sign in and pick
 * an organization, the web app POSTs `{"JTWToken": <token>, "email": …, "privateKey": ""}` (that spelling) as
 * JSON to `http://127.0.0.1:<port>/` (frontend SelectOrgSection.tsx).
 *
 * Stricter than the Infisical CLI, whose handler accepts a POST from any page: here only the Infisical site's
 * own origin gets CORS and is accepted at all, and `verify` (checkAuth with the server) must accept the token
 * before we answer 200 — so another web page, or a stale tab of another site, cannot hand us a session.
 */
export interface BrowserLoginOptions<T> {
  /** The Infisical site, e.g. https://app.infisical.com: the login page and the only origin allowed to call back. */
  siteUrl: string;
  openBrowser: (url: string) => Promise<void>;
  /** Resolves (with what it learned) when the server accepts the token; throws when it does not. */
  verify: (token: string) => Promise<T>;
  /** The Infisical CLI waits 10 minutes. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

const MAX_BODY = 64 * 1024;

async function readBody(req: IncomingMessage): Promise<string | null> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function tokenOf(text: string | null): string | null {
  try {
    const body = JSON.parse(text ?? '') as { JTWToken?: unknown };
    return typeof body.JTWToken === 'string' && body.JTWToken.length > 0 ? body.JTWToken : null;
  } catch {
    return null;
  }
}

/** Resolves with what `verify` made of the user token the web app handed back. */
export async function browserLogin<T>(options: BrowserLoginOptions<T>): Promise<T> {
  const site = new URL(options.siteUrl);
  const origin = site.origin;
  const timeoutMs = options.timeoutMs ?? 600_000;
  let done: (verified: T) => void = () => undefined;
  const arrived = new Promise<T>((resolve) => (done = resolve));
  let finished = false;

  const cors = { 'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Credentials': 'true', Vary: 'Origin' };
  const reply = (res: ServerResponse, status: number, headers: Record<string, string> = {}) =>
    res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...headers }).end(status === 200 ? '{}' : '');

  const onRequest = async (req: IncomingMessage, res: ServerResponse) => {
    const fromSite = req.headers.origin === origin;
    if (new URL(req.url ?? '/', 'http://loopback.invalid').pathname !== '/') return reply(res, 404);
    if (req.method === 'OPTIONS') {
      if (!fromSite) return reply(res, 403);
      return reply(res, 204, { ...cors, 'Access-Control-Allow-Methods': 'POST, OPTIONS', 'Access-Control-Allow-Headers': 'Content-Type', 'Access-Control-Max-Age': '60' });
    }
    if (req.method !== 'POST') return reply(res, 405, { Allow: 'POST, OPTIONS' });
    if (!fromSite || finished) return reply(res, 403);
    const token = tokenOf(await readBody(req));
    if (!token) return reply(res, 400, cors);
    let verified: T;
    try {
      verified = await options.verify(token);
    } catch {
      return reply(res, 401, cors); // keep waiting: the page shows its paste fallback
    }
    finished = true;
    reply(res, 200, cors);
    done(verified);
  };

  const server = createServer((req, res) => void onRequest(req, res).catch(() => reply(res, 500)));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  let timer: NodeJS.Timeout | undefined;
  try {
    const loginUrl = new URL(`${site.pathname.replace(/\/+$/, '')}/login`, origin);
    loginUrl.searchParams.set('callback_port', String(port));
    await options.openBrowser(loginUrl.toString());
    const wait = timeoutMs >= 60_000 ? `${Math.round(timeoutMs / 60_000)} minutes` : `${Math.round(timeoutMs / 1000)} seconds`;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new AppError('UNAUTHENTICATED', `The Infisical sign-in at ${origin} was not completed within ${wait}.`, 'Start the sign-in again and finish it in the browser.')), timeoutMs);
      options.signal?.addEventListener('abort', () => reject(new AppError('BAD_REQUEST', 'The Infisical sign-in was cancelled.')), { once: true });
    });
    return await Promise.race([arrived, timedOut]);
  } finally {
    clearTimeout(timer);
    finished = true;
    server.close();
    server.closeIdleConnections();
    // Let the 200 reach the page before the socket goes.
    setTimeout(() => server.closeAllConnections(), 1_000).unref();
  }
}
