import { createHash, randomUUID } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { authenticate, DEFAULT_MESSAGES, SimError, tokenFromHeader } from './auth';
import type { Ctx, Reply, RouteTable, SimBehaviour } from './context';
import { buildState, type DopplerSeed, type SimState, type TokenKind } from './model';
import { catalogRoutes } from './routes-catalog';
import { secretRoutes } from './routes-secrets';
import { tokenRoutes } from './routes-tokens';
import { accessRoutes, paramRoute } from './routes-access';
import { sampleTeam } from './sample';

export interface DopplerSimulatorOptions {
  /** The team to serve; defaults to the sample team (see sample.ts, SAMPLE_TOKENS). */
  seed?: DopplerSeed;
  /** 0 / absent = a free port on 127.0.0.1. */
  port?: number;
  /** Serve HTTPS with this PEM key and certificate (e.g. from makeThrowawayCa in tls.ts). */
  tls?: { key: string; cert: string };
  /** Requests per window per token (per client address without one). Real plans: 240–480 per minute. */
  rateLimit?: { limit: number; windowSeconds?: number };
  /** Choices for the UNVERIFIED points; see SimBehaviour. */
  behaviour?: Partial<SimBehaviour>;
}

export interface SimRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  status: number;
  /** Which kind of token was presented (never the token). */
  tokenKind: TokenKind | null;
  ifNoneMatch: boolean;
}

export interface DopplerSimulator {
  url: string;
  state: SimState;
  requests: SimRequest[];
  /** Live settings: tests may lower the limit mid-run. */
  rateLimit: { limit: number; windowSeconds: number };
  behaviour: SimBehaviour;
  /** The next `count` requests fail with this status and a `{messages}` body (JSON unless `json: false`). */
  failNext(failure: { status: number; count?: number; json?: boolean }): void;
  /** Forget the rate-limit counters (a new window starts now). */
  resetRateLimits(): void;
  close(): Promise<void>;
}

export const DEFAULT_BEHAVIOUR: SimBehaviour = {
  successFlag: true,
  serviceTokenParams: 'must-match',
  projectIds: 'hex',
  listUnreadableConfigs: false,
  meTypes: { cli: 'cli', personal: 'personal', service_account: 'service_account', service: 'service_token' },
  mePrincipal: true,
  tokenListAccessField: true,
  maxPerPage: 100,
  messages: DEFAULT_MESSAGES,
};

const routes: RouteTable = { ...catalogRoutes, ...secretRoutes, ...tokenRoutes, ...accessRoutes };

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (!text) return {};
  const parsed: unknown = JSON.parse(text);
  return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
}

export async function startDopplerSimulator(options: DopplerSimulatorOptions = {}): Promise<DopplerSimulator> {
  const state = buildState(options.seed ?? sampleTeam);
  const behaviour: SimBehaviour = { ...DEFAULT_BEHAVIOUR, ...options.behaviour, messages: { ...DEFAULT_MESSAGES, ...options.behaviour?.messages } };
  const rateLimit = { limit: options.rateLimit?.limit ?? 480, windowSeconds: options.rateLimit?.windowSeconds ?? 60 };
  const requests: SimRequest[] = [];
  const failures: Array<{ status: number; json: boolean }> = [];
  let windows = new Map<string, { start: number; used: number }>();

  /** Fixed-window counter; returns the x-ratelimit-* headers and whether this request is over the limit. */
  function meter(req: IncomingMessage): { headers: Record<string, string>; limited: boolean; retryAfter: number } {
    const key = tokenFromHeader(req.headers.authorization);
    const id = key ? createHash('sha256').update(key).digest('hex') : `ip:${req.socket.remoteAddress}`;
    const now = Date.now();
    let window = windows.get(id);
    if (!window || now >= window.start + rateLimit.windowSeconds * 1000) windows.set(id, (window = { start: now, used: 0 }));
    window.used++;
    const resetAt = Math.ceil((window.start + rateLimit.windowSeconds * 1000) / 1000);
    const limited = window.used > rateLimit.limit;
    return {
      headers: { 'x-ratelimit-limit': String(rateLimit.limit), 'x-ratelimit-remaining': String(Math.max(0, rateLimit.limit - window.used)), 'x-ratelimit-reset': String(resetAt) },
      limited,
      retryAfter: Math.max(1, resetAt - Math.floor(now / 1000)),
    };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://simulator.invalid');
    const method = req.method ?? 'GET';
    const rate = meter(req);
    let reply: Reply;
    let tokenKind: TokenKind | null = null;
    try {
      const body = await readBody(req).catch(() => {
        throw new SimError(400, 'Invalid JSON body');
      });
      const failure = failures.shift();
      if (failure) throw Object.assign(new SimError(failure.status, `Simulated failure ${failure.status}`), { plain: !failure.json });
      if (rate.limited) throw new SimError(429, behaviour.messages.rateLimited, { 'retry-after': String(rate.retryAfter) });
      const handler = routes[`${method} ${url.pathname.replace(/\/+$/, '')}`] ?? paramRoute(method, url.pathname);
      if (!handler) throw new SimError(404, behaviour.messages.notFound);
      const token = authenticate(state, req.headers.authorization, behaviour.messages);
      tokenKind = token.kind;
      const params = {
        get(name: string): string | undefined {
          const fromQuery = url.searchParams.get(name);
          if (fromQuery !== null) return fromQuery;
          const fromBody = body[name];
          // Only scalars are parameters: an object in the body (`secrets` of an update) is data, not `?secrets=`.
          return typeof fromBody === 'string' || typeof fromBody === 'number' || typeof fromBody === 'boolean' ? String(fromBody) : undefined;
        },
      };
      const ctx: Ctx = { state, behaviour, method, path: url.pathname, query: url.searchParams, headers: req.headers, body, params, token };
      reply = handler(ctx);
    } catch (error) {
      if (!(error instanceof SimError)) throw error;
      reply = (error as SimError & { plain?: boolean }).plain
        ? { status: error.status, text: `<html>${error.status}</html>`, contentType: 'text/html', headers: error.headers }
        : { status: error.status, json: { messages: [error.message], success: false }, headers: error.headers };
    }
    requests.push({ method, path: url.pathname, query: Object.fromEntries(url.searchParams), status: reply.status, tokenKind, ifNoneMatch: req.headers['if-none-match'] !== undefined });
    const headers: Record<string, string> = { ...rate.headers, 'x-request-id': randomUUID(), ...reply.headers };
    if (reply.json !== undefined) {
      res.writeHead(reply.status, { ...headers, 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(reply.json));
    } else if (reply.text !== undefined) {
      res.writeHead(reply.status, { ...headers, 'content-type': reply.contentType ?? 'text/plain; charset=utf-8' });
      res.end(reply.text);
    } else {
      res.writeHead(reply.status, headers);
      res.end();
    }
  }

  const listener = (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch((error: unknown) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ messages: [`Simulator bug: ${error instanceof Error ? error.message : String(error)}`], success: false }));
    });
  };
  const server: Server = options.tls ? createHttpsServer({ key: options.tls.key, cert: options.tls.cert }, listener) : createHttpServer(listener);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    state,
    requests,
    rateLimit,
    behaviour,
    failNext: ({ status, count = 1, json = true }) => {
      for (let i = 0; i < count; i++) failures.push({ status, json });
    },
    resetRateLimits: () => {
      windows = new Map();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
