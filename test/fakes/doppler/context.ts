import type { IncomingHttpHeaders } from 'node:http';
import type { Params, SimMessages } from './auth';
import type { SimState, SimToken, TokenKind } from './model';

/** Choices for behaviour BACKENDS_API.md marks UNVERIFIED. Defaults are listed in server.ts. */
export interface SimBehaviour {
  /** Add `"success": true` to JSON object bodies (not to downloads). */
  successFlag: boolean;
  /** What a service token's explicit project/config params do: ignored, or 403 when they differ. */
  serviceTokenParams: 'ignore' | 'must-match';
  /** Project `id` as in the doc examples (short hex) or equal to the slug. Configs/environments name the project by it. */
  projectIds: 'hex' | 'slug';
  /** List configs in environments the principal cannot read (reading them is then 403). */
  listUnreadableConfigs: boolean;
  /** `GET /v3/me` `type` per token kind. Only `cli` is confirmed. */
  meTypes: Record<TokenKind, string>;
  /** `GET /v3/me` names the workplace user behind a personal token as `principal` (listed in the schema as optional). */
  mePrincipal: boolean;
  /** Include `access` in service-token list items. */
  tokenListAccessField: boolean;
  /** Largest `per_page` honoured. */
  maxPerPage: number;
  messages: SimMessages;
}

export interface Ctx {
  state: SimState;
  behaviour: SimBehaviour;
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body (POST/DELETE), `{}` when none. */
  body: Record<string, unknown>;
  /** Query first, then body: the CLI sends project/config as query params even on POST. */
  params: Params;
  token: SimToken;
}

export interface Reply {
  status: number;
  json?: unknown;
  text?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

export type Handler = (ctx: Ctx) => Reply;

/** `METHOD /path` → handler. */
export type RouteTable = Record<string, Handler>;

/** JSON object reply, with the `success` flag when the behaviour says so. */
export function ok(ctx: Ctx, json: Record<string, unknown>, status = 200): Reply {
  return { status, json: ctx.behaviour.successFlag ? { ...json, success: true } : json };
}

/** 1-based page/per_page, clamped like a real API would. */
export function paging(ctx: Ctx): { page: number; perPage: number; slice<T>(items: T[]): T[] } {
  const page = Math.max(1, Number.parseInt(ctx.query.get('page') ?? '1', 10) || 1);
  const perPage = Math.min(ctx.behaviour.maxPerPage, Math.max(1, Number.parseInt(ctx.query.get('per_page') ?? '20', 10) || 20));
  return { page, perPage, slice: (items) => items.slice((page - 1) * perPage, page * perPage) };
}
