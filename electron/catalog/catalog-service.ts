import { parseEnvRef, type AccessLevel } from '../../shared/backends';
import type { CatalogEnvironment, SecretDescription } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import type { ProfileEnvironment, TeamProfile } from '../../shared/profile';
import type { EnvLocator, SecretsBackend } from '../backends/types';
import type { BackendsStore } from '../config/backends-store';
import { toAppError } from '../errors';
import type { BackendRegistry } from './backend-registry';
import { STALE_AFTER_DAYS, ageDays, checkRef, isRequestable, locatorFor, profileEnvironment } from './environment';
import type { ProfileStore } from '../config/profile-store';

/** Access grants this device holds (electron/access): reads of a granted ref use the grant's credential. */
export interface GrantSource {
  /**
   * An unexpired grant for `ref` (it may first collect one that was just approved), with its credential, or
   * null as credential when the grant is a privilege on the person's own session (read with their sign-in).
   * `boundTo`: the identity fingerprint of the backend the grant was received from (null for older records).
   */
  active(ref: string): Promise<{ requestId: string; expiresAt: string; credential: string | null; boundTo: string | null } | null>;
  /** Every unexpired grant, from local state only (no network). */
  list(): Promise<Array<{ ref: string; requestId: string; expiresAt: string }>>;
}

export interface CatalogDeps {
  profiles: ProfileStore;
  backends: BackendsStore;
  registry: BackendRegistry;
  grants?: GrantSource;
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

  /**
   * list() plus, per backend that could not be asked, why — even when it had no environment to show.
   * Linear in the number of environments (sets and maps, one pass each): 50,000 must list in a blink.
   */
  async scan(options: { role?: string } = {}): Promise<{ environments: CatalogEnvironment[]; problems: Array<{ backend: string; message: string }> }> {
    const profile = await this.deps.profiles.load();
    const roleRefs = options.role === undefined ? null : new Set(roleEnvironments(profile, options.role));
    const configured = await this.deps.backends.list();
    const byBackend = new Map<string, ProfileEnvironment[]>(configured.map((b) => [b.name, []]));
    for (const env of profile?.environments ?? []) {
      if (roleRefs && !roleRefs.has(env.ref)) continue;
      const name = parseEnvRef(env.ref).backend;
      const group = byBackend.get(name);
      if (group) group.push(env);
      else byBackend.set(name, [env]);
    }
    const known = new Set(configured.map((b) => b.name));
    const [groups, grants] = await Promise.all([
      Promise.all([...byBackend].map(([name, envs]) => this.listBackend(name, known.has(name), envs, roleRefs))),
      this.deps.grants?.list() ?? [],
    ]);
    return {
      environments: groups.flatMap((g) => g.rows).map((row) => withGrant(row, grants)),
      problems: groups.flatMap((g) => (g.problem === null ? [] : [{ backend: g.backend, message: g.problem }])),
    };
  }

  private async listBackend(name: string, configured: boolean, profileEnvs: ProfileEnvironment[], roleRefs: Set<string> | null) {
    const group = (rows: CatalogEnvironment[], problem: string | null) => ({ backend: name, rows, problem });
    const fromProfile = (adapter?: SecretsBackend): Candidate[] =>
      profileEnvs.map((env) => ({ locator: locatorFor(env.ref, env, adapter), source: 'profile', profileEnv: env }));
    if (!configured) {
      const problem = `Backend "${name}" is not configured: import the team profile again, or add the backend.`;
      return group(fromProfile().map((c) => row(c, null, 'unknown', problem)), problem);
    }
    let candidates: Candidate[] = fromProfile();
    try {
      const adapter = await this.deps.registry.get(name);
      candidates = fromProfile(adapter);
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
      return group(candidates.map((c) => row(c, kind, 'unknown', problem)), problem);
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
    // Own keys only: `toString` is a key only if the backend holds one.
    const value = Object.hasOwn(bundle.values, key) ? bundle.values[key] : undefined;
    if (value === undefined) {
      throw new AppError('NOT_FOUND', `${ref} has no key named "${key}".`, 'Check the key names of that environment.', { next: { action: 'describe', ref } });
    }
    return value;
  }

  /** The adapter to read `ref` with: the grant's when this device holds one for it, else the person's own. */
  async resolve(ref: string): Promise<{ adapter: SecretsBackend; locator: EnvLocator; grant: { requestId: string; expiresAt: string } | null }> {
    const profile = await this.deps.profiles.load();
    const { backend } = checkRef(ref);
    const grant = (await this.deps.grants?.active(ref)) ?? null;
    const adapter = grant?.credential
      ? await this.deps.registry.forGrant(backend, grant.credential, grant.requestId, grant.boundTo)
      : await this.deps.registry.get(backend);
    return { adapter, locator: locatorFor(ref, profileEnvironment(profile, ref), adapter), grant: grant && { requestId: grant.requestId, expiresAt: grant.expiresAt } };
  }
}

/** A ref this device holds a grant for reads as granted, until the grant's end. */
function withGrant(row: CatalogEnvironment, grants: Array<{ ref: string; requestId: string; expiresAt: string }>): CatalogEnvironment {
  const grant = grants.find((g) => g.ref === row.ref);
  return grant ? { ...row, access: 'granted', requestable: null, grant: { requestId: grant.requestId, expiresAt: grant.expiresAt } } : row;
}

/**
 * The backend decides `granted`; the profile turns "not granted" into `requestable` when it says who grants.
 * A backend that could not answer for one environment says `unknown`, and that stays unknown.
 */
function levelFor(fromBackend: AccessLevel | undefined, profileEnv: ProfileEnvironment | undefined): AccessLevel {
  if (fromBackend === 'granted' || fromBackend === 'unknown') return fromBackend;
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
      p && howToAsk(access, p)
        ? { grantPolicy: p.grantPolicy ?? null, approvers: p.approvers, defaultTtl: p.defaultTtl ?? null, maxTtl: p.maxTtl ?? null }
        : null,
    problem,
    grant: null,
  };
}

/** With access unknown, who grants it is still worth showing: the profile knows even when the backend is down. */
const howToAsk = (access: AccessLevel, p: ProfileEnvironment) => access === 'requestable' || (access === 'unknown' && isRequestable(p));

function roleEnvironments(profile: TeamProfile | null, role: string): string[] {
  const found = profile?.roles.find((r) => r.name === role);
  if (!found) {
    const names = profile?.roles.map((r) => r.name) ?? [];
    throw new AppError('NOT_FOUND', `The team profile has no role "${role}".`,
      names.length > 0 ? `Roles in the profile: ${names.join(', ')}.` : 'Import a team profile that defines roles.',
      names.length > 0 ? undefined : { next: { action: 'profile-import' } });
  }
  return found.environments;
}
