import type { BackendSummary } from '../../shared/contract';
import { AuditLog } from '../audit/audit-log';
import { createBackend, type BackendDeps } from '../backends/factory';
import { tokenAccount } from '../backends/types';
import { BackendsStore } from '../config/backends-store';
import type { DeviceIdentity } from '../identity/device';
import type { SecretStore } from '../identity/secret-store';
import type { Handlers } from '../ipc-dispatch';
import { BackendRegistry, type BackendFactory } from './backend-registry';
import { revealSecret } from './audited-actions';
import { CatalogService, type GrantSource } from './catalog-service';
import { ProfileStore } from './profile-store';

export interface CatalogServicesConfig {
  dataDir: string;
  secrets: SecretStore;
  identity: DeviceIdentity;
  /** Tests: build adapters differently (fakes), or keep the real factory and pass http options. */
  backendFactory?: BackendFactory;
  /** Timeouts, retries and the request counter hook for every adapter the real factory builds. */
  backendHttp?: BackendDeps['http'];
  /** Access grants this device holds: reads of a granted ref use the grant's credential. */
  grants?: GrantSource;
}

export interface CatalogServices {
  backends: BackendsStore;
  profiles: ProfileStore;
  registry: BackendRegistry;
  catalog: CatalogService;
  audit: AuditLog;
  handlers: Pick<Handlers, 'backends:list' | 'profile:show' | 'catalog:list' | 'secrets:describe' | 'secrets:reveal'>;
}

/** Backends, team profile, catalog and the audit log, built for the composition root (services.ts). */
export function createCatalogServices(config: CatalogServicesConfig): CatalogServices {
  const backends = new BackendsStore(config.dataDir);
  const profiles = new ProfileStore(config.dataDir);
  const factory: BackendFactory =
    config.backendFactory ??
    // A grant adapter (own store) keeps no session file: it must never touch the person's own session.
    ((backend, store) => createBackend(backend, { secretStore: store ?? config.secrets, dataDir: store ? undefined : config.dataDir, http: config.backendHttp }));
  const registry = new BackendRegistry(backends, factory);
  const catalog = new CatalogService({ profiles, backends, registry, grants: config.grants });
  const audit = new AuditLog({
    dataDir: config.dataDir,
    store: config.secrets,
    device: async () => (await config.identity.status()).fingerprint,
  });

  const listBackends = async (): Promise<BackendSummary[]> =>
    Promise.all(
      (await backends.list()).map(async (b) => ({
        name: b.name,
        kind: b.kind,
        url: b.url,
        authMethod: b.auth.method,
        signedIn: (await config.secrets.get(tokenAccount(b.name)).catch(() => null)) !== null,
      })),
    );

  return {
    backends,
    profiles,
    registry,
    catalog,
    audit,
    handlers: {
      'backends:list': () => listBackends(),
      'profile:show': async () => {
        const profile = await profiles.load();
        return profile && { team: profile.team, roles: profile.roles.map((r) => ({ name: r.name, environments: r.environments })) };
      },
      'catalog:list': (input) => catalog.list({ role: input.role }),
      'secrets:describe': (input) => catalog.describe(input.ref),
      'secrets:reveal': (input) => revealSecret({ catalog, audit }, input.ref, input.key),
    },
  };
}
