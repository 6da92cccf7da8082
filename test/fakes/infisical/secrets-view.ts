import { requireSecretAccess, type Principal } from './permissions';
import { normalizePath, type SimSecret, type SimState } from './state';

export const HIDDEN_VALUE = '<hidden-by-infisical>';

/** The fields both shapes below start with, in the order the real server sends them. */
function secretIdentity(s: SimSecret, value: string, hidden: boolean) {
  return {
    id: s.id,
    _id: s.id,
    workspace: s.projectId,
    environment: s.envSlug,
    version: s.version,
    type: s.type,
    secretKey: s.key,
    secretValue: hidden ? HIDDEN_VALUE : value,
    secretComment: s.comment,
  };
}

/** `secretRawSchema` as the v3/v4 routes serialize it (B.5): project id under `workspace`, `_id` = `id`. */
export function secretJson(s: SimSecret, value: string, hidden: boolean) {
  return {
    ...secretIdentity(s, value, hidden),
    secretReminderNote: s.reminderNote,
    secretReminderRepeatDays: s.reminderRepeatDays,
    skipMultilineEncoding: s.skipMultilineEncoding,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
    actor: null,
    isRotatedSecret: false,
    rotationId: null,
    secretPath: s.path,
    secretValueHidden: hidden,
    secretMetadata: s.metadata,
    tags: s.tags,
  };
}

/** Items inside `imports[].secrets` omit timestamps, tags and reminder fields. */
export function importedSecretJson(s: SimSecret, value: string, hidden: boolean) {
  return {
    ...secretIdentity(s, value, hidden),
    secretValueHidden: hidden,
    secretMetadata: s.metadata,
  };
}

/**
 * Secrets a caller sees at one place: shared ones, with a user's personal override replacing the shared value
 * of the same key (identities have no personal secrets).
 */
export function visibleSecrets(state: SimState, who: Principal, projectId: string, env: string, match: (path: string) => boolean): SimSecret[] {
  const here = state.secrets.filter((s) => s.projectId === projectId && s.envSlug === env && match(s.path));
  const personal = here.filter((s) => s.type === 'personal' && s.userId === who.id);
  const shared = here.filter((s) => s.type === 'shared' && !personal.some((p) => p.key === s.key && p.path === s.path));
  return [...shared, ...personal].sort((a, b) => a.path.localeCompare(b.path) || a.key.localeCompare(b.key));
}

const REF = /\$\{([^}]+)\}/g;

/**
 * Reference expansion: `${KEY}` (same env and folder) and `${env.folder.sub.KEY}`. Cycles are broken by leaving
 * the reference in place; a reference to a missing secret becomes empty. Reading another environment needs
 * read permission there (403 otherwise), like the real server.
 */
export function expandValue(state: SimState, who: Principal, s: SimSecret, seen = new Set<string>()): string {
  const id = `${s.envSlug}:${s.path}:${s.key}`;
  if (seen.has(id)) return s.value;
  const next = new Set(seen).add(id);
  return s.value.replace(REF, (whole, ref: string) => {
    const parts = ref.split('.');
    const key = parts.pop()!;
    const env = parts.length > 0 ? parts[0]! : s.envSlug;
    const path = parts.length > 0 ? normalizePath(`/${parts.slice(1).join('/')}`) : s.path;
    if (env !== s.envSlug) requireSecretAccess(state, s.projectId, who, env, path, 'read');
    const target = visibleSecrets(state, who, s.projectId, env, (p) => p === path).find((x) => x.key === key);
    if (!target) return '';
    const targetId = `${target.envSlug}:${target.path}:${target.key}`;
    return next.has(targetId) ? whole : expandValue(state, who, target, next);
  });
}
