import type { AppInfo } from '../shared/contract';
import { isAppError } from '../shared/errors';
import { APP_VERSION } from './app-info';
import { AuditLog } from './audit/audit-log';
import { createBackend, type BackendDeps } from './backends/factory';
import type { Credentials } from './backends/types';
import { BackendRegistry, type BackendFactory } from './catalog/backend-registry';
import { CatalogService } from './catalog/catalog-service';
import { BackendsStore } from './config/backends-store';
import { ProfileStore } from './config/profile-store';
import { createEventBus, type EventBus } from './event-bus';
import { ExportLedger } from './exports/ledger';
import { ExportService } from './exports/service';
import { cacheTtlFrom, ValueCache } from './backends/cache';
import { ensurePrivateDir } from './fs/atomic';
import { DeviceIdentity } from './identity/device';
import { openSecretStore } from './identity/open-store';
import type { SecretStore } from './identity/secret-store';
import { scopeStore } from './identity/scoped-store';
import { createDispatch, type Dispatch, type Handlers } from './ipc-dispatch';
import { revealSecret } from './secrets/reveal';
import { SetupService } from './setup/setup-service';
import { AccessService } from './access/access-service';
import { GrantStore } from './access/grants';
import { accessHandlers } from './access/handlers';
import { AccessNotifier } from './access/notifier';
import { AccessStore } from './access/local-store';
import { ignoreExportPath } from './exports/gitignore-add';
import { queryAudit } from './audit/audit-query';
import { createDesktopServices } from './desktop/desktop-services';
import type { DesktopHooks } from './desktop/desktop-hooks';
import { BackendStatusService } from './setup/backend-status';
import { OnboardingService } from './onboarding/onboarding-service';
import { RoleStore } from './onboarding/role-store';
import { CliInstallService } from './cli-install/install-service';
import type { CliRuntime } from './cli-install/launcher';
import os from 'node:os';

export interface ServicesConfig {
  /** The data directory (see config/paths.ts). Tests pass a temp dir. */
  dataDir: string;
  env?: NodeJS.ProcessEnv;
  /** Inject a store (tests, or the CLI after unlocking the passphrase store). */
  secretStore?: SecretStore;
  /** Used only when the keychain is unavailable and a passphrase store exists. */
  askPassphrase?: () => Promise<string>;
  /** Tests: fake adapters instead of the real factory. */
  backendFactory?: BackendFactory;
  /** Tests: http options (request counter hook, short timeouts) for every real adapter. */
  backendHttp?: BackendDeps['http'];
  /**
   * Things the person should know that do not fail the call: a backend used over plain http:// to another
   * machine, an audit entry that could not be written. The CLI prints them on stderr.
   */
  warn?: (message: string) => void;
  /**
   * `check` (default: the app, `doctor`): make sure the device keypair exists with its private half in
   * the store, creating a new one if the keychain lost it. `create-if-missing` (other CLI commands):
   * create it only on first run (no device.json) — skips the keychain read and libsodium on every command.
   */
  deviceKey?: 'check' | 'create-if-missing';
  /** The Electron app: save dialog, file manager, clipboard (see desktop/desktop-hooks.ts). */
  desktop?: DesktopHooks;
  /** What runs the CLI shipped with this app, for "Install the latchkey command" (absent: nothing to install). */
  cliRuntime?: CliRuntime;
  /** Where a browser sign-in (Vault OIDC, Infisical user) opens its page; default: the system browser. */
  openBrowser?: (url: string) => Promise<void>;
  /** `npm run demo`: a fake team on throwaway servers (`app:info` says so, and the window shows DEMO). */
  demo?: boolean;
}

