import { parseEnvRef, type BackendConfig } from '../../shared/backends';
import type { NextStep } from '../../shared/errors';
import type { BackendStatus } from '../../shared/onboarding';
import { hasBoundCredential } from '../backends/credential-binding';
import type { BackendHealth } from '../backends/types';
import type { BackendRegistry } from '../catalog/backend-registry';
import type { BackendsStore } from '../config/backends-store';
import type { ProfileStore } from '../config/profile-store';
import { toAppError } from '../errors';
import type { SecretStore } from '../identity/secret-store';

export interface StatusDeps {
  backends: BackendsStore;
  profiles: ProfileStore;
  registry: BackendRegistry;
  secrets: SecretStore;
  now?: () => Date;
  /** An answer younger than this is reused unless a refresh is asked for (several screens ask at once). */
  maxAgeMs?: number;
}

const DEFAULT_MAX_AGE_MS = 10_000;

/**
 * One status model for every backend, asked of the backend itself (its health(): reachable, sealed, does it
 * accept our sign-in, as whom, until when). Settings, the Environments notices, the day-one checklist and
 * `latchkey onboard` all read it, so no screen can say "Signed in" beside a token the server refuses: a
 * stored credential the server rejected is `refused`, never `signed-in`.
 */
export class BackendStatusService {
  private readonly checks = new Map<string, { key: string; at: number; status: Promise<BackendStatus> }>();

  constructor(private readonly deps: StatusDeps) {}

  /** Every configured backend (backends.json order), then those only the team profile names. */
  async list(options: { refresh?: boolean; only?: ReadonlySet<string> } = {}): Promise<BackendStatus[]> {
    const configured = await this.deps.backends.list();
    const profile = await this.deps.profiles.load();
    const named = new Set(configured.map((b) => b.name));
    const missing = new Set<string>();
    for (const b of profile?.backends ?? []) if (!named.has(b.name)) missing.add(b.name);
    for (const env of profile?.environments ?? []) {
      const { backend } = parseEnvRef(env.ref);
      if (!named.has(backend)) missing.add(backend);
    }
    const wanted = (name: string) => !options.only || options.only.has(name);
    return Promise.all([
      ...configured.filter((b) => wanted(b.name)).map((config) => this.status(config, options.refresh === true)),
      ...[...missing].filter(wanted).map((name) => notConfigured(name, this.now())),
    ]);
  }

  /** Drop what is known about a backend (after a sign-in, sign-out, add, remove or import). */
  forget(name?: string): void {
    if (name === undefined) this.checks.clear();
    else this.checks.delete(name);
  }

  private status(config: BackendConfig, refresh: boolean): Promise<BackendStatus> {
    // The config is part of the key: a re-pointed backend is a new question.
    const key = JSON.stringify(config);
    const known = this.checks.get(config.name);
    const maxAge = this.deps.maxAgeMs ?? DEFAULT_MAX_AGE_MS;
    if (known && known.key === key && !refresh && this.now().getTime() - known.at < maxAge) return known.status;
    const status = this.check(config);
    this.checks.set(config.name, { key, at: this.now().getTime(), status });
    // A failed check is not kept (check() never rejects, but stay safe): the next call asks again.
    status.catch(() => this.checks.delete(config.name));
    return status;
  }

  private async check(config: BackendConfig): Promise<BackendStatus> {
    const checkedAt = this.now().toISOString();
    const health: BackendHealth = await this.deps.registry
      .get(config.name)
      .then((adapter) => adapter.health())
      .catch((error: unknown) => ({ reachable: false, signedIn: false, detail: toAppError(error).message }));
    const base = { name: config.name, kind: config.kind, url: config.url, authMethod: config.auth.method, checkedAt, identity: null, expiresAt: null };
    const login: NextStep = { action: 'login', backend: config.name };
    if (!health.reachable) return { ...base, state: 'unreachable', detail: health.detail, next: { action: 'retry' } };
    if (health.sealed) return { ...base, state: 'sealed', detail: `${health.detail} Ask an operator to unseal it.`, next: { action: 'doctor' } };
    if (health.signedIn) {
      return {
        ...base,
        state: 'signed-in',
        identity: health.session?.identity ?? null,
        expiresAt: health.session?.expiresAt ?? null,
        detail: health.detail,
        next: null,
      };
    }
    // Only here does the keychain matter (a stored sign-in it did not accept, or none): read it only then.
    if (await hasBoundCredential(this.deps.secrets, config).catch(() => false)) {
      return {
        ...base,
        state: 'refused',
        detail: `${config.name} refused the saved sign-in: it was revoked or has expired. Sign in again.`,
        next: login,
      };
    }
    return { ...base, state: 'signed-out', detail: `You are not signed in to ${config.name}.`, next: login };
  }

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }
}

function notConfigured(name: string, now: Date): BackendStatus {
  return {
    name,
    kind: null,
    url: null,
    authMethod: null,
    state: 'not-configured',
    identity: null,
    expiresAt: null,
    detail: `The team profile uses "${name}", but this device has no backend of that name. Import the team profile again, or add the backend.`,
    checkedAt: now.toISOString(),
    next: { action: 'profile-import' },
  };
}
