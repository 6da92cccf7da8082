import { unpackRules } from '@casl/ability/extra';
import type { Grant } from './access-state';

/**
 * Turns privilege permissions into simulator grants. Two encodings reach the server: packed CASL rules
 * (`[action, subject, conditions?, inverted?]`, what access requests carry; the server unpacks them with
 * `unpackRules` from @casl/ability/extra, as here) and ProjectPermissionV2 objects (`{subject, action[],
 * conditions}`, direct privilege creation). Only the `secrets` subject matters to reads; inverted rules are
 * left out (the simulator grants, it never subtracts).
 */
type Rule = { action: string | string[]; subject: string | string[]; conditions?: Record<string, unknown>; inverted?: boolean };

const READ = new Set(['read', 'describeSecret', 'readValue']);
const WRITE = new Set(['create', 'edit', 'delete']);

function condition(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  const op = value as { $eq?: unknown; $glob?: unknown } | null | undefined;
  if (typeof op?.$eq === 'string') return op.$eq;
  if (typeof op?.$glob === 'string') return op.$glob;
  return undefined;
}

export function toRules(permissions: unknown[]): Rule[] {
  const packed = permissions.filter(Array.isArray) as Parameters<typeof unpackRules>[0];
  const objects = permissions.filter((p): p is Rule => !Array.isArray(p) && typeof p === 'object' && p !== null);
  return [...(unpackRules(packed) as Rule[]), ...objects];
}

export function grantsFromPermissions(permissions: unknown[]): Grant[] {
  const grants: Grant[] = [];
  for (const rule of toRules(permissions)) {
    const subjects = ([] as string[]).concat(rule.subject);
    if (rule.inverted || !subjects.includes('secrets')) continue;
    const actions = ([] as string[]).concat(rule.action);
    const granted: Grant['actions'] = [];
    if (actions.some((a) => READ.has(a))) granted.push('read');
    if (actions.some((a) => WRITE.has(a))) granted.push('write');
    if (granted.length === 0) continue;
    const path = condition(rule.conditions?.secretPath);
    grants.push({ env: condition(rule.conditions?.environment) ?? '*', actions: granted, ...(path ? { path } : {}) });
  }
  return grants;
}