export interface Services {
  readonly config: Readonly<ServicesConfig>;
  readonly secrets: SecretStore;
  readonly identity: DeviceIdentity;
  /** backends.json: which backends this user talks to (no secrets). */
  readonly backends: BackendsStore;
  /** profile.json: the imported team profile. */
  readonly profiles: ProfileStore;
  /** One adapter per configured backend. */
  readonly registry: BackendRegistry;
  /** The hash-chained audit log. */
  readonly audit: AuditLog;
  /** Environments across backends, with this user's access to each. */
  readonly catalog: CatalogService;
  /** Day one: add/remove backends, sign in/out, import the team profile. */
  readonly setup: SetupService;
  /** Exports that expire: files, mounts, runs, the ledger and its sweeper. */
  readonly exports: ExportService;
  /** Secret values in memory for a TTL; `clear()` on `cache:clear`, sign-out and shutdown. */
  readonly cache: ValueCache;
  /** Access requests and approvals; grants it holds are read through the catalog. */
  readonly access: AccessService;
  /** Approved, denied, waiting for you, grant ending: `access:notification` events (the app starts its timer). */
  readonly accessNotifier: AccessNotifier;
  /** Each backend as its server answers now (reachable, sealed, signed in as whom): one model for every screen. */
  readonly status: BackendStatusService;
  /** The role chosen on day one and its checklist (the app's checklist and `latchkey onboard`). */
  readonly onboarding: OnboardingService;
  /** "Install the latchkey command": a launcher in a per-user bin folder. */
  readonly cliInstall: CliInstallService;
  /** Events for the window (`exports:expired`, …); main forwards them with createEventPush. */
  readonly events: EventBus;
  readonly handlers: Handlers;
  readonly dispatch: Dispatch;
  appInfo(): Promise<AppInfo>;
  close(): Promise<void>;
}

/**
 * The composition root: builds every service from a config. The Electron app, the CLI and the tests all
 * call this with different configs; nothing else holds state at module level.
 */
