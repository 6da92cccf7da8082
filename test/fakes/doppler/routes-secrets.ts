import { canWriteConfig, resolveConfig, SimError } from './auth';
import { ok, type Ctx, type Reply, type RouteTable } from './context';
import type { SimConfig, SimProject, Visibility } from './model';
import { configSecrets, DOWNLOAD_FORMATS, etagOf, NAME_TRANSFORMERS, renderDownload, secretObject, transformName, type DownloadFormat } from './secrets';

/** `configs/config/secrets*` (BACKENDS_API.md C.6). */
function target(ctx: Ctx) {
  return resolveConfig(ctx.state, ctx.token, ctx.params, ctx.behaviour);
}

function markFetched(project: SimProject, config: SimConfig): void {
  const now = new Date().toISOString();
  config.initialFetchAt ??= now;
  config.lastFetchAt = now;
  const env = project.environments.find((e) => e.id === config.environment);
  if (env) env.initialFetchAt ??= now;
}

/** `secrets=A,B` filter; absent → everything. */
function wanted(ctx: Ctx): Set<string> | null {
  const raw = ctx.params.get('secrets');
  return raw ? new Set(raw.split(',').map((s) => s.trim()).filter(Boolean)) : null;
}

const flag = (ctx: Ctx, name: string, fallback: boolean) => {
  const value = ctx.params.get(name);
  return value === undefined ? fallback : value === 'true';
};

function allSecretsJson(ctx: Ctx, project: SimProject, config: SimConfig, filter = wanted(ctx)) {
  // No prototype: a secret may be named `__proto__` (a plain {} would turn it into a prototype).
  const secrets = Object.create(null) as Record<string, unknown>;
  for (const [key, s] of configSecrets(ctx.state, project, config, flag(ctx, 'include_managed_secrets', true))) {
    if (!filter || filter.has(key)) secrets[key] = secretObject(s);
  }
  return secrets;
}

function requireWrite(ctx: Ctx, project: SimProject, config: SimConfig): void {
  if (!canWriteConfig(ctx.token, project, config)) throw new SimError(403, ctx.behaviour.messages.forbidden);
}

function applyChangeRequests(config: SimConfig, requests: unknown[]): void {
  for (const item of requests) {
    const r = item as { name?: string; originalName?: string | null; value?: string | null; shouldDelete?: boolean; visibility?: Visibility; note?: string };
    const existing = r.originalName ? config.secrets.get(r.originalName) : undefined;
    if (r.originalName) config.secrets.delete(r.originalName);
    if (r.shouldDelete || !r.name) continue;
    config.secrets.set(r.name, {
      raw: r.value ?? existing?.raw ?? '',
      note: r.note ?? existing?.note ?? '',
      visibility: r.visibility ?? existing?.visibility ?? 'masked',
    });
  }
}

export const secretRoutes: RouteTable = {
  'GET /v3/configs/config/secrets': (ctx) => {
    const { project, config } = target(ctx);
    markFetched(project, config);
    return ok(ctx, { secrets: allSecretsJson(ctx, project, config) });
  },

  'POST /v3/configs/config/secrets': (ctx) => {
    const { project, config } = target(ctx);
    requireWrite(ctx, project, config);
    const { secrets, change_requests: changeRequests } = ctx.body as { secrets?: Record<string, string | null>; change_requests?: unknown[] };
    if ((secrets === undefined) === (changeRequests === undefined)) throw new SimError(400, ctx.behaviour.messages.missingParam('secrets or change_requests'));
    if (secrets) {
      for (const [key, value] of Object.entries(secrets)) {
        if (value === null) config.secrets.delete(key);
        else config.secrets.set(key, { raw: String(value), note: config.secrets.get(key)?.note ?? '', visibility: config.secrets.get(key)?.visibility ?? 'masked' });
      }
    } else applyChangeRequests(config, changeRequests ?? []);
    // The whole config after the change: an update has no `?secrets=` filter (the body's `secrets` is the change).
    return ok(ctx, { secrets: allSecretsJson(ctx, project, config, null) });
  },

  'GET /v3/configs/config/secret': (ctx) => {
    const { project, config } = target(ctx);
    const name = ctx.params.get('name');
    if (!name) throw new SimError(400, ctx.behaviour.messages.missingParam('name'));
    const secret = configSecrets(ctx.state, project, config).get(name);
    if (!secret) throw new SimError(404, ctx.behaviour.messages.secretNotFound);
    return ok(ctx, { name, value: { raw: secret.raw, computed: secret.computed, note: secret.note } });
  },

  'DELETE /v3/configs/config/secret': (ctx) => {
    const { project, config } = target(ctx);
    requireWrite(ctx, project, config);
    const name = ctx.params.get('name');
    if (!name) throw new SimError(400, ctx.behaviour.messages.missingParam('name'));
    if (!config.secrets.delete(name)) throw new SimError(404, ctx.behaviour.messages.secretNotFound);
    return { status: 204 };
  },

  'GET /v3/configs/config/secrets/names': (ctx) => {
    const { project, config } = target(ctx);
    return ok(ctx, { names: [...configSecrets(ctx.state, project, config, flag(ctx, 'include_managed_secrets', true)).keys()] });
  },

  'POST /v3/configs/config/secrets/note': (ctx) => {
    const { project, config } = target(ctx);
    requireWrite(ctx, project, config);
    const secretName = ctx.params.get('secret');
    const secret = secretName ? config.secrets.get(secretName) : undefined;
    if (!secretName || !secret) throw new SimError(404, ctx.behaviour.messages.secretNotFound);
    secret.note = ctx.params.get('note') ?? '';
    return { status: 200, json: { secret: secretName, note: secret.note } };
  },

  'GET /v3/configs/config/secrets/download': (ctx): Reply => {
    const { project, config } = target(ctx);
    const format = (ctx.params.get('format') || 'json') as DownloadFormat;
    if (!DOWNLOAD_FORMATS.includes(format)) throw new SimError(400, ctx.behaviour.messages.badFormat);
    const transformer = ctx.params.get('name_transformer') || undefined;
    if (transformer && !(NAME_TRANSFORMERS as readonly string[]).includes(transformer)) throw new SimError(400, ctx.behaviour.messages.badTransformer);
    const filter = wanted(ctx);
    const values = Object.create(null) as Record<string, string>;
    for (const [key, s] of configSecrets(ctx.state, project, config)) {
      if (!filter || filter.has(key)) values[transformer ? transformName(key, transformer) : key] = s.computed;
    }
    const { body, contentType } = renderDownload(values, format);
    const etag = etagOf(body);
    markFetched(project, config);
    if (ctx.headers['if-none-match'] === etag) return { status: 304, headers: { etag } };
    return { status: 200, text: body, contentType, headers: { etag } };
  },
};
