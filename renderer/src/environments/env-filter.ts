import type { AccessLevel } from '../../../shared/backends';
import type { CatalogEnvironment } from '../../../shared/contract';

/** An environment with its search text lowercased once, when the catalog arrives — not on every keystroke. */
export type IndexedEnvironment = { env: CatalogEnvironment; haystack: string };

export function indexEnvironments(environments: CatalogEnvironment[]): IndexedEnvironment[] {
  return environments.map((env) => ({ env, haystack: `${env.ref}\n${env.project}\n${env.env}`.toLowerCase() }));
}

export type EnvironmentFilter = {
  /** Words of the search field; each must appear in the ref, the project or the env. */
  query: string;
  /** The refs of the chosen role, or null for every environment. */
  roleRefs: ReadonlySet<string> | null;
  /** Pressed chips; empty means any. */
  access: ReadonlySet<AccessLevel>;
  backends: ReadonlySet<string>;
};

export type FilterResult = {
  rows: CatalogEnvironment[];
  /** What each access chip would show with the other filters as they are. */
  accessCounts: Record<AccessLevel, number>;
  /** What each backend chip would show with the other filters as they are. */
  backendCounts: Map<string, number>;
};

/**
 * One pass over the index per keystroke: plain `includes` on precomputed lowercase strings, no regex, no
 * allocation per row beyond the result. 50,000 environments filter in a few milliseconds.
 */
export function filterEnvironments(index: IndexedEnvironment[], filter: EnvironmentFilter): FilterResult {
  const terms = filter.query.toLowerCase().split(/\s+/).filter((t) => t !== '');
  const accessCounts: Record<AccessLevel, number> = { granted: 0, requestable: 0, denied: 0, unknown: 0 };
  const backendCounts = new Map<string, number>();
  const rows: CatalogEnvironment[] = [];
  const anyAccess = filter.access.size === 0;
  const anyBackend = filter.backends.size === 0;
  outer: for (const { env, haystack } of index) {
    if (filter.roleRefs !== null && !filter.roleRefs.has(env.ref)) continue;
    for (const term of terms) if (!haystack.includes(term)) continue outer;
    const accessOk = anyAccess || filter.access.has(env.access);
    const backendOk = anyBackend || filter.backends.has(env.backend);
    if (backendOk) accessCounts[env.access]++;
    if (accessOk) backendCounts.set(env.backend, (backendCounts.get(env.backend) ?? 0) + 1);
    if (accessOk && backendOk) rows.push(env);
  }
  return { rows, accessCounts, backendCounts };
}

/** Adds or removes one value of a chip set (a new set, so React sees the change). */
export function toggled<T>(set: ReadonlySet<T>, value: T): Set<T> {
  const next = new Set(set);
  if (!next.delete(value)) next.add(value);
  return next;
}
