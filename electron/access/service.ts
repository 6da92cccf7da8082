import type { AccessRequestView } from '../../shared/access';
import { parseEnvRef } from '../../shared/backends';
import { AppError } from '../../shared/errors';
import { type AccessSettings, type ProfileEnvironment, type TeamProfile } from '../../shared/profile';
import type { AuditRecord } from '../audit/audit-log';
import type { BackendRegistry } from '../catalog/backend-registry';
import { checkRef, profileEnvironment } from '../catalog/environment';
import type { ProfileStore } from '../config/profile-store';
import type { SecretsBackend } from '../backends/types';
import type { EventBus } from '../event-bus';
import type { DeviceIdentity } from '../identity/device';
import type { AccessBackend, Me } from './backend';
import { deviceAccessKeys, type DeviceAccessKeys } from './crypto';
import { createAccessBackend, type AccessBackendDeps } from './factory';
import type { GrantStore } from './grants';
import type { AccessStore } from './local-store';

export interface AccessServiceDeps {
  dataDir: string;
  store: AccessStore;
  grants: GrantStore;
  identity: DeviceIdentity;
  profiles: ProfileStore;
  registry: BackendRegistry;
  audit: { append(record: AuditRecord): Promise<unknown> };
  /** Ends the exports, mounts and runs made with a grant (give-back, revoke). Returns how many. */
  endExportsOfGrant(requestId: string): Promise<number>;
  events?: EventBus;
  now?: () => number;
  /** Tests: build the access side of an adapter differently. */
  accessBackend?: (adapter: SecretsBackend, settings: AccessSettings, deps: AccessBackendDeps) => AccessBackend;
}

export interface Listing {
  requests: AccessRequestView[];
  /** Per backend that could not be asked, why (the others are still listed). */
  problems: Array<{ backend: string; message: string }>;
}

/**
 * The shared core of the request flow (request-flow.ts, decide-flow.ts, requester-flow.ts): the team
 * profile, the per-backend access side, who we are on each backend, this device's keys, the audit log.
 */
export class AccessCore {
  private readonly backends = new Map<string, { key: string; backend: AccessBackend }>();
  private readonly whoami = new Map<string, Promise<Me>>();
  private keysMemo: Promise<DeviceAccessKeys> | undefined;

  constructor(readonly deps: AccessServiceDeps) {}

  now(): number {
    return (this.deps.now ?? Date.now)();
  }

  async profile(): Promise<TeamProfile> {
    const profile = await this.deps.profiles.load();
    if (!profile) {
      throw new AppError('NOT_FOUND', 'No team profile is imported, so there is nobody to ask for access.', 'Import the profile your team lead published.', { next: { action: 'profile-import' } });
    }
    return profile;
  }

  /** The profile's entry for a ref, which must name approvers: that is what makes it requestable. */
  async requestable(ref: string): Promise<{ profile: TeamProfile; env: ProfileEnvironment }> {
    checkRef(ref);
    const profile = await this.profile();
    const env = profileEnvironment(profile, ref);
    if (!env || env.approvers.length === 0) {
      throw new AppError('BAD_REQUEST', `${ref} cannot be requested: the team profile names no approvers for it.`,
        'Ask your team lead who grants it, or to add approvers for it in the profile.', { next: { action: 'list-envs' } });
    }
    return { profile, env };
  }

  approversOf(profile: TeamProfile): (ref: string) => string[] {
    return (ref) => profileEnvironment(profile, ref)?.approvers ?? [];
  }

  async adapter(name: string): Promise<SecretsBackend> {
    return this.deps.registry.get(name);
  }

  async backend(name: string, settings: AccessSettings): Promise<AccessBackend> {
    const adapter = await this.adapter(name);
    const key = JSON.stringify(settings);
    const cached = this.backends.get(name);
    if (cached && cached.key === key) return cached.backend;
    const environments = async () => (await this.profile()).environments.filter((e) => e.ref.startsWith(`${name}:`));
    const backend = (this.deps.accessBackend ?? createAccessBackend)(adapter, settings, { dataDir: this.deps.dataDir, environments });
    this.backends.set(name, { key, backend });
    return backend;
  }

  /** Where a backend's grants land (backend.ts): decides whether my own requests show this device's fingerprint. */
  async grantsTo(name: string, settings: AccessSettings): Promise<AccessBackend['grantsTo']> {
    try {
      return (await this.backend(name, settings)).grantsTo;
    } catch {
      return 'device';
    }
  }

  /** Who the backend says we are: asked once per process, remembered so a request can be drafted offline. */
  me(backend: AccessBackend): Promise<Me> {
    let found = this.whoami.get(backend.name);
    if (!found) {
      found = backend.whoami().then(async (me) => {
        await this.deps.store.update((data) => void (data.me[backend.name] = me));
        return me;
      });
      found.catch(() => this.whoami.delete(backend.name));
      this.whoami.set(backend.name, found);
    }
    return found;
  }

  async cachedMe(backend: string): Promise<Me | null> {
    return (await this.deps.store.read()).me[backend] ?? null;
  }

  keys(): Promise<DeviceAccessKeys> {
    this.keysMemo ??= deviceAccessKeys(this.deps.identity);
    return this.keysMemo;
  }

  async audit(record: AuditRecord): Promise<void> {
    await this.deps.audit.append(record);
  }

  /** Backends that hold environments the profile lets someone approve: where an inbox can be. */
  inboxBackends(profile: TeamProfile): string[] {
    return [...new Set(profile.environments.filter((e) => e.approvers.length > 0).map((e) => parseEnvRef(e.ref).backend))];
  }

  changed(): void {
    this.deps.events?.emit('access:changed', {});
  }
}

/** A request id, or the start of one: what people type. Ids are 16 lowercase hex characters. */
export function idPrefix(text: string): string {
  const prefix = text.trim().toLowerCase();
  if (!/^[a-f0-9]{4,16}$/.test(prefix)) {
    throw new AppError('BAD_REQUEST', `"${text}" is not a request id.`, 'Request ids are hex, e.g. 3f9c2a1b; give at least 4 characters.', { next: { action: 'list-requests' } });
  }
  return prefix;
}
