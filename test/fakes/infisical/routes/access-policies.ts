import type { SimApprover, SimPolicy } from '../access-state';
import { forbidden, notFound, permissionDenied, validation, enumIssue, type ZodIssue } from '../errors';
import { isProjectAdmin } from '../permissions';
import type { Route, RouteCtx } from '../server';
import { newId, normalizePath } from '../state';
import { parseDuration } from '../tokens';
import { optionalString, requireString } from '../validate';
import { policyJson, projectBySlug } from './access-json';

/**
 * `/api/v1/access-approvals/policies` (ACCESS_REQUESTS.md §1a, access-approval-policy-router.ts). Managing
 * policies needs project admin. Whether a machine identity may call these routes is an UNVERIFIED option.
 */
function policyCaller(ctx: RouteCtx) {
  if (ctx.who.type === 'identity' && !ctx.options.policyRoutesAcceptIdentity) throw forbidden(undefined, `Forbidden access to ${ctx.url}`);
}

const custom = (path: string[], message: string): ZodIssue => ({ code: 'custom', path, message });

/** `maxTimePeriod` / `requestExpirationTime`: an `ms()` string, or the word that means "none" (→ null). */
function period(ctx: RouteCtx, field: string, none: string, fallback: string | null): string | null {
  const value = optionalString(ctx.body, field);
  if (value === undefined) return fallback;
  if (value === none) return null;
  if (parseDuration(value) === null) throw validation([custom([field], `Invalid time period format or value. Must be a positive duration (e.g., '1h', '30m', '2d').`)]);
  return value;
}

function resolveApprovers(ctx: RouteCtx, field: 'approvers' | 'bypassers'): SimApprover[] {
  const raw = ctx.body[field];
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw validation([{ code: 'invalid_type', expected: 'array', received: typeof raw, path: [field], message: 'Expected array' }]);
  return raw.map((entry: unknown, i) => {
    if (typeof entry === 'string') return { type: 'user' as const, id: entry, sequence: 1 }; // older releases: user ids
    const a = (entry ?? {}) as { type?: unknown; id?: unknown; username?: unknown; sequence?: unknown };
    if (a.type !== 'user' && a.type !== 'group') throw validation([enumIssue(`${field}.${i}.type`, String(a.type), ['group', 'user'])]);
    let id = typeof a.id === 'string' ? a.id : undefined;
    if (!id && a.type === 'user' && typeof a.username === 'string') {
      id = ctx.state.users.find((u) => u.username === a.username)?.id;
      if (!id) throw notFound(`User with username '${a.username}' not found`);
    }
    if (!id) throw validation([custom([field, String(i)], 'Must provide either username or id')]);
    return { type: a.type, id, sequence: typeof a.sequence === 'number' ? a.sequence : 1 };
  });
}

function readPolicy(ctx: RouteCtx, base: SimPolicy | null, projectEnvs: string[]): Omit<SimPolicy, 'id' | 'projectId' | 'createdAt' | 'updatedAt' | 'deletedAt'> {
  const env = optionalString(ctx.body, 'environment');
  const envs = Array.isArray(ctx.body.environments) ? (ctx.body.environments as string[]) : env ? [env] : (base?.envSlugs ?? []);
  if (envs.length === 0) throw validation([custom(['environment'], 'Must provide either environment or environments')]);
  for (const slug of envs) if (!projectEnvs.includes(slug)) throw notFound(`Environment with slug '${slug}' not found`);
  const approvers = ctx.body.approvers === undefined && base ? base.approvers : resolveApprovers(ctx, 'approvers');
  if (approvers.length === 0) throw validation([custom(['approvers'], 'At least one approver should be provided.')]);
  const level = ctx.body.enforcementLevel ?? base?.enforcementLevel ?? 'hard';
  if (level !== 'hard' && level !== 'soft') throw validation([enumIssue('enforcementLevel', String(level), ['hard', 'soft'])]);
  const approvals = ctx.body.approvals ?? base?.approvals ?? 1;
  if (typeof approvals !== 'number' || approvals < 1) throw validation([custom(['approvals'], 'Number must be greater than or equal to 1')]);
  const secretPath = base && ctx.body.secretPath === undefined ? base.secretPath : normalizePath(requireString(ctx.body, 'secretPath'));
  return {
    name: optionalString(ctx.body, 'name') ?? base?.name ?? `${envs[0]}-${newId().slice(0, 3)}`,
    envSlugs: envs, secretPath, approvals, approvers, enforcementLevel: level,
    approvalsRequired: Array.isArray(ctx.body.approvalsRequired) ? (ctx.body.approvalsRequired as SimPolicy['approvalsRequired']) : (base?.approvalsRequired ?? []),
    bypasserUserIds: ctx.body.bypassers === undefined && base ? base.bypasserUserIds : resolveApprovers(ctx, 'bypassers').map((b) => b.id),
    allowedSelfApprovals: typeof ctx.body.allowedSelfApprovals === 'boolean' ? ctx.body.allowedSelfApprovals : (base?.allowedSelfApprovals ?? true),
    maxTimePeriod: period(ctx, 'maxTimePeriod', 'permanent', base?.maxTimePeriod ?? null),
    requestExpirationTime: period(ctx, 'requestExpirationTime', 'never', base?.requestExpirationTime ?? null),
  };
}

