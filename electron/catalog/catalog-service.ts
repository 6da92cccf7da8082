import { parseEnvRef, type AccessLevel } from '../../shared/backends';
import type { CatalogEnvironment, SecretDescription } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import type { ProfileEnvironment, TeamProfile } from '../../shared/profile';
import type { EnvLocator, SecretsBackend } from '../backends/types';
import type { BackendsStore } from '../config/backends-store';
import { toAppError } from '../errors';
import type { BackendRegistry } from './backend-registry';
import { STALE_AFTER_DAYS, ageDays, checkRef, isRequestable, locatorFor, profileEnvironment } from './environment';
import type { ProfileStore } from './profile-store';

export interface CatalogDeps {
  profiles: ProfileStore;
  backends: BackendsStore;
  registry: BackendRegistry;
  now?: () => Date;
}

interface Candidate {
  locator: EnvLocator;
  source: 'profile' | 'discovered';
  profileEnv: ProfileEnvironment | undefined;
}

/** Environments across all backends, with what this user may do with each. */
export class CatalogService {
  constructor(private readonly deps: CatalogDeps) {}

  /**
   * Every profile environment plus those each backend discovers. Per backend: one discover() and ONE
   * access() call with every candidate, so 500 environments cost a handful of requests, not 500.
   */
  async list(options: { role?: string } = {}): Promise<CatalogEnvironment[]> {
    return (await this.scan(options)).environments;
  }

  /** list() plus, per backend that could not be asked, why — even when it had no environment to show. */
  async scan(options: { role?: string } = {}): Promise<{ environments: CatalogEnvironment[]; problems: Array<{ backend: string; message: string }> }> {
    const profile = await this.deps.profiles.load();
    const roleRefs = options.role === undefined ? null : new Set(roleEnvironments(profile, options.role));
    const configured = await this.deps.backends.list();
    const kinds = new Map(configured.map((b) => [b.name, b.kind]));
    const byBackend = new Map<string, Candidate[]>();
    for (const env of profile?.environments ?? []) {
      if (roleRefs && !roleRefs.has(env.ref)) continue;
      const name = parseEnvRef(env.ref).backend;
      byBackend.set(name, [...(byBackend.get(name) ?? []), { locator: locatorFor(env.ref, env, kinds.get(name)), source: 'profile', profileEnv: env }]);
    }
    for (const backend of configured) if (!byBackend.has(backend.name)) byBackend.set(backend.name, []);

    const known = new Set(configured.map((b) => b.name));
    const groups = await Promise.all(
      [...byBackend].map(([name, candidates]) => this.listBackend(name, known.has(name), candidates, roleRefs)),
    );
    return {
      environments: groups.flatMap((g) => g.rows),
      problems: groups.flatMap((g) => (g.problem === null ? [] : [{ backend: g.backend, message: g.problem }])),
    };
  }

  private async listBackend(name: string, configured: boolean, profileCandidates: Candidate[], roleRefs: Set<string> | null) {
    const group = (rows: CatalogEnvironment[], problem: string | null) => ({ backend: name, rows, problem });
    if (!configured) {
      const problem = `Backend "${name}" is not configured: run \`latchkey profile import\` again or \`latchkey backends add\`.`;
      return group(profileCandidates.map((c) => row(c, null, 'denied', problem)), problem);
    }
    let adapter: SecretsBackend;
    const candidates = [...profileCandidates];
    try {
      adapter = await this.deps.registry.get(name);
      const seen = new Set(candidates.map((c) => c.locator.ref));
      // A failed discovery (a proxy refusing the listing) is a note for the backend: the access answer for
      // the environments we already know must still be shown.
      const discovered = await adapter.discover().then((found) => ({ found, problem: null }), (error: unknown) => ({ found: [], problem: toAppError(error).message }));
      for (const locator of discovered.found) {
        if (seen.has(locator.ref) || (roleRefs && !roleRefs.has(locator.ref))) continue;
        seen.add(locator.ref);
        candidates.push({ locator, source: 'discovered', profileEnv: undefined });
      }
      const access = await adapter.access(candidates.map((c) => c.locator));
      return group(candidates.map((c) => row(c, adapter.kind, levelFor(access.get(c.locator.ref), c.profileEnv), null)), discovered.problem);
    } catch (error) {
      // One backend being down or signed out must not hide the others: show its profile envs with the reason.
      const problem = toAppError(error).message;
      const kind = (await this.deps.backends.get(name).catch(() => null))?.kind ?? null;
      return group(candidates.map((c) => row(c, kind, levelFor(undefined, c.profileEnv), problem)), problem);
    }
  }

