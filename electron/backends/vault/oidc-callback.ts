import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppError } from '../../../shared/errors';

/** What the identity provider sent back to the loopback callback, for the state we were waiting for. */
export type CallbackResult =
  | { kind: 'code'; code: string; state: string; finish: (page: ResultPage) => void }
  | { kind: 'error'; error: string; description: string; finish: (page: ResultPage) => void };

export interface ResultPage {
  ok: boolean;
  text: string;
}

export interface LoopbackCallback {
  /** The exact redirect_uri to register with Vault, e.g. http://localhost:8250/oidc/callback. */
  redirectUri: string;
  /** Resolves with the first callback carrying `state`; callbacks with any other state get a 400 page. */
  waitFor(state: string): Promise<CallbackResult>;
  close(): void;
}

const callbackPath = '/oidc/callback';

/**
 * Listens on the loopback interface for the browser coming back from the identity provider, like
 * `bao login -method=oidc` does (same default port 8250 and path, so roles configured for the CLI work).
 * Binds 127.0.0.1 only; with host `localhost` and a fixed port it also tries ::1, because some browsers
 * resolve localhost to IPv6 first. Port 0 takes any free port (Vault matches loopback redirect URIs
 * without the port, RFC 8252 §7.3, but not every identity provider does).
 */
export async function listenForCallback(options: { host: 'localhost' | '127.0.0.1'; port: number }): Promise<LoopbackCallback> {
  let expected: { state: string; resolve: (result: CallbackResult) => void } | null = null;
  let handled = false;

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://loopback.invalid');
    if (req.method !== 'GET' || url.pathname !== callbackPath) return sendPage(res, 404, { ok: false, text: 'Not found.' });
    const state = url.searchParams.get('state') ?? '';
    // Only the sign-in we started may finish it: a stale tab or another local page gets no say.
    if (!expected || handled || state !== expected.state) {
      return sendPage(res, 400, { ok: false, text: 'This sign-in link is not the one Latchkey is waiting for. Start the sign-in again from Latchkey.' });
    }
    handled = true;
    const finish = (page: ResultPage) => sendPage(res, page.ok ? 200 : 400, page);
    const error = url.searchParams.get('error');
    if (error) {
      expected.resolve({ kind: 'error', error, description: url.searchParams.get('error_description') ?? '', finish });
    } else {
      expected.resolve({ kind: 'code', code: url.searchParams.get('code') ?? '', state, finish });
    }
  };

  const servers: Server[] = [await listen(onRequest, '127.0.0.1', options.port)];
  const port = (servers[0]!.address() as AddressInfo).port;
  if (options.host === 'localhost' && options.port !== 0) {
    // Best effort: a machine without IPv6 loopback still works through 127.0.0.1.
    await listen(onRequest, '::1', port).then((s) => servers.push(s), () => undefined);
  }

  return {
    redirectUri: `http://${options.host}:${port}${callbackPath}`,
    waitFor: (state) => new Promise<CallbackResult>((resolve) => (expected = { state, resolve })),
    close: () => {
      for (const server of servers) {
        server.close();
        server.closeIdleConnections();
        // Destroying a socket at once could drop the result page still being flushed to the browser.
        setTimeout(() => server.closeAllConnections(), 1_000).unref();
      }
    },
  };
}

function listen(onRequest: (req: IncomingMessage, res: ServerResponse) => void, host: string, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer(onRequest);
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') {
        reject(new AppError('CONFLICT', `Port ${port} on this computer is already in use, so the sign-in callback cannot listen there.`,
          'Another sign-in (for example `bao login -method=oidc` or `vault login -method=oidc`) may be waiting: finish or close it, then retry.', { cause: error }));
      } else reject(error);
    });
    server.listen(port, host, () => resolve(server));
  });
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function sendPage(res: ServerResponse, status: number, page: ResultPage): void {
  const title = page.ok ? 'Signed in to Latchkey' : 'Latchkey sign-in';
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    // The page URL carries the authorization code: nothing may load, cache or leak it via Referer.
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
    'Cache-Control': 'no-store',
    'Referrer-Policy': 'no-referrer',
    Connection: 'close',
  });
  res.end(`<!doctype html><meta charset="utf-8"><title>${title}</title>` +
    `<body style="font:16px system-ui;margin:3em"><h1>${title}</h1><p>${escapeHtml(page.text)}</p></body>`);
}