export async function createServices(config: ServicesConfig): Promise<Services> {
  const env = config.env ?? process.env;
  // First: a malformed LATCHKEY_CACHE_TTL is refused before anything is opened.
  const cache = new ValueCache({ ttlMs: cacheTtlFrom(env) });
  await ensurePrivateDir(config.dataDir);
  const secrets = scopeStore(
    config.secretStore ?? (await openSecretStore({ dataDir: config.dataDir, askPassphrase: config.askPassphrase })),
    config.dataDir,
  );
  const identity = new DeviceIdentity(config.dataDir, secrets);
  await ensureDeviceKey(identity, config.deviceKey ?? 'check');

  const backends = new BackendsStore(config.dataDir);
  const profiles = new ProfileStore(config.dataDir);
  const factory: BackendFactory =
    config.backendFactory ??
    // A grant adapter (its own in-memory store) keeps no session file and no cached values: it must never
    // touch the person's own session, and it must stop working the moment the grant ends.
    ((backend, grantStore) =>
      createBackend(backend, grantStore
        ? { secretStore: grantStore, http: config.backendHttp }
        : { secretStore: secrets, dataDir: config.dataDir, http: config.backendHttp, cache }));
  const registry = new BackendRegistry(backends, factory, { warn: config.warn });
  const audit = new AuditLog({ dataDir: config.dataDir, store: secrets, device: async () => (await identity.status()).fingerprint });
  const accessStore = new AccessStore(config.dataDir);
  const grants = new GrantStore(accessStore, secrets, backends);
  const catalog = new CatalogService({ profiles, backends, registry, grants });
  const status = new BackendStatusService({ backends, profiles, registry, secrets });
  // Any change to a backend (sign-in, sign-out, add, remove, import) makes its last status stale.
  const setup = new SetupService({ backends, profiles, registry, audit, secrets, warn: config.warn, changed: (name) => status.forget(name) });
  const events = createEventBus();
  const exports = new ExportService({ ledger: new ExportLedger(config.dataDir), catalog, profiles, registry, audit, events });

  const appInfo = async (): Promise<AppInfo> => ({
    name: 'Latchkey',
    version: APP_VERSION,
    dataDir: config.dataDir,
    platform: `${process.platform}-${process.arch}`,
    keychain: await secrets.status(),
    demo: config.demo === true,
  });

  const access = new AccessService({
    dataDir: config.dataDir,
    store: accessStore,
    grants,
    identity,
    profiles,
    registry,
    audit,
    endExportsOfGrant: (requestId) => exports.endGrant(requestId),
    events,
  });

  const desktop = createDesktopServices({ desktop: config.desktop, catalog, audit, exports });
  const onboarding = new OnboardingService({ profiles, roles: new RoleStore(config.dataDir), status, catalog, myRequests: () => access.list('mine') });
  const cliInstall = new CliInstallService({
    runtime: config.cliRuntime,
    platform: process.platform,
    home: (process.platform === 'win32' ? env.USERPROFILE : env.HOME) || os.homedir(),
    env,
    audit,
  });
  // A browser sign-in opens its page where the config says (tests: a Chromium page; else the system browser).
  const withBrowser = (credentials: Credentials): Credentials =>
    config.openBrowser && (credentials.method === 'oidc' || credentials.method === 'user') ? { ...credentials, openBrowser: config.openBrowser } : credentials;

  // Every IPC channel, in one table: the contract's compile-time check makes a missing one an error.
  const handlers: Handlers = {
    'app:info': () => appInfo(),
    'identity:status': () => identity.status(),
    'backends:list': () => setup.listBackends(),
    'backends:add': (input) => setup.addBackend(input),
    'backends:remove': (input) => setup.removeBackend(input.name),
    'backends:signIn': (input) => setup.signIn(input.backend, withBrowser(input.credentials)),
    'backends:signOut': (input) => setup.signOut(input.backend),
    'profile:show': async () => {
      const profile = await profiles.load();
      if (!profile) return null;
      const roles = profile.roles.map((r) => ({ name: r.name, environments: r.environments }));
      return { team: profile.team, roles, backends: profile.backends.map((b) => b.name), role: await onboarding.chosenRole(profile) };
    },
    'profile:import': (input) => setup.importProfile(input),
    'catalog:list': (input) => catalog.list({ role: input.role }),
    'secrets:describe': (input) => catalog.describe(input.ref),
    'secrets:reveal': (input) => revealSecret({ catalog, audit }, input.ref, input.key),
    ...accessHandlers(access),
    ...desktop.handlers,
    'exports:list': () => exports.list(),
    'exports:create': async (input) => {
      const { record: _record, ...created } = await exports.create(input);
      return created;
    },
    'exports:revoke': (input) => exports.revoke(input.id),
    'cache:clear': () => ({ cleared: cache.clear() }),
    'exports:extend': (input) => exports.extend(input.id, input.ttl),
    'exports:limits': (input) => exports.limits(input.ref),
    'exports:ignorePath': (input) => ignoreExportPath({ audit }, input.path),
    'audit:list': async (input) => queryAudit(await audit.list(), input),
    'audit:verify': () => audit.verify(),
    'backends:status': (input) => status.list({ refresh: input.refresh }),
    'onboarding:checklist': (input) => onboarding.checklist(input.role),
    'onboarding:chooseRole': (input) => onboarding.chooseRole(input.role),
    'cli:status': () => cliInstall.status(),
    'cli:install': () => cliInstall.install(),
  };

  return {
    config,
    secrets,
    identity,
    backends,
    profiles,
    registry,
    audit,
    catalog,
    setup,
    exports,
    cache,
    access,
    status,
    onboarding,
    cliInstall,
    accessNotifier: new AccessNotifier(access, events),
    events,
    handlers,
    dispatch: createDispatch(handlers),
    appInfo,
    // Audit lines still being written (an action that just finished) land before the process ends; values
    // leave memory (and the clipboard, if a copied one is still there) with it.
    close: async () => {
      await desktop.close();
      await audit.flush();
      cache.clear();
    },
  };
}

/** First run creates the device keypair. Without a keychain there is nowhere safe for the private half:
 *  carry on (status screens must still work) and let `identity:status` show it missing. */
async function ensureDeviceKey(identity: DeviceIdentity, mode: NonNullable<ServicesConfig['deviceKey']>): Promise<void> {
  try {
    if (mode === 'create-if-missing' && (await identity.status()).deviceKeyPresent) return;
    await identity.ensure();
  } catch (error) {
    if (!(isAppError(error) && error.code === 'KEYCHAIN_UNAVAILABLE')) throw error;
  }
}
