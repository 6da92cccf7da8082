import { createHash, randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { requireOrg, resolvePrincipal } from './auth-check';
import { badRequest, errorBody, forbidden, internal, rateLimited, SimError } from './errors';
import type { SimOptions } from './options';
import type { Principal } from './permissions';
import type { SimState } from './state';

export interface RouteCtx {
  state: SimState;
  options: SimOptions;
  params: Record<string, string>;
  query: Record<string, string>;
  body: Record<string, unknown>;
  /** Null only on `auth: 'none'` routes. */
  who: Principal;
  url: string;
  jwtSecret: string;
  headers: IncomingHttpHeaders;
}

export interface Route {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT';
  path: string;
  /** `any` = identity or user token; `user` = user session JWT only (access-approval routes). */
  auth: 'none' | 'any' | 'user';
  /** `verifyAuth(…, { requireOrg })`: a user token must carry an organization (default true). */
  requireOrg?: boolean;
  handler: (ctx: RouteCtx) => unknown | Promise<unknown>;
}

/** An injected failure: the next `count` matching requests get `status` instead of being served. */
export interface Fault {
  status: number;
  count: number;
  retryAfterSeconds?: number;
  match?: (method: string, path: string) => boolean;
}

/** A non-JSON answer (the simulated web app's pages and script). */
export class RawReply {
  constructor(
    readonly contentType: string,
    readonly text: string,
    readonly headers: Record<string, string> = {},
    readonly status = 200,
  ) {}
}

export interface RequestLog {
  count: number;
  log: Array<{ method: string; path: string; status: number }>;
  reset(): void;
}

const HELMET_HEADERS: Record<string, string> = {
  'content-security-policy': "default-src 'self';base-uri 'self';font-src 'self' https: data:;form-action 'self';frame-ancestors 'self';img-src 'self' data:;object-src 'none';script-src 'self';script-src-attr 'none';style-src 'self' https: 'unsafe-inline';upgrade-insecure-requests",
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=15552000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'SAMEORIGIN',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
};

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const newReqId = () => `req-${[...randomBytes(14)].map((b) => ALNUM[b % ALNUM.length]).join('')}`;

function compile(route: Route) {
  const names: string[] = [];
  const source = route.path.replace(/:([A-Za-z]+)/g, (_, name: string) => (names.push(name), '([^/]+)'));
  return { route, names, regex: new RegExp(`^${source}$`) };
}

export interface Pipeline {
  handle(req: IncomingMessage, res: ServerResponse): void;
  faults: Fault[];
  requests: RequestLog;
}

export function createPipeline(state: SimState, options: SimOptions, jwtSecret: string, routes: Route[]): Pipeline {
  const table = routes.map(compile);
  const faults: Fault[] = [];
  const log: RequestLog['log'] = [];
  const requests: RequestLog = { count: 0, log, reset: () => { requests.count = 0; log.length = 0; } };
  let window = { startedMs: state.now(), used: 0 };

  function send(res: ServerResponse, status: number, body: unknown, extra: Record<string, string>, method: string, req: IncomingMessage) {
    const raw = body instanceof RawReply ? body : null;
    const text = raw ? raw.text : body === undefined ? '' : JSON.stringify(body);
    const headers: Record<string, string> = { ...HELMET_HEADERS, ...extra, 'content-type': raw ? raw.contentType : 'application/json; charset=utf-8', ...raw?.headers };
    if (raw) status = raw.status;
    // @fastify/etag: GET answers carry an ETag and honour If-None-Match with 304.
    if (method === 'GET' && status === 200) {
      const etag = `"${createHash('sha1').update(text).digest('base64url')}"`;
      headers.etag = etag;
      if (req.headers['if-none-match'] === etag) {
        res.writeHead(304, headers).end();
        return 304;
      }
    }
    res.writeHead(status, { ...headers, 'content-length': String(Buffer.byteLength(text)) }).end(text);
    return status;
  }

  function rateHeaders(): Record<string, string> {
    if (options.rateLimitPerMinute === null) return {};
    const now = state.now();
    if (now - window.startedMs >= 60_000) window = { startedMs: now, used: 0 };
    window.used++;
    const reset = Math.ceil((window.startedMs + 60_000 - now) / 1000);
    const headers = {
      'x-ratelimit-limit': String(options.rateLimitPerMinute),
      'x-ratelimit-remaining': String(Math.max(0, options.rateLimitPerMinute - window.used)),
      'x-ratelimit-reset': String(reset),
    };
    if (window.used > options.rateLimitPerMinute) throw Object.assign(rateLimited(reset), { headers });
    return headers;
  }

  async function serve(req: IncomingMessage, reqId: string): Promise<{ status: number; body: unknown; headers: Record<string, string> }> {
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://sim.invalid');
    // ignoreTrailingSlash: `/api/v1/projects/` is `/api/v1/projects`.
    const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname;
    const fault = faults.find((f) => f.count > 0 && (!f.match || f.match(method, path)));
    if (fault) {
      fault.count--;
      if (fault.status === 429) throw rateLimited(fault.retryAfterSeconds ?? 1);
      throw fault.status === 500 ? internal() : new SimError(fault.status, 'InternalServerError', 'Something went wrong');
    }
    const headers = rateHeaders();
    let hit: { route: Route; params: Record<string, string> } | undefined;
    for (const c of table) {
      if (c.route.method !== method) continue;
      const m = c.regex.exec(path);
      if (m) {
        hit = { route: c.route, params: Object.fromEntries(c.names.map((n, i) => [n, decodeURIComponent(m[i + 1]!)])) };
        break;
      }
    }
    // Fastify's own not-found answer (no reqId: it never reaches the Infisical error handler).
    if (!hit) return { status: 404, body: { message: `Route ${method}:${path} not found`, error: 'Not Found', statusCode: 404 }, headers };
    const query: Record<string, string> = {};
    for (const [k, v] of url.searchParams) if (!(k in query)) query[k] = v;
    const body = await readJson(req);
    let who = null as unknown as Principal;
    if (hit.route.auth !== 'none') {
      who = resolvePrincipal(state, options, jwtSecret, req.headers);
      if (hit.route.auth === 'user' && who.type !== 'user') throw forbidden(undefined, `Forbidden access to ${url.pathname}${url.search}`);
      if (hit.route.requireOrg !== false) requireOrg(who, `${url.pathname}${url.search}`);
    }
    const out = await hit.route.handler({ state, options, params: hit.params, query, body, who, url: `${url.pathname}${url.search}`, jwtSecret, headers: req.headers });
    return { status: 200, body: out, headers };
  }

  return {
    faults,
    requests,
    handle(req, res) {
      const reqId = newReqId();
      const method = req.method ?? 'GET';
      requests.count++;
      serve(req, reqId).then(
        (out) => log.push({ method, path: req.url ?? '', status: send(res, out.status, out.body, out.headers, method, req) }),
        (error: unknown) => {
          const simError = error instanceof SimError ? error : internal();
          if (!(error instanceof SimError)) console.error('infisical simulator bug:', error);
          const extra: Record<string, string> = { ...((error as { headers?: Record<string, string> }).headers ?? {}) };
          if (simError.retryAfter !== undefined) extra['retry-after'] = String(simError.retryAfter);
          log.push({ method, path: req.url ?? '', status: send(res, simError.status, errorBody(reqId, simError), extra, method, req) });
        },
      );
    },
  };
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  const type = req.headers['content-type'] ?? '';
  if (type.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(text));
  try {
    const parsed = JSON.parse(text) as unknown;
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  } catch {
    throw badRequest('Body is not valid JSON', 'FST_ERR_CTP_INVALID_JSON_BODY');
  }
}