  async describe(ref: string): Promise<SecretDescription> {
    const { adapter, locator } = await this.resolve(ref);
    const now = this.deps.now?.() ?? new Date();
    const metas = await adapter.describe(locator);
    return {
      ref,
      secrets: metas.map((m) => {
        const age = ageDays(m, now);
        const versionId = m.versionId === undefined ? {} : { versionId: m.versionId };
        return { key: m.key, version: m.version, ...versionId, createdAt: m.createdAt, updatedAt: m.updatedAt, ageDays: age, stale: age !== null && age > STALE_AFTER_DAYS };
      }),
      // One secret per environment (AWS): its rotation is the environment's, not a key's.
      ...(metas[0]?.rotation ? { rotation: metas[0].rotation } : {}),
      // When the value cache answered: read when, kept until when, from memory or not.
      ...adapter.freshness?.(locator),
    };
  }

  /** The value of one key. Dynamic variables are left out: a reveal must not mint a database credential. */
  async readOne(ref: string, key: string): Promise<string> {
    const { adapter, locator } = await this.resolve(ref);
    const bundle = await adapter.read({ ...locator, dynamic: [] });
    await Promise.all(bundle.leases.map((lease) => adapter.revokeLease(lease.id).catch(() => undefined)));
    const value = bundle.values[key];
    if (value === undefined) {
      throw new AppError('NOT_FOUND', `${ref} has no key named "${key}".`, `See the keys with \`latchkey secrets ${ref}\`.`);
    }
    return value;
  }

  async resolve(ref: string): Promise<{ adapter: SecretsBackend; locator: EnvLocator }> {
    const profile = await this.deps.profiles.load();
    const adapter = await this.deps.registry.get(checkRef(ref).backend);
    return { adapter, locator: locatorFor(ref, profileEnvironment(profile, ref), adapter.kind) };
  }
}

/** The backend decides `granted`; the profile turns "not granted" into `requestable` when it says who grants. */
function levelFor(fromBackend: AccessLevel | undefined, profileEnv: ProfileEnvironment | undefined): AccessLevel {
  if (fromBackend === 'granted') return 'granted';
  if (fromBackend === 'requestable' || isRequestable(profileEnv)) return 'requestable';
  return 'denied';
}

function row(c: Candidate, kind: CatalogEnvironment['kind'], access: AccessLevel, problem: string | null): CatalogEnvironment {
  const { backend } = parseEnvRef(c.locator.ref);
  const p = c.profileEnv;
  return {
    ref: c.locator.ref,
    backend,
    kind,
    project: c.locator.project,
    env: c.locator.env,
    path: c.locator.path,
    access,
    source: c.source,
    requestable:
      access === 'requestable' && p
        ? { grantPolicy: p.grantPolicy ?? null, approvers: p.approvers, defaultTtl: p.defaultTtl ?? null, maxTtl: p.maxTtl ?? null }
        : null,
    problem,
  };
}

function roleEnvironments(profile: TeamProfile | null, role: string): string[] {
  const found = profile?.roles.find((r) => r.name === role);
  if (!found) {
    const names = profile?.roles.map((r) => r.name) ?? [];
    throw new AppError('NOT_FOUND', `The team profile has no role "${role}".`,
      names.length > 0 ? `Roles in the profile: ${names.join(', ')}.` : 'Import a team profile that defines roles: `latchkey profile import <file>`.');
  }
  return found.environments;
}