function policyById(ctx: RouteCtx, admin: boolean): SimPolicy {
  policyCaller(ctx);
  const p = ctx.state.policies.find((x) => x.id === ctx.params.policyId && x.deletedAt === null);
  if (!p) throw notFound(`Secret approval policy with ID '${ctx.params.policyId}' not found`);
  const project = ctx.state.projectById(p.projectId)!;
  projectBySlug(ctx, project.slug);
  if (admin && !isProjectAdmin(ctx.state, project.id, ctx.who.id)) throw permissionDenied('edit', 'secret-approval', {});
  return p;
}

const live = (ctx: RouteCtx, projectId: string) => ctx.state.policies.filter((p) => p.projectId === projectId && p.deletedAt === null);

export const accessPolicyRoutes: Route[] = [
  {
    method: 'POST', path: '/api/v1/access-approvals/policies', auth: 'any',
    handler(ctx) {
      policyCaller(ctx);
      const project = projectBySlug(ctx, requireString(ctx.body, 'projectSlug'));
      if (!isProjectAdmin(ctx.state, project.id, ctx.who.id)) throw permissionDenied('create', 'secret-approval', {});
      const at = ctx.state.iso();
      const policy: SimPolicy = { id: newId(), projectId: project.id, deletedAt: null, createdAt: at, updatedAt: at, ...readPolicy(ctx, null, project.environments.map((e) => e.slug)) };
      ctx.state.policies.push(policy);
      return { approval: policyJson(ctx, policy) };
    },
  },
  {
    method: 'GET', path: '/api/v1/access-approvals/policies', auth: 'any',
    handler(ctx) {
      policyCaller(ctx);
      const project = projectBySlug(ctx, requireString(ctx.query, 'projectSlug'));
      return { approvals: live(ctx, project.id).map((p) => policyJson(ctx, p)) };
    },
  },
  {
    method: 'GET', path: '/api/v1/access-approvals/policies/count', auth: 'any',
    handler(ctx) {
      policyCaller(ctx);
      const project = projectBySlug(ctx, requireString(ctx.query, 'projectSlug'));
      const env = requireString(ctx.query, 'envSlug');
      return { count: live(ctx, project.id).filter((p) => p.envSlugs.includes(env)).length };
    },
  },
  { method: 'GET', path: '/api/v1/access-approvals/policies/:policyId', auth: 'any', handler: (ctx) => ({ approval: policyJson(ctx, policyById(ctx, false)) }) },
  {
    method: 'PATCH', path: '/api/v1/access-approvals/policies/:policyId', auth: 'any',
    handler(ctx) {
      const p = policyById(ctx, true);
      Object.assign(p, readPolicy(ctx, p, ctx.state.projectById(p.projectId)!.environments.map((e) => e.slug)), { updatedAt: ctx.state.iso() });
      return { approval: policyJson(ctx, p) };
    },
  },
  {
    method: 'DELETE', path: '/api/v1/access-approvals/policies/:policyId', auth: 'any',
    handler(ctx) {
      const p = policyById(ctx, true);
      // Soft delete: requests keep pointing at it, and reviewing them is refused from now on.
      p.deletedAt = ctx.state.iso();
      return { approval: policyJson(ctx, p) };
    },
  },
];
