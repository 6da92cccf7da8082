import { EnvRef } from '../../shared/backends';
import type { AuditPage } from '../../shared/contract';
import type { AuditEntry } from './audit-entry';

export interface AuditFilter {
  target?: string;
  action?: string;
  outcome?: AuditEntry['outcome'];
  limit?: number;
}

export const DEFAULT_AUDIT_PAGE = 200;

/** The Activity screen's view of the log: newest first, filtered, with every action and environment to filter by. */
export function queryAudit(entries: AuditEntry[], filter: AuditFilter): AuditPage {
  const actions = new Set<string>();
  const environments = new Set<string>();
  const matching: AuditEntry[] = [];
  for (const entry of entries) {
    actions.add(entry.action);
    if (EnvRef.safeParse(entry.target).success) environments.add(entry.target);
    if (filter.target !== undefined && entry.target !== filter.target) continue;
    if (filter.action !== undefined && entry.action !== filter.action) continue;
    if (filter.outcome !== undefined && entry.outcome !== filter.outcome) continue;
    matching.push(entry);
  }
  const shown = matching.slice(-(filter.limit ?? DEFAULT_AUDIT_PAGE)).reverse();
  return {
    entries: shown.map(({ seq, time, actor, action, target, outcome, details }) => ({ seq, time, actor, action, target, outcome, details })),
    total: matching.length,
    actions: [...actions].sort(),
    environments: [...environments].sort(),
  };
}
